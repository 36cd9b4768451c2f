"""Running totals of a survey's answers, kept up to date as responses complete.

The dashboard used to rebuild the whole dataset after every new response (seconds at
100,000 responses, nearly all of it reading every answer). The design-based estimates it
shows need far less: with the design weights ``N_h / n_h`` every sum the estimators use
(:func:`ervaring.stats.design.build_cell_table`) is a count per group x stratum x answer
code times a per-stratum constant, and ``n_h`` is a count per stratum. So the counts are
kept, per *cell* (completion day, team, law, combination of provision groups) and per
question and answer: the day keeps date filters and the response charts exact, the team
and law are the filters, and the combination of provision groups determines both the
provision-group filter and the design stratum.

What is **not** stored is anything that depends on all responses together: which
combinations are a stratum of their own (:func:`dataset.assign_design_strata`), the
population per stratum, suppression and the pooling of strata. Those are decided each
time the figures are drawn, from the counts, by the same code as for the full dataset:
:func:`tally_dataset` turns the counts into a respondent-level frame that the estimators
cannot tell from the real one (within a cell every respondent has the same background,
and no dashboard figure combines two questions of one respondent), so every figure is
*equal* to the one from :func:`dataset.build_dataset`, through the one engine.

**When the counts change.** Responses sit below analysis in the layers and the project
uses no model signals for domain flow, so analysis registers :func:`on_completed` in
``responses.hooks`` (``AnalysisConfig.ready``), and the one place a response is completed
(``responses.services._complete``) runs it inside its locked transaction: the response and
its counts commit together or not at all. Code that changes an answer of a completed
response calls :func:`retally`, and code that deletes one calls :func:`untally` first
(none does today: a completed response cannot be edited); what a response added is kept
in :class:`TalliedResponse`, so exactly that is taken away. Anything that bypasses them
(a bulk import, a change by hand) is what :func:`find_drift` and ``ervaring tallies``
find and repair; until then the dashboard falls back to the full
dataset when the totals count other responses than the survey has.

**Read on every view: only the last days.** Counters of a day change after that day only
by a late change to a response completed on it (:func:`retally`, :func:`untally`) or a
:func:`rebuild`, and each of those raises the survey's :class:`TallyGeneration` in its own
transaction. So each process keeps the counters of the days before yesterday in memory
(:func:`current_tallies`), labelled with the generation it read *before* reading them, and
on each view reads the generation and only the counters from yesterday on. A change
committed in between at worst labels newer counters with the older generation, which the
next view reads again: never the other way round. Yesterday is read again too because a
completion that started just before midnight is counted on its own day without raising
the generation, and may commit after a view past midnight has already read that day.

**Race-free.** Counters change only with ``INSERT ... ON CONFLICT DO UPDATE SET n = n +
excluded.n``: two completions at the same moment each add their own 1, never read-then-write.
Rows are written in key order, so two transactions cannot deadlock on them. A rebuild
locks the survey row (``FOR UPDATE``) while every count change holds it ``FOR SHARE``, so
a completion either lands before the rebuild reads or after it writes.
"""

from __future__ import annotations

import json
import logging
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from ervaring.analysis.models import ResponseTally, TalliedResponse, TallyGeneration
from ervaring.fieldwork.models import Client
from ervaring.questionnaires import routing
from ervaring.questionnaires.document import Questionnaire
from ervaring.questionnaires.locking import hold_survey
from ervaring.questionnaires.models import QuestionnaireVersion, Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses.models import Answer, Response

logger = logging.getLogger(__name__)

#: Question types whose answers are counted (numbers are not on any dashboard).
TALLIED_TYPES = ("agree", "satisfaction", "yesno", "single", "multi")
#: ``question_id`` of the row that counts a cell's respondents.
RESPONDENTS = ""

#: Days read from the database on every view (today and yesterday); earlier days' counters
#: are kept in memory while the survey's tally generation stays the same.
RECENT_DAYS = 2

#: (day, team, law, provisions) of a cell, and with (question, value) of a counter.
CellKey = tuple[date, str, str, str]
TallyKey = tuple[date, str, str, str, str, str]


@dataclass(frozen=True)
class Contribution:
    """What one completed response adds: 1 to its cell, and 1 per counted answer."""

    day: date
    team: str
    law: str
    provisions: str
    answers: dict[str, str]

    @property
    def cell(self) -> CellKey:
        return (self.day, self.team, self.law, self.provisions)

    def keys(self) -> list[TallyKey]:
        cell = self.cell
        return [(*cell, RESPONDENTS, ""), *((*cell, q, v) for q, v in self.answers.items())]


