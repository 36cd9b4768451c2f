"""Holding a survey still while one respondent's answers are stored.

Storing a page or sending a questionnaire must not overlap a change of the survey's state
(closing fieldwork, rebuilding its dashboard totals): those take the survey row ``FOR
UPDATE``. Respondents, though, must never wait for each other: locking the survey row
``FOR UPDATE`` with every page (as joining it into the response's lock did) made every
answered page of a survey wait in one queue. A shared lock gives both.
"""

from django.db import connection

from ervaring.questionnaires.models import Survey


def hold_survey(survey_id: int) -> None:
    """Hold the survey row ``FOR SHARE`` until the transaction ends (PostgreSQL; SQLite has
    one writer at a time anyway). Take it before any response's lock, in that order
    everywhere, as closing does (survey first), so the two never wait for each other."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(_held("1"), [survey_id])


def hold_survey_row(survey_id: int) -> Survey:
    """`hold_survey`, returning the survey as held: storing a page needs its state anyway,
    and reading it in the statement that takes the lock saves a round trip on every page a
    respondent sends (a third of a page's time is waiting for the database)."""
    if connection.vendor != "postgresql":
        return Survey.objects.get(pk=survey_id)
    return next(iter(Survey.objects.raw(_held("*"), [survey_id])))


def _held(columns: str) -> str:
    table = connection.ops.quote_name(Survey._meta.db_table)
    return f"SELECT {columns} FROM {table} WHERE id = %s FOR SHARE"  # noqa: S608
