"""A professional invites a client right after a conversation.

The professional finds the client in the survey's population by client number (exact: no
list of names to browse), or types a mobile number or e-mail address, and chooses SMS or
e-mail. The invitation gets channel "via professional", the professional's team (on the
invitation and in the attributes the response carries), and the outbox message goes out through
the worker within a minute.

The organisation's case system invites the same way through the API (`ervaring.api`), as an
`Inviter` that names the team and is logged under its key: the same rules, one write path.

Privacy: the response never names the professional. The team is the smallest unit results
are shown for; which professional invited whom is in the audit log only (accountability for
the use of contact data), and per professional only a count is shown.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone

from ervaring.accounts.models import Staff, Team
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes, eligibility, outbox
from ervaring.fieldwork.attributes import client_attributes
from ervaring.fieldwork.models import Channel, Client, Invitation, OptOut
from ervaring.fieldwork.services import AlreadyInvited, create_invitation
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import ALLOWED, Action
from ervaring.questionnaires.models import Survey


class InviteError(Exception):
    """The client cannot be invited (the message is Dutch, for the professional); `code`
    names the rule, so that the API can answer each in its own way."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Inviter:
    """Who invites after a conversation: a professional for their own team, or the
    organisation's case system (through the API) for the team it names.

    `staff` is the person, if any; `label` names the case system in the audit log, and
    `event` is the audit action.
    """

    organisation_id: int
    team: Team | None
    staff: Staff | None = None
    label: str = ""
    event: str = "client_invited_by_professional"

    @classmethod
    def professional(cls, staff: Staff) -> "Inviter":
        return cls(staff.organisation_id, staff.team, staff=staff)  # type: ignore[arg-type]


@dataclass(frozen=True)
class QuickInvitation:
    invitation: Invitation
    channel: str
    masked_address: str


def open_surveys(staff: Staff) -> QuerySet[Survey]:
    """The surveys of the professional's organisation that are in fieldwork."""
    return Survey.objects.filter(
        organisation_id=staff.organisation_id, status__in=sorted(ALLOWED[Action.QUICK_INVITE])
    ).order_by("name")


def mask(address: str) -> str:
    """Enough to recognise the address on screen, not enough to read it off."""
    if "@" in address:
        name, _, domain = address.partition("@")
        return f"{name[:2]}•••@{domain}"
    return f"•••{address[-4:]}"


def _find_client(survey: Survey, client_ref: str) -> Client:
    client = (
        Client.objects.filter(survey=survey, client_ref=client_ref)
        .select_related("contact", "team")
        .first()
    )
    if client is None:
        raise InviteError(
            "Dit cliëntnummer staat niet in het bestand van dit onderzoek.", "not_in_population"
        )
    if OptOut.objects.filter(
        organisation_id=survey.organisation_id,
        client_hash=codes.client_ref_hash(client_ref, settings.CODE_KEY),
    ).exists():
        raise InviteError(
            "Deze cliënt wil niet meedoen aan onderzoek. Stuur geen uitnodiging.", "opted_out"
        )
    if client.invitations.exists():
        raise InviteError(
            "Deze cliënt heeft voor dit onderzoek al een uitnodiging gekregen.", "already_invited"
        )
    return client


def _attributes(
    survey: Survey, inviter: Inviter, client: Client | None, provision_group: str
) -> dict[str, object]:
    """What the response will carry: the population's attributes when we know the client,
    and always the inviter's team (not the professional).

    Without a client, the provision group the contact was about (when the inviter knows it,
    as a case system does) routes the questionnaire's block for it.
    """
    team = inviter.team.slug if inviter.team else ""
    if client is None:
        attributes = client_attributes(
            law=survey.law,
            provision_groups=(provision_group,) if provision_group else (),
            age=None,
            team=team,
            district="",
            youth_self_from_age=survey.youth_self_from_age,
        )
    else:
        contact = getattr(client, "contact", None)
        age = eligibility.age_on(
            contact.birth_date if contact else None, client.birth_year, timezone.localdate()
        )
        attributes = client_attributes(
            law=client.law,
            provision_groups=client.provision_groups,
            age=age,
            team=team,
            district=client.district,
            youth_self_from_age=survey.youth_self_from_age,
        )
    attributes["invited_by"] = "professional"
    return attributes


def invite_after_conversation(
    survey: Survey,
    inviter: Staff | Inviter,
    *,
    client_ref: str,
    address: str,
    channel: str,
    provision_group: str = "",
) -> QuickInvitation:
    """Create the invitation and queue its message; the worker sends it on commit.

    A staff member invites as a professional of their own team. A typed address wins over
    the population's (the client may prefer another number). A provision group given for a
    client in the population must be one of the client's there: the file is the truth about
    what the client receives, and a case system that disagrees has the wrong client.
    """
    if isinstance(inviter, Staff):
        inviter = Inviter.professional(inviter)
    if survey.organisation_id != inviter.organisation_id:
        raise InviteError("Voor dit onderzoek kunt u nu niemand uitnodigen.", "not_found")
    if not survey.allows(Action.QUICK_INVITE):
        raise InviteError(
            lifecycle.refusal(survey.status, Action.QUICK_INVITE), "survey_not_in_fieldwork"
        )
    client = _find_client(survey, client_ref) if client_ref else None
    if client is not None and provision_group and provision_group not in client.provision_groups:
        raise InviteError(
            "Deze cliënt heeft volgens het bestand van dit onderzoek die voorziening niet.",
            "provision_group_mismatch",
        )
    attributes = _attributes(survey, inviter, client, provision_group)
    if not address and client is not None:
        role = str(attributes["respondent_role"])
        address = outbox.address_for(getattr(client, "contact", None), role, channel)
    if not address:
        what = "mobiel nummer" if channel == Channel.SMS else "e-mailadres"
        raise InviteError(
            f"Van deze cliënt is geen {what} bekend. Vul het hieronder in.", "no_address"
        )
    with transaction.atomic():
        try:
            issued = create_invitation(
                survey, attributes, Channel.PROFESSIONAL, client=client, team=inviter.team
            )
        except AlreadyInvited as error:
            raise InviteError(str(error), "already_invited") from error
        outbox.queue_message(issued.invitation, channel, address)
        log_event(
            inviter.event,
            organisation=survey.organisation,
            actor=inviter.staff,
            actor_label=inviter.label,
            target=survey.slug,
            channel=channel,
            invitation=issued.invitation.pk,
        )
    return QuickInvitation(issued.invitation, channel, mask(address))


def invitations_by_professional(survey: Survey) -> list[tuple[str, int]]:
    """How many clients each professional invited (a count, for the project leader)."""
    counts = (
        Staff.objects.filter(
            auditevent__action="client_invited_by_professional",
            auditevent__target=survey.slug,
            organisation_id=survey.organisation_id,
        )
        .annotate(n=Count("auditevent"))
        .order_by("-n")
    )
    return [(staff.get_full_name() or staff.get_username(), staff.n) for staff in counts]
