"""Inviting a staff member: an account without a password, and an e-mail with a link to set one.

Nobody else ever knows the new member's password, and the password rules apply to it like
to every other (the link opens the password-reset page, whose form validates). The link is
Django's reset token: it works once (setting a password changes what the token is made of)
and expires after PASSWORD_RESET_TIMEOUT. Also how the first beheerder of a new
organisation gets in (:func:`create_organisation`, the `create-organisation` command).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ervaring.accounts.models import Organisation, Role, Staff, Team
from ervaring.accounts.services import log_event


class InvitationError(ValueError):
    """The invitation cannot be made; the message says why, in Dutch."""


def set_password_link(person: Staff) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("accounts:password-reset-confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.PUBLIC_BASE_URL}{path}"


def invite_staff(
    organisation: Organisation,
    username: str,
    email: str,
    role: Role,
    team: Team | None = None,
    *,
    first_name: str = "",
    last_name: str = "",
    actor: Staff | None = None,
    actor_label: str = "",
) -> Staff:
    """Create the account (no usable password) and mail the link to set one; logged."""
    if not email:
        raise InvitationError("Zonder e-mailadres kan de uitnodiging niet verstuurd worden.")
    if Staff.objects.filter(username=username).exists():
        raise InvitationError(f"De gebruikersnaam '{username}' bestaat al. Kies een andere.")
    if role in {Role.TEAMLEIDER, Role.PROFESSIONAL} and team is None:
        raise InvitationError("Een teamleider of professional hoort bij een team. Kies het team.")
    if team is not None and team.organisation_id != organisation.pk:
        raise InvitationError("Dat team hoort bij een andere organisatie.")
    with transaction.atomic():
        person = Staff(
            username=username,
            email=email,
            organisation=organisation,
            role=role,
            team=team,
            first_name=first_name,
            last_name=last_name,
        )
        person.set_unusable_password()
        person.save()
        log_event(
            "staff.invited",
            organisation=organisation,
            actor=actor,
            actor_label=actor_label,
            target=username,
            role=str(role),
        )
    name = person.get_full_name() or username
    send_mail(
        f"Uw account bij Ervaring voor {organisation.name}",
        f"Beste {name},\n\n"
        f"U heeft een account bij Ervaring, het cliëntervaringsonderzoek van "
        f"{organisation.name}, als {person.get_role_display().lower()}. Uw gebruikersnaam is "
        f"{username}.\n\nKies uw wachtwoord via deze link:\n{set_password_link(person)}\n\n"
        "De link werkt één keer en is drie dagen geldig. Daarna logt u in; beheerders en "
        "onderzoekers stellen dan ook een tweede factor in (een app op de telefoon).\n",
        None,
        [email],
    )
    return person


def create_organisation(
    slug: str,
    name: str,
    beheerder: str,
    email: str,
    *,
    first_name: str = "",
    last_name: str = "",
    actor: Staff | None = None,
    actor_label: str = "",
) -> tuple[Organisation, Staff]:
    """A new organisation with its first beheerder, who is invited by e-mail. All or nothing:
    a refused beheerder (a username in use) leaves no organisation behind."""
    if Organisation.objects.filter(slug=slug).exists():
        raise InvitationError(f"Er is al een organisatie met de korte naam '{slug}'.")
    with transaction.atomic():
        organisation = Organisation.objects.create(slug=slug, name=name)
        log_event(
            "organisation.created",
            organisation=organisation,
            actor=actor,
            actor_label=actor_label,
            target=slug,
        )
        person = invite_staff(
            organisation,
            beheerder,
            email,
            Role.BEHEERDER,
            first_name=first_name,
            last_name=last_name,
            actor=actor,
            actor_label=actor_label,
        )
    return organisation, person
