"""Coded themes by breakdown: per code and group, how many respondents mention it.

The table book shows every code of the codebook as a variable, by every breakdown. Counts
are of respondents, as in the report's open-answer chapter (:mod:`open_results`): the
base of a group is its respondents whose answer to the question is coded, and a code
counts once per respondent.

Suppression is the rest of the table book's, twice over. First on the base, as for any
question (a group with fewer than the minimum coded answers goes, with its complement, and
groups too small to show at all go everywhere). Then on the count itself: the report hides
a theme mentioned by fewer than the minimum, and the groups of a breakdown add up to the
total, so a group's small count must not be left to follow from the total minus the
others either; the same complementary rule is applied to the counts, with the groups
already hidden on their base counted as hidden.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from ervaring.analysis import coding, results
from ervaring.analysis.coding import FreeTextQuestion
from ervaring.analysis.dataset import SurveyDataset
from ervaring.analysis.models import Code, CoderRole, Coding
from ervaring.analysis.results import OVERALL
from ervaring.analysis.services import PROVISION_BREAKDOWN
from ervaring.questionnaires.models import Survey
from ervaring.responses.open_texts import shown_texts
from ervaring.stats.codes import TOTAL_LABEL
from ervaring.stats.suppression import decide_mention_suppression


@dataclass(frozen=True)
class CodeCell:
    """One code in one group: base (coded respondents), count and share, or hidden."""

    breakdown: str
    group: Hashable
    base: int | None
    count: int | None
    share: float | None
    suppressed: bool


@dataclass(frozen=True)
class CodeVariable:
    """One code of one question, overall first and then group by group."""

    question: FreeTextQuestion
    key: str
    label: str
    polarity: str
    cells: tuple[CodeCell, ...]


def code_variables(
    survey: Survey, dataset: SurveyDataset, breakdowns: Sequence[str]
) -> list[CodeVariable]:
    """Every code of the codebook for every free-text question with coded answers.

    ``breakdowns`` are frame columns, or ``PROVISION_BREAKDOWN`` for the provision groups
    (which overlap).
    """
    codes = list(Code.objects.filter(survey=survey))
    variables = []
    for question in coding.free_text_questions(survey):
        texts = coding.texts_of(survey, question)
        counted = coding.counted_keys(texts)
        if not counted:
            continue
        responses = dict(texts.filter(pk__in=list(counted)).values_list("pk", "response_id"))
        keys_by_response = {responses[pk]: keys for pk, keys in counted.items()}
        positions = dataset.frame.index.get_indexer(list(keys_by_response))
        coded = np.zeros(len(dataset.frame), dtype=bool)
        coded[positions[positions >= 0]] = True
        for code in codes:
            mentioned = np.zeros(len(dataset.frame), dtype=bool)
            for position, keys in zip(positions, keys_by_response.values(), strict=True):
                if position >= 0 and code.key in keys:
                    mentioned[position] = True
            cells = code_cells(dataset, breakdowns, coded, mentioned)
            variables.append(CodeVariable(question, code.key, code.label, code.polarity, cells))
    return variables


def code_cells(
    dataset: SurveyDataset,
    breakdowns: Sequence[str],
    coded: np.ndarray,
    mentioned: np.ndarray,
) -> tuple[CodeCell, ...]:
    """The cells of one code: the total, then each breakdown's groups (see module)."""
    min_n = dataset.min_n
    base, count = int(coded.sum()), int(mentioned.sum())
    overall = decide_mention_suppression({"code": count}, base, min_n)
    total_hidden = overall.total or bool(overall.groups)
    cells = [_cell(OVERALL, TOTAL_LABEL, base, count, total_hidden, overall.total)]
    for breakdown in breakdowns:
        groups = results.breakdown_groups(
            dataset.frame,
            dataset.memberships if breakdown == PROVISION_BREAKDOWN else breakdown,
            min_n,
        )
        on_base = results.decide_cells(groups, coded)
        on_count = results.decide_cells(groups, mentioned, on_base.groups)
        bases = results.group_sizes(groups, coded)
        counts = results.group_sizes(groups, mentioned)
        for label in groups.labels:
            # The bases are protected on their own; a count hidden leaves its base shown.
            base_hidden = overall.total or on_base.total or label in on_base.groups
            hidden = base_hidden or total_hidden or on_count.total or label in on_count.groups
            cells.append(_cell(breakdown, label, bases[label], counts[label], hidden, base_hidden))
    return tuple(cells)


def _cell(
    breakdown: str, group: Hashable, base: int, count: int, hidden: bool, base_hidden: bool
) -> CodeCell:
    if hidden:
        return CodeCell(breakdown, group, None if base_hidden else base, None, None, True)
    share = 100 * count / base if base else None
    return CodeCell(breakdown, group, base, count, share, False)


def respondent_themes(survey: Survey) -> dict[int, set[str]]:
    """Per response with a coded answer, the code keys that count in any of its answers.

    One query whatever the number of answers (the dashboard's budget): the codings of the
    texts staff may read, the settled ones where two coders differed, else the first
    coder's (as :func:`coding.counted_keys`). The dashboard counts respondents, not
    answers, so a theme named in two open questions by one person counts once.
    """
    rows = Coding.objects.filter(
        open_text__in=shown_texts(survey), role__in=[CoderRole.FIRST, CoderRole.SETTLED]
    ).values_list("open_text__response_id", "open_text_id", "role", "codes__key")
    by_text: dict[int, tuple[int, dict[str, set[str]]]] = {}
    for response_id, text_id, role, key in rows:
        roles = by_text.setdefault(text_id, (response_id, {}))[1]
        keys = roles.setdefault(role, set())
        if key is not None:
            keys.add(key)
    found: dict[int, set[str]] = {}
    for response_id, roles in by_text.values():
        counted = roles.get(CoderRole.SETTLED, roles.get(CoderRole.FIRST, set()))
        found.setdefault(response_id, set()).update(counted)
    return found


def team_theme_cells(
    survey: Survey,
    dataset: SurveyDataset,
    rows: np.ndarray,
    positions_of: Callable[[Sequence[int]], np.ndarray] | None = None,
) -> list[tuple[Code, tuple[CodeCell, ...]]]:
    """Per plus- or kluspunt of the codebook: its cells overall and per team, counted over
    the frame rows in ``rows`` (a period, law or provision group), suppressed as in the
    table book (see module). ``positions_of`` finds the frame rows of response ids when
    the frame's index does not hold them (a frame drawn from the running totals)."""
    themes = respondent_themes(survey)
    if not themes:
        return []
    ids = list(themes)
    positions = positions_of(ids) if positions_of else dataset.frame.index.get_indexer(ids)
    coded = np.zeros(len(dataset.frame), dtype=bool)
    coded[positions[positions >= 0]] = True
    coded &= rows
    found = []
    for code in Code.objects.filter(survey=survey, polarity__in=("plus", "klus")):
        mentioned = np.zeros(len(dataset.frame), dtype=bool)
        for position, keys in zip(positions, themes.values(), strict=True):
            if position >= 0 and code.key in keys:
                mentioned[position] = True
        found.append((code, code_cells(dataset, ["team"], coded, mentioned & rows)))
    return found