def canonical(value: object) -> str:
    """One text per answer value, so that equal answers share a counter."""
    if isinstance(value, list):
        value = sorted(value, key=str)
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def provisions_text(attributes: Mapping[str, object]) -> str:
    """The respondent's provision groups as a sorted JSON list (as ``dataset`` reads them)."""
    groups = attributes.get("provision_groups") or ()
    if isinstance(groups, str):
        groups = (groups,)
    return json.dumps(sorted({str(g) for g in groups}))  # type: ignore[union-attr]


def contribution_of(
    questionnaire: Questionnaire,
    attributes: Mapping[str, object],
    completed_at: object,
    answers: Mapping[str, object],
) -> Contribution:
    """A response's contribution: its effective answers (routing applied, as the dataset
    does) to the counted question types, in its local completion day's cell."""
    effective = routing.effective_answers(questionnaire, attributes, answers)
    types = {q.id: q.type for q in questionnaire.questions()}
    return Contribution(
        day=timezone.localdate(completed_at),  # type: ignore[arg-type]
        team=str(attributes.get("team") or ""),
        law=str(attributes.get("law") or ""),
        provisions=provisions_text(attributes),
        answers={
            qid: canonical(value)
            for qid, value in effective.items()
            if types.get(qid) in TALLIED_TYPES
        },
    )


# --------------------------------------------------------------------------- writing


def retally(response_id: int) -> None:
    """Bring the counts in line with one response: take away what it added, add what it
    holds now (nothing when it is deleted or not completed). Locks the response row, so
    two re-counts of one response follow each other; call it inside the transaction that
    changed the response."""
    with transaction.atomic():
        response = (
            Response.objects.select_for_update(of=("self",))
            .select_related("version")
            .filter(pk=response_id)
            .first()
        )
        old = TalliedResponse.objects.filter(response_id=response_id).first()
        survey_id = response.survey_id if response else (old.survey_id if old else None)
        if survey_id is None:
            return
        new = None
        if response is not None and response.completed_at is not None:
            answers = dict(
                Answer.objects.filter(response_id=response_id).values_list("question_id", "value")
            )
            new = contribution_of(
                get_document(response.version),
                response.attributes or {},
                response.completed_at,
                answers,
            )
        before = _record_contribution(old) if old else None
        if before == new:
            return
        delta: Counter[TallyKey] = Counter(new.keys() if new else ())
        delta.subtract(before.keys() if before else ())
        hold_survey(survey_id)
        add(survey_id, delta)
        if new is None:
            TalliedResponse.objects.filter(response_id=response_id).delete()
        else:
            TalliedResponse.objects.update_or_create(
                response_id=response_id,
                defaults={
                    "survey_id": survey_id,
                    "day": new.day,
                    "team": new.team,
                    "law": new.law,
                    "provisions": new.provisions,
                    "answers": new.answers,
                },
            )


def untally(response: Response) -> None:
    """Take a response that is about to be deleted out of the counts."""
    old = TalliedResponse.objects.filter(response_id=response.pk).first()
    if old is None:
        return
    delta: Counter[TallyKey] = Counter()
    delta.subtract(_record_contribution(old).keys())
    hold_survey(old.survey_id)
    add(old.survey_id, delta)
    old.delete()


def add(survey_id: int, delta: Mapping[TallyKey, int]) -> None:
    """Add ``delta`` to the counters in one statement, atomically per counter.

    ``n = n + excluded.n`` is evaluated by the database on the row it has locked, so no
    concurrent increment is lost; the keys go in sorted order so that two transactions
    lock shared rows in the same order (no deadlock).
    """
    items = sorted((k, n) for k, n in delta.items() if n)
    if not items:
        return
    table = connection.ops.quote_name(ResponseTally._meta.db_table)
    day = connection.ops.adapt_datefield_value
    values = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s)"] * len(items))
    params: list[object] = []
    for (d, team, law, provisions, question, value), n in items:
        params += [survey_id, day(d), team, law, provisions, question, value, n]
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        if items[0][0][0] < timezone.localdate():  # an earlier day: kept in memory elsewhere
            # Before the counters, so that every writer takes this row first (no deadlock).
            raise_generation(survey_id)
        # The table name comes from the model; every value is a parameter.
        cursor.execute(
            f"INSERT INTO {table} (survey_id, day, team, law, provisions, question_id, value, n) "  # noqa: S608
            f"VALUES {values} ON CONFLICT (survey_id, day, team, law, provisions, question_id, "
            f"value) DO UPDATE SET n = {table}.n + excluded.n",
            params,
        )


