"""Verbs for a survey's population: import it from a file, save column mappings, opt-outs.

Checking the file is done by the pure `fieldwork.population` package; this module reads what
it needs from the database (teams, saved mappings, the questionnaire's provision groups, the
organisation's earlier provision choices), and writes the population in one transaction only
when the file has no problems at all and every provision name has a group.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import codes, population_writer
from ervaring.fieldwork.models import (
    Client,
    ColumnMapping,
    Invitation,
    OptOut,
    ProvisionChoice,
)
from ervaring.fieldwork.population import cells, checking, fields, provisions, reading, table
from ervaring.fieldwork.population.records import ClientRecord, Notice, Problem
from ervaring.fieldwork.services import lock_survey
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document

#: The steps `progress` is told about, with the rows (or clients) done and the total expected.
READING, WRITING = "reading", "writing"
Progress = Callable[[str, int, int], None]


class PopulationError(Exception):
    """The population cannot be imported at all now (the message is Dutch, for the user)."""


@dataclass
class ImportResult:
    """What checking (and perhaps importing) a file found.

    Nothing is written while there are `problems` or provision names no group was found or
    chosen for (`unmatched`); `imported` is 0 then. `notices` (incomplete addresses, for
    instance) are shown with the result but do not stop the import.
    """

    mapping: dict[str, str]
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    imported: int = 0
    merged_rows: int = 0
    already_present: int = 0  # append mode: clients the population had already
    notices: tuple[Notice, ...] = ()
    provision_matches: tuple[provisions.NameMatch, ...] = ()

    @property
    def unmatched(self) -> tuple[provisions.NameMatch, ...]:
        return tuple(match for match in self.provision_matches if not match.is_matched)

    @property
    def needs_provision_choices(self) -> bool:
        return not self.problems and bool(self.unmatched)

    @property
    def is_imported(self) -> bool:
        return not self.problems and not self.unmatched


def team_lookup(organisation: Organisation) -> dict[str, str]:
    """Normalised team slug and name -> slug, so a file may name a team either way."""
    lookup: dict[str, str] = {}
    for team in organisation.teams.all():
        lookup[fields.normalise_header(team.name)] = team.slug
        lookup[fields.normalise_header(team.slug)] = team.slug
    return lookup


def find_column_mapping(organisation: Organisation, name: str) -> ColumnMapping | None:
    """The organisation's saved mapping of this name. A name with a NUL character has none
    (no form stores one), and is not asked for: PostgreSQL refuses it even in a comparison."""
    if "\x00" in name:
        return None
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


def provision_catalogue(survey: Survey) -> provisions.Catalogue:
    """The provision groups a file for this survey may use: its questionnaire's blocks first."""
    version = survey.current_version
    questionnaire = get_document(version) if version is not None else None
    return provisions.catalogue_for(questionnaire, survey.law)


def saved_provision_choices(organisation: Organisation) -> dict[str, str]:
    return dict(
        ProvisionChoice.objects.filter(organisation=organisation).values_list("name_key", "group")
    )


def ensure_population_replaceable(survey: Survey) -> None:
    """Raise PopulationError once anyone has been invited: from then on the population is
    what the sample and the invitations were drawn from, and must stay as it is."""
    if Invitation.objects.filter(survey=survey).exists():
        raise PopulationError(
            "Er zijn al mensen uitgenodigd voor dit onderzoek. De populatie kan daarom niet "
            "meer worden vervangen."
        )


