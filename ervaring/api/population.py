"""Uploading a survey's population file through the API: the staff import, as JSON.

The body of the call is the file itself (CSV or XLSX, as exported from the case system). It is
checked and imported by `fieldwork.population_services.import_population`, all or nothing,
exactly as on the staff pages and by `ervaring import-population`; this module reads the
call's options, keeps the file out of memory while it arrives, and turns the result into JSON:
every problem with its row, column and Dutch message, provision names without a group with a
suggestion, and what was imported.

The import runs inside the call, so files are capped at `MAX_BYTES` (about 100,000 rows,
seconds to import); a bigger file goes through the staff pages, which import it in the
background worker.
"""

import tempfile
from collections.abc import Mapping
from typing import BinaryIO

from django.http import HttpRequest, QueryDict

from ervaring.api.errors import ApiError, invalid
from ervaring.api.models import ApiKey
from ervaring.fieldwork import population_services as services
from ervaring.fieldwork.population import provisions
from ervaring.fieldwork.population.limits import megabytes
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey

MAX_BYTES = 10 * 1024 * 1024
CHUNK = 64 * 1024
# Spooled files stay in memory up to this size, then move to a temporary file.
IN_MEMORY = 1024 * 1024


def read_upload(request: HttpRequest) -> BinaryIO:
    """The body as a seekable file, read in chunks; 413 past MAX_BYTES, 400 when empty."""
    declared = request.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        raise _too_big()
    spooled = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115 - returned
    size = 0
    while chunk := request.read(CHUNK):
        size += len(chunk)
        if size > MAX_BYTES:
            spooled.close()
            raise _too_big()
        spooled.write(chunk)
    if size == 0:
        spooled.close()
        raise ApiError(
            400,
            "empty_file",
            "Stuur het bestand (CSV of Excel) als inhoud van het verzoek.",
            "Send the file (CSV or XLSX) as the request body.",
            field="file",
        )
    spooled.seek(0)
    return spooled  # type: ignore[return-value]


def _too_big() -> ApiError:
    return ApiError(
        413,
        "file_too_big",
        f"Via de API kan een bestand tot {megabytes(MAX_BYTES)}. Lees een groter bestand in "
        "op de pagina Populatie, of splits het.",
        f"The API takes files up to {MAX_BYTES // (1024 * 1024)} MB; import a bigger one on "
        "the staff pages, or split it.",
        field="file",
    )


def read_options(survey: Survey, query: QueryDict) -> tuple[dict[str, str] | None, dict, bool]:
    """The saved mapping, the provision choices (`provision=NAME=GROUP`, repeatable) and
    `append`, each checked; 422 naming the parameter otherwise."""
    mapping = None
    if name := query.get("mapping", ""):
        saved = services.find_column_mapping(survey.organisation, name)
        if saved is None:
            raise invalid(
                "mapping",
                "Er is geen opgeslagen koppeling met deze naam.",
                "No saved column mapping has this name.",
            )
        mapping = dict(saved.mapping)
    append = query.get("append", "false")
    if append not in {"true", "false"}:
        raise invalid("append", "Kies true of false.", "Choose true or false.")
    return mapping, _provision_choices(survey, query.getlist("provision")), append == "true"


def _provision_choices(survey: Survey, given: list[str]) -> dict[str, str]:
    catalogue = services.provision_catalogue(survey)
    choices = {}
    for item in given:
        name, sep, group = item.rpartition("=")
        name, group = name.strip(), group.strip()
        if not sep or not name:
            raise invalid(
                "provision",
                "Schrijf NAAM=GROEP, bijvoorbeeld Hbh=huishoudelijke_hulp.",
                "Write NAME=GROUP.",
            )
        if group != provisions.NO_BLOCK and catalogue.find(group) is None:
            raise invalid(
                "provision",
                f"Deze groep kent het onderzoek niet: {group}.",
                f"The survey does not know this group: {group}.",
            )
        choices[name] = group
    return choices


def check_allowed(survey: Survey, append: bool) -> None:
    """409 with the Dutch reason when the survey's state or its invitations forbid it."""
    if not survey.allows(Action.IMPORT_POPULATION):
        raise ApiError(
            409,
            "survey_closed",
            lifecycle.refusal(survey.status, Action.IMPORT_POPULATION),
            "The survey is closed: its population can no longer change.",
        )
    if not append:
        try:
            services.ensure_population_replaceable(survey)
        except services.PopulationError as error:
            raise ApiError(
                409,
                "already_invited",
                str(error),
                "People have been invited, so the population can no longer be replaced; "
                "add new clients with append=true.",
                field="append",
            ) from None


def import_file(
    api_key: ApiKey,
    survey: Survey,
    file: BinaryIO,
    options: tuple[dict[str, str] | None, Mapping[str, str], bool],
) -> dict[str, object]:
    """Import the file (all or nothing) and describe what happened; 422 with every problem
    when nothing was imported."""
    mapping, choices, append = options
    try:
        result = services.import_population(
            survey,
            file,
            mapping,
            provision_choices=choices,
            actor_label=f"API-sleutel {api_key.prefix}",
            file_name="api",
            append=append,
        )
    except services.PopulationError as error:
        raise ApiError(
            422, "unreadable_file", str(error), "The file cannot be read.", field="file"
        ) from None
    if not result.is_imported:
        raise PopulationRefused(survey, result)
    return {
        "imported": result.imported,
        "already_present": result.already_present,
        "rows_read": result.rows_read,
        "merged_rows": result.merged_rows,
        "append": append,
        "mapping": result.mapping,
        "notices": [
            {"message_nl": n.message, "count": n.count, "rows": list(n.rows)}
            for n in result.notices
        ],
    }


class PopulationRefused(ApiError):
    """422 with the file's problems, and the provision names that need a group."""

    def __init__(self, survey: Survey, result: services.ImportResult) -> None:
        if result.problems:
            super().__init__(
                422,
                "population_problems",
                f"Er staan {len(result.problems)} fouten in het bestand; er is niets ingelezen.",
                f"The file has {len(result.problems)} problems; nothing was imported.",
                field="file",
            )
        else:
            super().__init__(
                422,
                "unmatched_provisions",
                "Voor sommige voorzieningen in het bestand is geen groep bekend; er is niets "
                "ingelezen. Kies ze met provision=NAAM=GROEP.",
                "Some provision names have no group; nothing was imported. Choose them with "
                "provision=NAME=GROUP.",
                field="provision",
            )
        self.extra = {
            "problems": [
                {"row": p.row, "column": p.column, "message_nl": p.message, "value": p.value}
                for p in result.problems
            ],
            "unmatched_provisions": [
                {"name": m.label, "clients": m.clients, "suggestion": m.suggestion or None}
                for m in result.unmatched
            ],
            "groups": [g.slug for g in services.provision_catalogue(survey).groups]
            + [provisions.NO_BLOCK],
        }
