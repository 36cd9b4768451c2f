"""The statements every respondent request runs, built once per process.

Every respondent request starts by finding its response. Asking the ORM for it with
`select_related` and `defer` was the costliest step of a page after waiting for the
database: Django builds that four-table SQL anew on every call (over a millisecond of CPU,
more than running it). The same holds, at about half a millisecond each, for reading a
response's answers (every page shown and sent) and for locking the response (every page
sent). These statements never change, so they are built once per process from the models'
fields, and the rows are turned into values and model instances the way the ORM does (the
fields' own conversions from the database, the left-out columns deferred, loaded only if
something asks for them).
"""

import functools
from collections.abc import Sequence

from django.db import connection
from django.db.models import Field, Model
from django.db.models.expressions import Col

from ervaring.accounts.models import Organisation
from ervaring.questionnaires.models import QuestionnaireVersion, Survey
from ervaring.responses.models import Answer, Response

#: (model, table alias, columns left out): the document is parsed once per process from
#: the cache (`get_document`), the logo (up to 500 kB) is never on a respondent page.
_TABLES: tuple[tuple[type[Model], str, frozenset[str]], ...] = (
    (Response, "r", frozenset()),
    (QuestionnaireVersion, "v", frozenset({"document"})),
    (Survey, "s", frozenset()),
    (Organisation, "o", frozenset({"logo"})),
)


def find_by_token(token: str) -> Response | None:
    """The response with this token, its version, survey and organisation attached."""
    sql, columns = _statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [token])
        row = cursor.fetchone()
    if row is None:
        return None
    response, version, survey, organisation = _instances(row, columns)
    survey.organisation = organisation
    response.version = version
    response.survey = survey
    return response


def answers_of(response_id: int) -> list[tuple[str, object, str]]:
    """Question id, value and "Anders" choice text of each of a response's answers."""
    sql, conversions = _answers_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [response_id])
        rows = cursor.fetchall()
    return [tuple(_converted(row, conversions)) for row in rows]


def locked_response(pk: int) -> Response:
    """The response row, locked `FOR UPDATE` until the transaction ends (where the database
    locks rows; SQLite holds the whole database for a writing transaction instead)."""
    sql, columns = _lock_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        raise Response.DoesNotExist(pk)
    return _instances(row, columns)[0]


#: Per field selected: its column and the conversions the ORM applies to a value from the
#: database (the backend's, then the field's own).
_Conversions = tuple[tuple[Col, list], ...]
#: Per table: the model, its selected fields and their conversions.
_Columns = tuple[tuple[type[Model], tuple[Field, ...], _Conversions], ...]


def _conversions(fields: Sequence[Field], alias: str) -> _Conversions:
    return tuple(
        (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
        for col in (f.get_col(alias) for f in fields)
    )


def _converted(row: Sequence[object], conversions: _Conversions) -> list[object]:
    values = []
    for (col, converters), value in zip(conversions, row, strict=True):
        for convert in converters:
            value = convert(value, col, connection)
        values.append(value)
    return values


@functools.cache
def _answers_statement() -> tuple[str, _Conversions]:
    quote = connection.ops.quote_name
    fields = [Answer._meta.get_field(name) for name in ("question_id", "value", "other_text")]
    response = quote(Answer._meta.get_field("response").column)
    columns = ", ".join(f"a.{quote(f.column)}" for f in fields)
    table = quote(Answer._meta.db_table)
    sql = f"SELECT {columns} FROM {table} a WHERE a.{response} = %s"  # noqa: S608 (model names)
    return sql, _conversions(fields, "a")


@functools.cache
def _lock_statement() -> tuple[str, _Columns]:
    quote = connection.ops.quote_name
    fields = tuple(Response._meta.concrete_fields)
    columns = ", ".join(f"r.{quote(f.column)}" for f in fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    table = quote(Response._meta.db_table)
    key = quote(Response._meta.pk.column)
    sql = f"SELECT {columns} FROM {table} r WHERE r.{key} = %s{lock}"  # noqa: S608 (model names)
    return sql, ((Response, fields, _conversions(fields, "r")),)


@functools.cache
def _statement() -> tuple[str, _Columns]:
    quote = connection.ops.quote_name
    columns = []
    for model, alias, left_out in _TABLES:
        fields = tuple(f for f in model._meta.concrete_fields if f.name not in left_out)
        columns.append((model, fields, _conversions(fields, alias)))
    selected = ", ".join(
        f"{alias}.{quote(f.column)}"
        for (_, alias, _), (_, fields, _) in zip(_TABLES, columns, strict=True)
        for f in fields
    )
    table = {model: quote(model._meta.db_table) for model, _, _ in _TABLES}
    sql = (
        f"SELECT {selected} FROM {table[Response]} r "  # noqa: S608 (names from the models)
        f"JOIN {table[QuestionnaireVersion]} v ON v.id = r.version_id "
        f"JOIN {table[Survey]} s ON s.id = r.survey_id "
        f"JOIN {table[Organisation]} o ON o.id = s.organisation_id "
        f"WHERE r.{quote(Response._meta.get_field('token').column)} = %s"
    )
    return sql, tuple(columns)


def _instances(row: Sequence[object], columns: _Columns) -> list[Model]:
    instances, start = [], 0
    for model, fields, conversions in columns:
        values = _converted(row[start : start + len(fields)], conversions)
        start += len(fields)
        instances.append(model.from_db(connection.alias, [f.attname for f in fields], values))
    return instances
