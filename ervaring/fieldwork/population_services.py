"""Verbs for a survey's population: import it from a file, save column mappings, opt-outs.

Checking the file is done by the pure `fieldwork.population`; this module reads what it
needs from the database (teams, saved mappings), and writes the population in one
transaction only when the file has no problems at all.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes
from ervaring.fieldwork.models import Client, ColumnMapping, ContactDetails, Invitation, OptOut
from ervaring.fieldwork.population import cells, checking, fields, reading
from ervaring.questionnaires.models import Survey

BATCH_SIZE = 5000
CONTACT_FIELDS = tuple(
    f.name
    for f in ContactDetails._meta.get_fields()
    if f.concrete and f.name not in {"id", "client"}
)


class PopulationError(Exception):
    """The population cannot be imported at all now (the message is Dutch, for the user)."""


@dataclass
class ImportResult:
    """What an import did: `imported` is 0 whenever there were problems (nothing written)."""

    mapping: dict[str, str]
    problems: list[checking.Problem] = field(default_factory=list)
    rows_read: int = 0
    imported: int = 0
    merged_rows: int = 0
    already_present: int = 0  # append mode: clients the population had already

    @property
    def is_imported(self) -> bool:
        return not self.problems


def team_lookup(organisation: Organisation) -> dict[str, str]:
    """Normalised team slug and name -> slug, so a file may name a team either way."""
    lookup: dict[str, str] = {}
    for team in organisation.teams.all():
        lookup[fields.normalise_header(team.name)] = team.slug
        lookup[fields.normalise_header(team.slug)] = team.slug
    return lookup


def find_column_mapping(organisation: Organisation, name: str) -> ColumnMapping | None:
    return ColumnMapping.objects.filter(organisation=organisation, name=name).first()


def save_column_mapping(
    organisation: Organisation, name: str, mapping: Mapping[str, str], actor: Staff | None = None
) -> ColumnMapping:
    """Save (or replace) a named mapping for the organisation's next imports."""
    saved, _ = ColumnMapping.objects.update_or_create(
        organisation=organisation, name=name, defaults={"mapping": dict(mapping)}
    )
    log_event(
        "column_mapping_saved",
        organisation=organisation,
        actor=actor,
        target=name,
        fields=len(mapping),
    )
    return saved


def ensure_population_replaceable(survey: Survey) -> None:
    """Raise PopulationError once anyone has been invited: from then on the population is
    what the sample and the invitations were drawn from, and must stay as it is."""
    if Invitation.objects.filter(survey=survey).exists():
        raise PopulationError(
            "Er zijn al mensen uitgenodigd voor dit onderzoek. De populatie kan daarom niet "
            "meer worden vervangen."
        )


def import_population(
    survey: Survey,
    data: bytes,
    mapping: Mapping[str, str] | None = None,
    *,
    actor: Staff | None = None,
    actor_label: str = "",
    file_name: str = "",
    progress: Callable[[int, int], None] | None = None,
    today: date | None = None,
    append: bool = False,
) -> ImportResult:
    """Check a population file and, only if every row is right, replace the survey's
    population with it in one transaction.

    With `append` (continuous measurement) nothing is replaced: clients not yet in the
    population are added, dated today, for the next monthly cohort; clients already there are
    counted and left alone, so this month's export may overlap last month's.

    Without a mapping the suggested one (recognised headers) is used. Raises
    PopulationError when the file cannot be read or (when replacing) people have been
    invited already.
    """
    if not append:
        ensure_population_replaceable(survey)
    try:
        table = reading.read_table(data)
    except reading.PopulationFileError as error:
        raise PopulationError(str(error)) from error
    used_mapping = dict(mapping) if mapping is not None else fields.suggest_mapping(table.headers)
    options = cells.ParseOptions(
        survey_law=survey.law,
        teams=team_lookup(survey.organisation),
        today=today or timezone.localdate(),
    )
    parsed = checking.parse_population(table, used_mapping, options, progress)
    result = ImportResult(used_mapping, parsed.problems, parsed.rows_read)
    if not parsed.is_valid:
        return result
    records = parsed.clients
    with transaction.atomic():
        if append:
            present = set(Client.objects.filter(survey=survey).values_list("client_ref", flat=True))
            records = [r for r in parsed.clients if r.client_ref not in present]
            _add_clients(survey, records, today or timezone.localdate())
        else:
            ensure_population_replaceable(survey)
            Client.objects.filter(survey=survey).delete()
            _add_clients(survey, records, today or timezone.localdate())
        log_event(
            "population_imported",
            organisation=survey.organisation,
            actor=actor,
            actor_label=actor_label,
            target=survey.slug,
            file_name=file_name,
            rows=parsed.rows_read,
            clients=len(records),
            append=append,
        )
    result.imported = len(records)
    result.merged_rows = parsed.rows_read - len(parsed.clients)
    result.already_present = len(parsed.clients) - len(records)
    return result


def _add_clients(survey: Survey, records: list[checking.ClientRecord], added_on: date) -> None:
    teams = {team.slug: team for team in survey.organisation.teams.all()}
    for start in range(0, len(records), BATCH_SIZE):
        batch = records[start : start + BATCH_SIZE]
        clients = Client.objects.bulk_create(
            [
                Client(
                    survey=survey,
                    client_ref=record.client_ref,
                    law=record.law,
                    provision_groups=sorted(record.provision_groups),
                    birth_year=record.birth_year,
                    gender=record.gender,
                    team=teams.get(record.team),
                    district=record.district,
                    added_on=added_on,
                )
                for record in batch
            ]
        )
        ContactDetails.objects.bulk_create(
            [
                ContactDetails(
                    client=client, **{name: getattr(record, name) for name in CONTACT_FIELDS}
                )
                for client, record in zip(clients, batch, strict=True)
            ]
        )


def record_opt_outs(
    organisation: Organisation, client_refs: list[str], actor_label: str = ""
) -> int:
    """Add clients to the organisation's opt-out list; returns how many were new."""
    hashes = {codes.client_ref_hash(ref, settings.CODE_KEY) for ref in client_refs if ref.strip()}
    existing = set(
        OptOut.objects.filter(organisation=organisation, client_hash__in=hashes).values_list(
            "client_hash", flat=True
        )
    )
    new = hashes - existing
    with transaction.atomic():
        OptOut.objects.bulk_create(
            [OptOut(organisation=organisation, client_hash=h) for h in sorted(new)]
        )
        log_event(
            "opt_outs_recorded", organisation=organisation, actor_label=actor_label, count=len(new)
        )
    return len(new)


@dataclass(frozen=True)
class PopulationSummary:
    """What the population page shows: totals, per provision group, and contact coverage."""

    clients: int
    by_provision: list[tuple[str, int]]
    with_address: int
    with_email: int
    with_mobile: int
    has_invitations: bool


def summarise_population(survey: Survey) -> PopulationSummary:
    clients = Client.objects.filter(survey=survey)
    by_provision: dict[str, int] = {}
    for groups in clients.values_list("provision_groups", flat=True):
        for group in groups:
            by_provision[group] = by_provision.get(group, 0) + 1
    contacts = ContactDetails.objects.filter(client__survey=survey)
    return PopulationSummary(
        clients=clients.count(),
        by_provision=sorted(by_provision.items()),
        with_address=contacts.exclude(street="")
        .exclude(postcode="")
        .exclude(house_number="")
        .exclude(town="")
        .count(),
        with_email=contacts.exclude(email="", parent_email="").count(),
        with_mobile=contacts.exclude(mobile="", parent_mobile="").count(),
        has_invitations=Invitation.objects.filter(survey=survey).exists(),
    )