def check_population(
    survey: Survey,
    data: bytes | BinaryIO,
    mapping: Mapping[str, str] | None = None,
    *,
    provision_choices: Mapping[str, str] | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> tuple[ImportResult, Collection[ClientRecord]]:
    """Read and check a file without writing anything: the result, and the records ready to
    write (empty unless the result allows importing; made one at a time as they are read).

    `data` is the file's bytes or a seekable binary file (see `reading.read_table`).
    `provision_choices` maps a provision name (as in the file, or its key) to a group slug or
    `provisions.NO_BLOCK`. Without a mapping the suggested one (recognised headers) is used.
    `progress` is told (READING, rows read, rows expected) now and then. Raises
    PopulationError when the file cannot be read.
    """
    reported = None if progress is None else lambda done, total: progress(READING, done, total)
    try:
        table_ = reading.read_table(data)
        used_mapping = (
            dict(mapping) if mapping is not None else fields.suggest_mapping(table_.headers)
        )
        options = cells.ParseOptions(
            survey_law=survey.law,
            teams=team_lookup(survey.organisation),
            today=today or timezone.localdate(),
        )
        parsed = checking.parse_population(table_, used_mapping, options, reported)
    except table.PopulationFileError as error:
        raise PopulationError(str(error)) from error
    chosen = {provisions.name_key(name): group for name, group in (provision_choices or {}).items()}
    matches = provisions.match_names(
        parsed.provision_counts(),
        provision_catalogue(survey),
        chosen=chosen,
        saved=saved_provision_choices(survey.organisation),
    )
    result = ImportResult(
        used_mapping,
        list(parsed.problems),
        parsed.rows_read,
        notices=parsed.notices,
        provision_matches=matches,
    )
    if not result.is_imported:
        return result, ()
    records = checking.assign_groups(parsed, {match.key: match.group for match in matches})
    result.merged_rows = parsed.rows_read - len(records)
    return result, records


def import_population(
    survey: Survey,
    data: bytes | BinaryIO,
    mapping: Mapping[str, str] | None = None,
    *,
    provision_choices: Mapping[str, str] | None = None,
    actor: Staff | None = None,
    actor_label: str = "",
    file_name: str = "",
    progress: Progress | None = None,
    today: date | None = None,
    append: bool = False,
) -> ImportResult:
    """Check a population file and, only if every row is right and every provision name has
    a group, replace the survey's population with it in one transaction (see
    `check_population` for the arguments).

    With `append` (continuous measurement) nothing is replaced: clients not yet in the
    population are added, dated today, for the next monthly cohort; clients already there are
    counted and left alone, so this month's export may overlap last month's. Provision groups
    chosen now are saved for the organisation's next files. `progress` is told about reading,
    then (WRITING, clients written, clients to write) after every batch. Raises
    PopulationError when the file cannot be read or (when replacing) people have been invited
    already.
    """
    if not append:
        ensure_population_replaceable(survey)
    result, records = check_population(
        survey,
        data,
        mapping,
        provision_choices=provision_choices,
        progress=progress,
        today=today,
    )
    if not result.is_imported:
        return result
    added_on = today or timezone.localdate()
    with transaction.atomic():
        survey = lock_survey(survey, Action.IMPORT_POPULATION, PopulationError)
        if append:
            present = set(Client.objects.filter(survey=survey).values_list("client_ref", flat=True))
            new = [r for r in records if r.client_ref not in present]
        else:
            ensure_population_replaceable(survey)
            population_writer.delete_clients(survey)
            new = records
        total = len(new)
        written = population_writer.add_clients(
            survey,
            new,
            added_on,
            None if progress is None else lambda done: progress(WRITING, done, total),
        )
        _save_provision_choices(survey, result.provision_matches, actor)
        log_event(
            "population_imported",
            organisation=survey.organisation,
            actor=actor,
            actor_label=actor_label,
            target=survey.slug,
            file_name=file_name,
            rows=result.rows_read,
            clients=written,
            append=append,
        )
    result.imported = written
    result.already_present = len(records) - written
    return result


def _save_provision_choices(
    survey: Survey, matches: Sequence[provisions.NameMatch], actor: Staff | None
) -> None:
    """Keep the groups chosen in this import (where they differ from what the name would
    get anyway) for the organisation's next files."""
    catalogue = provision_catalogue(survey)
    for match in matches:
        if match.how != provisions.CHOSEN:
            continue
        is_own = match.group == provisions.own_group(match.label, catalogue)
        ProvisionChoice.objects.update_or_create(
            organisation=survey.organisation,
            name_key=match.key,
            defaults={
                "label": match.label[:200],
                "group": provisions.NO_BLOCK if is_own else match.group,
            },
        )
        log_event(
            "provision_choice_saved",
            organisation=survey.organisation,
            actor=actor,
            target=match.label[:100],
            group=match.group,
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