def raise_generation(survey_id: int) -> None:
    """Tell every process that the survey's counters of earlier days changed (atomic, in
    the caller's transaction)."""
    table = connection.ops.quote_name(TallyGeneration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (survey_id, generation) VALUES (%s, 1) "  # noqa: S608
            f"ON CONFLICT (survey_id) DO UPDATE SET generation = {table}.generation + 1",
            [survey_id],
        )


def generation_of(survey_id: int) -> int:
    """The survey's tally generation (0 before its first rebuild or late change)."""
    found = TallyGeneration.objects.filter(survey_id=survey_id).values_list("generation", flat=True)
    return next(iter(found), 0)


def _record_contribution(record: TalliedResponse) -> Contribution:
    return Contribution(record.day, record.team, record.law, record.provisions, record.answers)


# --------------------------------------------------------------------------- rebuild, drift


def compute_contributions(survey: Survey) -> dict[int, Contribution]:
    """Every completed response's contribution, from scratch (reads every answer)."""
    responses = list(
        Response.objects.filter(survey=survey, completed_at__isnull=False).values_list(
            "pk", "version_id", "attributes", "completed_at"
        )
    )
    answers: dict[int, dict[str, object]] = defaultdict(dict)
    rows = Answer.objects.filter(
        response__survey=survey, response__completed_at__isnull=False
    ).values_list("response_id", "question_id", "value")
    for response_id, question_id, value in rows.iterator(chunk_size=5000):
        answers[response_id][question_id] = value
    versions = {v for _, v, *_ in responses}
    documents = {
        v.pk: get_document(v) for v in QuestionnaireVersion.objects.filter(pk__in=versions)
    }
    return {
        pk: contribution_of(documents[version], attributes or {}, completed_at, answers[pk])
        for pk, version, attributes, completed_at in responses
    }


def counts_of(contributions: Iterable[Contribution]) -> Counter[TallyKey]:
    counts: Counter[TallyKey] = Counter()
    for contribution in contributions:
        counts.update(contribution.keys())
    return counts


def stored_counts(survey: Survey) -> Counter[TallyKey]:
    rows = ResponseTally.objects.filter(survey=survey).exclude(n=0)
    return Counter(
        {
            (r[0], r[1], r[2], r[3], r[4], r[5]): r[6]
            for r in rows.values_list(
                "day", "team", "law", "provisions", "question_id", "value", "n"
            )
        }
    )


