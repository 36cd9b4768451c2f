"""Writing a checked population to the database: many clients, bounded time and memory.

A municipality's population can be a million rows. Django's `bulk_create` builds a model
instance and compiles every value of every row: for a million clients that took over ten
minutes. Here each batch is one multi-row INSERT with the values as they are, and the new
clients' ids are read back by client number (the unique constraint's index), so this works the
same on SQLite and PostgreSQL. Only `population_services` calls this, inside its transaction,
after the survey's row is locked and the file has passed every check.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from itertools import islice
from operator import attrgetter

from django.db import connection
from django.db.models import CharField, Model

from ervaring.fieldwork.models import Client, ContactDetails
from ervaring.fieldwork.population.records import ClientRecord
from ervaring.questionnaires.models import Survey

# Rows per INSERT: at 19 values a row, 19,000 parameters, below the limits of SQLite (32,766)
# and PostgreSQL (65,535).
BATCH_SIZE = 1000
CONTACT_FIELDS = tuple(
    f.name
    for f in ContactDetails._meta.get_fields()
    if f.concrete and f.name not in {"id", "client"}
)
_CONTACT_VALUES = attrgetter(*CONTACT_FIELDS)
# Text goes to the database as it is; any other value (the birth date) is prepared by its field.
_CONTACT_PREPARED = tuple(
    (index, ContactDetails._meta.get_field(name))
    for index, name in enumerate(CONTACT_FIELDS)
    if not isinstance(ContactDetails._meta.get_field(name), CharField)
)
CLIENT_COLUMNS = (
    "survey",
    "client_ref",
    "law",
    "provision_groups",
    "birth_year",
    "gender",
    "team",
    "district",
    "added_on",
)


def delete_clients(survey: Survey) -> None:
    """Delete the survey's population in two statements.

    `QuerySet.delete()` loads every client to find what refers to it, which for a large
    population holds them all in memory. The caller has checked, under the survey's lock,
    that no invitation refers to them; any other reference would make the database refuse.
    """
    client = _table(Client)
    contact = _table(ContactDetails)
    client_id = _column(ContactDetails, "client")
    survey_id = _column(Client, "survey")
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {contact} WHERE {client_id} IN "  # noqa: S608 (names, not values)
            f"(SELECT {_column(Client, 'id')} FROM {client} WHERE {survey_id} = %s)",
            [survey.pk],
        )
        cursor.execute(f"DELETE FROM {client} WHERE {survey_id} = %s", [survey.pk])  # noqa: S608


def add_clients(
    survey: Survey,
    records: Iterable[ClientRecord],
    added_on: date,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert the records as clients with their contact details; returns how many.

    `progress` is told the number written so far after every batch.
    """
    teams = dict(survey.organisation.teams.values_list("slug", "pk"))
    groups_field = Client._meta.get_field("provision_groups")
    groups: dict[tuple[str, ...], object] = {}  # a few combinations, each prepared once
    day = connection.ops.adapt_datefield_value(added_on)
    written = 0
    for batch in _batches(records, BATCH_SIZE):
        for record in batch:
            if record.provision_groups not in groups:
                groups[record.provision_groups] = groups_field.get_db_prep_save(
                    sorted(record.provision_groups), connection
                )
        _insert(
            Client,
            CLIENT_COLUMNS,
            [
                (
                    survey.pk,
                    record.client_ref,
                    record.law,
                    groups[record.provision_groups],
                    record.birth_year,
                    record.gender,
                    teams.get(record.team),
                    record.district,
                    day,
                )
                for record in batch
            ],
        )
        ids = _client_ids(survey, [record.client_ref for record in batch])
        _insert(
            ContactDetails,
            ("client", *CONTACT_FIELDS),
            [(ids[record.client_ref], *_contact_values(record)) for record in batch],
        )
        written += len(batch)
        if progress is not None:
            progress(written)
    return written


def _batches(records: Iterable[ClientRecord], size: int) -> Iterator[list[ClientRecord]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def _contact_values(record: ClientRecord) -> list[object]:
    values = list(_CONTACT_VALUES(record))
    for index, field in _CONTACT_PREPARED:
        values[index] = field.get_db_prep_save(values[index], connection)
    return values


def _insert(model: type[Model], names: Sequence[str], rows: Sequence[tuple[object, ...]]) -> None:
    columns = ", ".join(_column(model, name) for name in names)
    row = "(" + ", ".join(["%s"] * len(names)) + ")"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_table(model)} ({columns}) VALUES "  # noqa: S608 (names, not values)
            + ", ".join([row] * len(rows)),
            [value for values in rows for value in values],
        )


def _client_ids(survey: Survey, refs: Sequence[str]) -> dict[str, int]:
    places = ", ".join(["%s"] * len(refs))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {_column(Client, 'client_ref')}, {_column(Client, 'id')} "  # noqa: S608
            f"FROM {_table(Client)} "
            f"WHERE {_column(Client, 'survey')} = %s AND {_column(Client, 'client_ref')} "
            f"IN ({places})",
            [survey.pk, *refs],
        )
        return dict(cursor.fetchall())


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], name: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(name).column)
