"""A survey's dataset and result rows, kept in memory until a response changes.

Building the dataset reads every answer (seconds at 100,000 responses) and the result rows
take a pass over it per question, while a dashboard is opened and refreshed far more often
than a response arrives. So both are cached per process, keyed by the survey's *state*:
the count, the highest id and the latest change of its completed responses, read in one
aggregate query, and the tally generation (raised by a rebuild of the running totals or a
late change to an earlier day's counters). Any new, completed or edited response (every
save of an answer touches ``Response.updated_at``) changes the state, so a figure is
never older than the data.

The cache is an in-process LRU dict, not Django's cache: a LocMem cache would pickle the
DataFrame on every read, and a shared cache would ship megabytes per request. A new state
costs one rebuild per web process; the dashboard does not wait for that: it draws its
figures from the running totals (``analysis.tallies``), kept up to date as responses
complete.

The state reads only the index on (survey, completed_at): a response counts from the moment
it is completed. An answer changed *after* completion (a correction) shows once another
response arrives; an index on ``Response(survey, updated_at)`` would let the state include
such edits at the same cost.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Max, Subquery
from django.utils import timezone

from ervaring.analysis import results as res
from ervaring.analysis.dataset import ANALYSED_TYPES, SurveyDataset, build_dataset, question_spec
from ervaring.analysis.models import TalliedResponse, TallyGeneration
from ervaring.analysis.tallies import (
    Tallies,
    current_tallies,
    forget,
    population_combinations,
)
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses.models import Response
from ervaring.stats import StratifiedDesign

logger = logging.getLogger(__name__)
#: Entries kept per process (datasets and row lists together).
MAX_ENTRIES = 64

_lock = threading.Lock()
_entries: OrderedDict[Hashable, object] = OrderedDict()


@dataclass(frozen=True)
class Snapshot:
    """The dataset at one state, with what every view of it needs besides.

    ``completed_on`` holds each frame row's local completion date (numpy ``datetime64[D]``,
    in frame order), for periods and the response-over-time charts; ``design`` is the
    full sample's design, built once.
    """

    state: str
    dataset: SurveyDataset
    completed_on: np.ndarray
    design: StratifiedDesign
    #: Frame rows of the given response ids (-1 when not in the frame); None: the frame's
    #: index holds the response ids.
    locate: Callable[[Sequence[int]], np.ndarray] | None = None

    def positions_of(self, response_ids: Sequence[int]) -> np.ndarray:
        """Frame rows of these responses (-1 for those not in it), for counts of coded
        themes per team: one query for a snapshot drawn from the tallies."""
        if self.locate is not None:
            return self.locate(response_ids)
        return self.dataset.frame.index.get_indexer(list(response_ids))

    @property
    def scale_questions(self) -> tuple[res.QuestionSpec, ...]:
        return tuple(q for q in self.dataset.questions if q.type in res.SCALE_TYPES)


def get_state(survey: Survey) -> str:
    """The survey's response state; it changes whenever a figure could."""
    return _state(survey)[0]


def _state(survey: Survey) -> tuple[str, int, int]:
    """The state, the completed responses and the tally generation, in one query: an
    aggregate over the index on (survey, completed_at) with the generation as a subquery
    (none without completed responses: 0, which at worst reads the counters once more).
    The generation is part of the state because a late change to an earlier day's counters
    changes figures without changing the responses' count or latest completion."""
    figures = Response.objects.filter(survey=survey, completed_at__isnull=False).aggregate(
        n=Count("pk"),
        last=Max("pk"),
        completed=Max("completed_at"),
        generation=Max(
            Subquery(TallyGeneration.objects.filter(survey_id=survey.pk).values("generation"))
        ),
    )
    generation = figures["generation"] or 0
    completed = figures["completed"].timestamp() if figures["completed"] else 0
    state = (
        f"{survey.pk}:{survey.min_group_size}:{figures['n']}:{figures['last']}:{completed}"
        f":{generation}"
    )
    return state, figures["n"], generation


def get_dashboard_snapshot(survey: Survey) -> Snapshot:
    """The survey's figures at its current state, drawn from the running totals.

    Costs a few queries and some milliseconds per new state instead of reading every
    answer (:mod:`ervaring.analysis.tallies`; only the last days' counters are read, the
    earlier ones are kept), so a page never needs a stale snapshot. Falls back to the full
    dataset, with a warning in the log, when the totals do not count the same responses as
    the state (responses written in bulk without a rebuild: ``ervaring tallies --rebuild``)
    or the survey has no current questionnaire.
    """
    state, count, generation = _state(survey)
    key = ("tally-snapshot", state)
    with _lock:
        cached = _entries.get(key)
    if cached is not None:
        return cached  # type: ignore[return-value]
    tallies = current_tallies(survey, generation)
    if tallies.total != count:
        # A completion may have committed between the two reads, or one that began before
        # midnight after the kept days were read: read everything again, once.
        forget(survey.pk)
        state, count, generation = _state(survey)
        tallies = current_tallies(survey, generation)
        if tallies.total != count:
            logger.warning(
                "tallies count %s responses, the survey %s: full dataset used; run "
                "`ervaring tallies --rebuild`",
                tallies.total,
                count,
                extra={"survey": survey.pk},
            )
            return get_snapshot(survey, state)
    if survey.current_version_id is None:
        return get_snapshot(survey, state)
    return remember(("tally-snapshot", state), lambda: _tally_snapshot(survey, state, tallies))


def _tally_snapshot(survey: Survey, state: str, tallies: Tallies) -> Snapshot:
    from ervaring.analysis.tally_frames import tally_frame

    document = get_document(survey.current_version)
    questions = tuple(
        spec
        for spec in (question_spec(q) for q in document.questions())
        if spec.type in ANALYSED_TYPES and spec.type != "number"
    )
    built = tally_frame(
        tallies, questions, population_combinations(survey), min_n=survey.min_group_size
    )

    def locate(response_ids: Sequence[int]) -> np.ndarray:
        cells = dict(
            (pk, (day, team, law, provisions))
            for pk, day, team, law, provisions in TalliedResponse.objects.filter(
                response_id__in=list(response_ids)
            ).values_list("response_id", "day", "team", "law", "provisions")
        )
        return built.positions([cells.get(pk) for pk in response_ids])

    design = res.build_design(built.dataset.frame, built.dataset.population)
    return Snapshot(state, built.dataset, built.completed_on, design, locate)


def get_snapshot(survey: Survey, state: str | None = None) -> Snapshot:
    """The survey's dataset at its current state: from memory, or built (six queries)."""
    state = state or get_state(survey)
    return remember(("snapshot", state), lambda: _build_snapshot(survey, state))


def remember[T](key: Hashable, compute: Callable[[], T]) -> T:
    """The cached value for ``key``, computed once; keys must include the state."""
    with _lock:
        if key in _entries:
            _entries.move_to_end(key)
            return _entries[key]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _entries[key] = value
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    """Forget everything, the kept tally counters too (tests, and the benchmark's uncached
    baseline)."""
    with _lock:
        _entries.clear()
    forget()


def _build_snapshot(survey: Survey, state: str) -> Snapshot:
    dataset = build_dataset(survey)
    completed = dict(
        Response.objects.filter(survey=survey, completed_at__isnull=False).values_list(
            "pk", "completed_at"
        )
    )
    days = [timezone.localdate(completed[pk]) for pk in dataset.frame.index]
    completed_on = np.array(days, dtype="datetime64[D]") if days else np.array([], "datetime64[D]")
    design = res.build_design(dataset.frame, dataset.population)
    return Snapshot(state, dataset, completed_on, design)
