"""What a survey's population holds, for the pages that act on it: totals, provision groups,
and who can be reached how.

A letter needs a complete address; a client without one is reached only by e-mail or SMS, or
not at all. The import says so when it happens, and the sample and letter steps say it again
before anything is drawn or printed, because by then it is the last moment to fix the file.
"""

from dataclasses import dataclass

from django.db.models import Q

from ervaring.fieldwork.models import Client, ContactDetails, Invitation
from ervaring.questionnaires.models import Survey

_ADDRESS = ("street", "house_number", "postcode", "town")


def _has_address(prefix: str) -> Q:
    return Q(**{f"contact__{prefix}{name}__gt": "" for name in _ADDRESS})


HAS_ADDRESS = _has_address("") | _has_address("parent_")
HAS_EMAIL_OR_MOBILE = (
    Q(contact__email__gt="")
    | Q(contact__mobile__gt="")
    | Q(contact__parent_email__gt="")
    | Q(contact__parent_mobile__gt="")
)


@dataclass(frozen=True)
class AddressGaps:
    """Clients a letter cannot reach, and of them those no channel reaches."""

    clients: int
    without_address: int
    without_any_channel: int

    @property
    def warning(self) -> str:
        """The Dutch warning for the sample and letter steps; '' when every client has one."""
        if not self.without_address:
            return ""
        text = (
            f"{self.without_address} van de {self.clients} cliënten hebben geen volledig adres "
            "(straat, huisnummer, postcode en woonplaats) en kunnen geen brief krijgen."
        )
        if self.without_any_channel:
            text += (
                f" {self.without_any_channel} van hen hebben ook geen e-mailadres of mobiel "
                "nummer: zij krijgen geen uitnodiging. Vul de adressen aan in het bestand en lees "
                "het opnieuw in, zolang er nog niemand is uitgenodigd."
            )
        return text


def address_gaps(survey: Survey) -> AddressGaps:
    clients = Client.objects.filter(survey=survey)
    without = clients.exclude(HAS_ADDRESS)
    return AddressGaps(
        clients=clients.count(),
        without_address=without.count(),
        without_any_channel=without.exclude(HAS_EMAIL_OR_MOBILE).count(),
    )


@dataclass(frozen=True)
class PopulationSummary:
    """What the population page shows: totals, per provision group, and contact coverage."""

    clients: int
    by_provision: list[tuple[str, int]]
    with_address: int
    with_email: int
    with_mobile: int
    has_invitations: bool
    gaps: AddressGaps


def summarise_population(survey: Survey) -> PopulationSummary:
    clients = Client.objects.filter(survey=survey)
    by_provision: dict[str, int] = {}
    for groups in clients.values_list("provision_groups", flat=True):
        for group in groups:
            by_provision[group] = by_provision.get(group, 0) + 1
    contacts = ContactDetails.objects.filter(client__survey=survey)
    gaps = address_gaps(survey)
    return PopulationSummary(
        clients=gaps.clients,
        by_provision=sorted(by_provision.items()),
        with_address=gaps.clients - gaps.without_address,
        with_email=contacts.exclude(email="", parent_email="").count(),
        with_mobile=contacts.exclude(mobile="", parent_mobile="").count(),
        has_invitations=Invitation.objects.filter(survey=survey).exists(),
        gaps=gaps,
    )
