"""The response behind a code, with its version, survey and organisation, in one statement.

Every respondent request starts by finding its response. Asking the ORM for it with
`select_related` and `defer` was the costliest step of a page after waiting for the
database: Django builds that four-table SQL anew on every call (over a millisecond of CPU,
more than running it). The statement never changes, so it is built once per process from the
models' fields, and the rows are turned into model instances the way the ORM does (the
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
from ervaring.responses.models import Response

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


#: Per table: the model, its selected fields, and per field the conversions the ORM applies
#: to a value from the database (the backend's, then the field's own), with their column.
_Columns = tuple[tuple[type[Model], tuple[Field, ...], tuple[tuple[Col, list], ...]], ...]


@functools.cache
def _statement() -> tuple[str, _Columns]:
    quote = connection.ops.quote_name
    columns = []
    for model, alias, left_out in _TABLES:
        fields = tuple(f for f in model._meta.concrete_fields if f.name not in left_out)
        conversions = tuple(
            (col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))
            for col in (f.get_col(alias) for f in fields)
        )
        columns.append((model, fields, conversions))
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
        values = []
        for (col, converters), value in zip(
            conversions, row[start : start + len(fields)], strict=True
        ):
            for convert in converters:
                value = convert(value, col, connection)
            values.append(value)
        start += len(fields)
        instances.append(model.from_db(connection.alias, [f.attname for f in fields], values))
    return instances
