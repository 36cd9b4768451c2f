"""Verbs of the accounts domain: organisations, teams, staff and the audit log."""

from django.contrib.auth import password_validation
from django.db import transaction
from django.http import Http404
from django.utils.text import slugify

from ervaring.accounts import audit, permissions
from ervaring.accounts.models import AuditEvent, Organisation, Role, Staff, Team


def get_organisation(slug: str) -> Organisation:
    """Return the organisation with this slug or raise Organisation.DoesNotExist."""
    return Organisation.objects.get(slug=slug)


def log_event(
    action: str,
    *,
    organisation: Organisation | None,
    actor: Staff | None = None,
    actor_label: str = "",
    target: str = "",
    **details: object,
) -> AuditEvent:
    """Record one staff action; call it in the same transaction as the action itself.

    The event joins its organisation's hash chain once that transaction commits
    (`ervaring.accounts.audit`); an action rolled back leaves no event and no link.
    """
    event = AuditEvent.objects.create(
        action=action,
        organisation=organisation,
        actor=actor if isinstance(actor, Staff) else None,
        actor_label=actor_label or (actor.get_username() if isinstance(actor, Staff) else ""),
        target=target,
        details=details,
    )
    audit.seal_after_commit()
    return event


def create_staff(
    organisation: Organisation,
    username: str,
    password: str,
    role: Role,
    team: Team | None = None,
    **fields: str,
) -> Staff:
    """Create a staff member; team roles must name a team of the same organisation.

    The password must pass the installation's validators (AUTH_PASSWORD_VALIDATORS, the same
    as for changing and resetting one): a ValidationError with Dutch messages otherwise.
    """
    if team is not None and team.organisation_id != organisation.pk:
        raise ValueError("The team belongs to another organisation.")
    candidate = Staff(username=username, organisation=organisation, role=role, team=team, **fields)
    password_validation.validate_password(password, candidate)
    return Staff.objects.create_user(
        username=username,
        password=password,
        organisation=organisation,
        role=role,
        team=team,
        **fields,
    )


def get_staff_to_manage(user: object, pk: int) -> Staff:
    """A staff member of the user's own organisation whom the user (a beheerder) manages;
    anything else, including another organisation's staff, is a 404."""
    if not permissions.can_manage_staff(user):
        raise Http404
    person = Staff.objects.filter(pk=pk, organisation_id=user.organisation_id).first()  # type: ignore[attr-defined]
    if person is None:
        raise Http404
    return person


def set_staff_email(staff: Staff, email: str, *, actor: Staff) -> Staff:
    """Change a staff member's e-mail address (their own, or by their beheerder), logged.

    The caller has checked the permission; the address itself is not logged, only that it
    changed and whether it is now empty, because the audit log is read by more people.
    """
    email = Staff.objects.normalize_email(email.strip())  # the domain part in lower case
    if email == staff.email:
        return staff
    with transaction.atomic():
        staff.email = email
        staff.save(update_fields=["email"])
        log_event(
            "staff.email_changed",
            organisation=staff.organisation,
            actor=actor,
            target=staff.get_username(),
            is_empty=not email,
        )
    return staff


def update_organisation(
    organisation: Organisation,
    form_fields: dict[str, object],
    logo: bytes | None,
    remove_logo: bool,
    actor: Staff,
) -> Organisation:
    """The one write path of what respondents and clients see of the organisation; logged
    with the names of the fields that changed (not their values: the log is for who did what)."""
    changed = [name for name, value in form_fields.items() if getattr(organisation, name) != value]
    for name, value in form_fields.items():
        setattr(organisation, name, value)
    if logo is not None:
        organisation.logo, changed = logo, [*changed, "logo"]
    elif remove_logo and organisation.logo:
        organisation.logo, changed = b"", [*changed, "logo"]
    with transaction.atomic():
        organisation.save()
        log_event(
            "organisation.changed",
            organisation=organisation,
            actor=actor,
            target=organisation.slug,
            fields=",".join(changed),
        )
    return organisation


class StaffChangeError(ValueError):
    """The change would leave the organisation without a way in; the message says why."""


def change_staff(
    person: Staff, role: Role, team: Team | None, is_active: bool, *, actor: Staff
) -> Staff:
    """A beheerder changes a colleague's role or team, or switches the account off; logged.

    An account switched off can no longer log in and its open sessions end at their next
    request (Django checks ``is_active``). A beheerder cannot switch off or demote themselves,
    so an organisation never loses its last way in through a slip of the mouse.
    """
    if person.pk == actor.pk and (role != Role.BEHEERDER or not is_active):
        raise StaffChangeError(
            "U kunt uw eigen rol niet veranderen en uw eigen account niet uitzetten. Vraag dat "
            "aan een andere beheerder."
        )
    if role in {Role.TEAMLEIDER, Role.PROFESSIONAL} and team is None:
        raise StaffChangeError("Een teamleider of professional hoort bij een team. Kies het team.")
    if team is not None and team.organisation_id != person.organisation_id:
        raise StaffChangeError("Dat team hoort bij een andere organisatie.")
    before = (person.role, person.team_id, person.is_active)
    with transaction.atomic():
        person.role, person.team, person.is_active = role, team, is_active
        person.save(update_fields=["role", "team", "is_active"])
        log_event(
            "staff.changed",
            organisation=person.organisation,
            actor=actor,
            target=person.get_username(),
            role=str(role),
            team=team.slug if team else "",
            active=is_active,
            was=f"{before[0]}/{before[1] or ''}/{'actief' if before[2] else 'uit'}",
        )
    return person


def save_team(organisation: Organisation, name: str, *, team: Team | None, actor: Staff) -> Team:
    """A new team, or a team renamed. The short name (used in files and addresses) is made
    once from the first name and never changes, so earlier files and dashboards still match."""
    name = " ".join(name.split())
    clash = organisation.teams.filter(name__iexact=name)
    if team is not None:
        clash = clash.exclude(pk=team.pk)
    if clash.exists():
        raise ValueError(f"Er is al een team dat ‘{name}’ heet.")
    with transaction.atomic():
        if team is None:
            team = Team.objects.create(
                organisation=organisation, name=name, slug=_free_team_slug(organisation, name)
            )
            log_event("team.created", organisation=organisation, actor=actor, target=name)
        elif team.name != name:
            old, team.name = team.name, name
            team.save(update_fields=["name"])
            log_event("team.renamed", organisation=organisation, actor=actor, target=name, was=old)
    return team


def _free_team_slug(organisation: Organisation, name: str) -> str:
    base = slugify(name)[:45] or "team"
    taken = set(organisation.teams.values_list("slug", flat=True))
    return next(s for s in (base, *(f"{base}-{n}" for n in range(2, 1000))) if s not in taken)