def rebuild(survey: Survey) -> int:
    """Recount the survey from scratch (after a bulk import, or drift); returns responses.

    Locks the survey row for the duration, so completions meanwhile wait and then add to
    the new counts (see the module docstring)."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        contributions = compute_contributions(survey)
        raise_generation(survey.pk)
        ResponseTally.objects.filter(survey=survey).delete()
        TalliedResponse.objects.filter(survey=survey).delete()
        ResponseTally.objects.bulk_create(
            (
                ResponseTally(
                    survey=survey,
                    day=k[0],
                    team=k[1],
                    law=k[2],
                    provisions=k[3],
                    question_id=k[4],
                    value=k[5],
                    n=n,
                )
                for k, n in sorted(counts_of(contributions.values()).items())
            ),
            batch_size=5000,
        )
        TalliedResponse.objects.bulk_create(
            (
                TalliedResponse(
                    response_id=pk,
                    survey=survey,
                    day=c.day,
                    team=c.team,
                    law=c.law,
                    provisions=c.provisions,
                    answers=c.answers,
                )
                for pk, c in contributions.items()
            ),
            batch_size=5000,
        )
    logger.info("tallies rebuilt", extra={"survey": survey.pk, "responses": len(contributions)})
    return len(contributions)


@dataclass(frozen=True)
class Drift:
    """A counter whose stored value differs from a count from scratch."""

    key: TallyKey
    stored: int
    actual: int


def find_drift(survey: Survey) -> list[Drift]:
    """Every counter that differs from a count from scratch (empty: the counts are right)."""
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        actual = counts_of(compute_contributions(survey).values())
        stored = stored_counts(survey)
    return [
        Drift(key, stored.get(key, 0), actual.get(key, 0))
        for key in sorted(set(actual) | set(stored))
        if stored.get(key, 0) != actual.get(key, 0)
    ]


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Tallies:
    """A survey's counters as read: respondents per cell, and per (question, value).

    ``read`` is how many counters came from the database for this view (the rest were
    kept in memory): what :func:`current_tallies` saves, and what its tests count.
    """

    respondents: dict[CellKey, int]
    answers: dict[str, list[tuple[CellKey, str, int]]]
    read: int = 0

    @property
    def total(self) -> int:
        return sum(self.respondents.values())

    def joined(self, later: Tallies) -> Tallies:
        """These counters and those of other (later) days: cells of different days are
        different cells, so nothing is added up, only put together."""
        answers = {
            question: self.answers.get(question, []) + later.answers.get(question, [])
            for question in self.answers.keys() | later.answers.keys()
        }
        return Tallies({**self.respondents, **later.respondents}, answers, self.read + later.read)


def read_tallies(
    survey: Survey, *, since: date | None = None, before: date | None = None
) -> Tallies:
    """The survey's non-zero counters (of the days from ``since`` and before ``before``,
    when given) in one query, as plain rows, no model instances."""
    table = connection.ops.quote_name(ResponseTally._meta.db_table)
    where, params = ["survey_id = %s", "n <> 0"], [survey.pk]
    for bound, condition in ((since, "day >= %s"), (before, "day < %s")):
        if bound is not None:
            where.append(condition)
            params.append(connection.ops.adapt_datefield_value(bound))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT CAST(day AS TEXT), team, law, provisions, question_id, value, n FROM {table} "  # noqa: S608
            f"WHERE {' AND '.join(where)}",
            params,
        )
        rows = cursor.fetchall()
    respondents: dict[CellKey, int] = {}
    answers: dict[str, list[tuple[CellKey, str, int]]] = defaultdict(list)
    cells: dict[tuple[str, str, str, str], CellKey] = {}  # one date and key per cell
    for day, team, law, provisions, question, value, n in rows:
        cell = cells.get((day, team, law, provisions))
        if cell is None:
            cell = (date.fromisoformat(day), team, law, provisions)
            cells[(day, team, law, provisions)] = cell
        if question == RESPONDENTS:
            respondents[cell] = n
        else:
            answers[question].append((cell, value, n))
    return Tallies(respondents, dict(answers), len(rows))


@dataclass(frozen=True)
class _Kept:
    """A survey's counters of the days before ``until``, read at ``generation``; ``created``
    tells a survey from a later one that got the same id (SQLite reuses a deleted one's)."""

    created: object
    generation: int
    until: date
    tallies: Tallies


#: Surveys whose earlier counters a process keeps (about 20 MB each at 100,000 responses).
MAX_KEPT = 16

_kept_lock = threading.Lock()
_kept: OrderedDict[int, _Kept] = OrderedDict()


def current_tallies(survey: Survey, generation: int | None = None) -> Tallies:
    """The survey's counters now, reading only the last :data:`RECENT_DAYS` days when the
    earlier ones are kept in this process at the survey's current generation.

    ``generation`` must have been read before this call (``snapshots`` reads it with the
    response state); it is read here when not given. Reading it before the counters is
    what makes the kept counters safe (module docstring).
    """
    if generation is None:
        generation = generation_of(survey.pk)
    until = timezone.localdate() - timedelta(days=RECENT_DAYS - 1)
    with _kept_lock:
        kept = _kept.get(survey.pk)
        if kept is not None:
            _kept.move_to_end(survey.pk)
    read_now = 0
    if kept is None or (kept.created, kept.generation, kept.until) != (
        survey.created_at,
        generation,
        until,
    ):
        kept = _Kept(survey.created_at, generation, until, read_tallies(survey, before=until))
        read_now = kept.tallies.read
        with _kept_lock:
            _kept[survey.pk] = kept
            while len(_kept) > MAX_KEPT:
                _kept.popitem(last=False)
    recent = read_tallies(survey, since=until)
    earlier = Tallies(kept.tallies.respondents, kept.tallies.answers, read_now)
    return earlier.joined(recent)


def forget(survey_id: int | None = None) -> None:
    """Drop the kept counters of one survey (or all): the next view reads every counter.
    For a total that disagrees with the responses, tests, and the benchmark."""
    with _kept_lock:
        if survey_id is None:
            _kept.clear()
        else:
            _kept.pop(survey_id, None)


def population_combinations(survey: Survey) -> Counter[tuple[str, ...]]:
    """The client list counted per combination of provision groups, grouped in SQL."""
    combinations: Counter[tuple[str, ...]] = Counter()
    rows = (
        Client.objects.filter(survey=survey)
        .values("provision_groups")
        .annotate(n=Count("pk"))
        .values_list("provision_groups", "n")
    )
    for groups, n in rows:
        combinations[tuple(sorted(set(groups or ())))] += n
    return combinations


# --------------------------------------------------------------------------- hook


def on_completed(response: Response) -> None:
    """Count a response that has just been completed (``responses.hooks``)."""
    retally(response.pk)


def connect() -> None:
    """Called once from ``AnalysisConfig.ready``: responses cannot import analysis."""
    from ervaring.responses import hooks

    hooks.register_after_completion(on_completed)
