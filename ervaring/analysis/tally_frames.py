"""The dashboard's dataset drawn from the running totals instead of every answer.

:mod:`ervaring.analysis.tallies` keeps, per cell (completion day, team, law, combination
of provision groups), the respondents and per question how many gave each answer. This
module lays those counts out as a respondent-level frame: each cell becomes a block of as
many rows as it has respondents, and each question's column is filled within the block
with its answers in their counted numbers (the rest missing). Within a block every row
has the same background, so the only thing lost is which answers of two questions came
from one person, which no dashboard figure uses. Every sum the estimators take is a count
(the dashboard uses design weights, constant per stratum), so every figure, interval and
suppression decision is *equal* to the one from :func:`dataset.build_dataset`: the tests
compare all of them.

Strata, population and memberships are derived exactly as ``dataset_from_records`` does,
with its own functions, because they depend on all responses together.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from operator import itemgetter

import numpy as np
import pandas as pd

from ervaring.analysis import dataset as ds
from ervaring.analysis.results import MULTI_SEPARATOR, SCALE_TYPES, QuestionSpec
from ervaring.analysis.tallies import CellKey, Tallies


@dataclass(frozen=True)
class TallyFrame:
    """The dataset, each row's completion day, and where each cell's block starts."""

    dataset: ds.SurveyDataset
    completed_on: np.ndarray
    cells: tuple[CellKey, ...]
    starts: np.ndarray
    sizes: np.ndarray

    def positions(self, cells_of_responses: Sequence[CellKey | None]) -> np.ndarray:
        """A distinct frame row for each response, given the cell it was counted in
        (None: not counted, -1). Rows of one cell differ in nothing the caller reads
        besides what it marks on them, so any free row of the block will do."""
        index = {cell: i for i, cell in enumerate(self.cells)}
        used = np.zeros(len(self.cells), dtype=np.int64)
        found = np.full(len(cells_of_responses), -1, dtype=np.int64)
        for j, cell in enumerate(cells_of_responses):
            i = index.get(cell) if cell is not None else None
            if i is None or used[i] >= self.sizes[i]:
                continue
            found[j] = self.starts[i] + used[i]
            used[i] += 1
        return found


def tally_frame(
    tallies: Tallies,
    questions: Sequence[QuestionSpec],
    population_combinations: Mapping[tuple[str, ...], int],
    *,
    min_n: int,
) -> TallyFrame:
    """Lay the counts out as the dataset :func:`dataset.build_dataset` would return."""
    cells = tuple(sorted(c for c, n in tallies.respondents.items() if n > 0))
    sizes = np.array([tallies.respondents[c] for c in cells], dtype=np.int64)
    starts = (np.cumsum(sizes) - sizes).astype(np.int64)
    total = int(sizes.sum())
    provisions = [tuple(json.loads(c[3])) for c in cells]
    per_row: list[tuple[str, ...]] = []
    for combination, size in zip(provisions, sizes.tolist(), strict=True):
        per_row += [combination] * size  # one list operation per cell, not per row
    notes: list[str] = []
    strata, population = ds.assign_design_strata(
        per_row, population_combinations, notes, min_n=min_n
    )
    frame = pd.DataFrame(
        {
            "stratum": _by_cell([strata[s] for s in starts.tolist()], sizes),
            "team": _by_cell([c[1] or None for c in cells], sizes),
            "law": _by_cell([c[2] or None for c in cells], sizes),
        },
        index=pd.RangeIndex(total, name="response"),
    )
    columns: dict[str, object] = {}
    index = {cell: i for i, cell in enumerate(cells)}
    for spec in questions:
        columns.update(
            _question_columns(spec, tallies.answers.get(spec.id, []), index, starts, total)
        )
    frame = pd.concat([frame, pd.DataFrame(columns, index=frame.index)], axis=1)
    days = np.array([c[0] for c in cells], dtype="datetime64[D]")
    dataset = ds.SurveyDataset(
        frame=frame,
        questions=tuple(questions),
        memberships=ds.memberships_of(per_row),
        population=population,
        provision_population=ds.provision_population_of(population_combinations),
        min_n=min_n,
        notes=tuple(notes),
    )
    return TallyFrame(dataset, np.repeat(days, sizes), cells, starts, sizes)


def _by_cell(values: Sequence[object], sizes: np.ndarray) -> pd.Categorical:
    """A Categorical with one value per cell repeated over its rows; categories as
    ``dataset._categorical`` sorts them (distinct non-missing values by their text)."""
    categories = sorted(
        {v for v, n in zip(values, sizes.tolist(), strict=True) if v and n}, key=str
    )
    lookup = {v: i for i, v in enumerate(categories)}
    codes = np.array([lookup.get(v, -1) for v in values], dtype=np.int64)
    return pd.Categorical.from_codes(np.repeat(codes, sizes), categories=categories)


def _question_columns(
    spec: QuestionSpec,
    entries: Sequence[tuple[CellKey, str, int]],
    index: Mapping[CellKey, int],
    starts: np.ndarray,
    total: int,
) -> dict[str, object]:
    """The question's column(s), as ``dataset._question_columns`` makes them."""
    # Column by column with map() (C loops): a question has a counter per cell and answer,
    # 15,000 of them at 100,000 responses. A cell of no respondents is not in ``index``.
    cell = np.fromiter(
        map(index.get, map(itemgetter(0), entries), repeat(-1)), np.int64, len(entries)
    )
    counts = np.fromiter(map(itemgetter(2), entries), np.int64, len(entries))
    texts_of = list(map(itemgetter(1), entries))
    kept = (cell >= 0) & (counts > 0)
    texts = sorted({t for t, k in zip(texts_of, kept.tolist(), strict=True) if k})
    text_id = {t: i for i, t in enumerate(texts)}
    value_id = np.fromiter(map(text_id.get, texts_of, repeat(-1)), np.int64, len(entries))
    cell, counts, value_id = cell[kept], counts[kept], value_id[kept]
    values = [json.loads(t) for t in texts]
    positions, per_row = _place(cell, counts, value_id, starts)

    def filled(per_value: np.ndarray, missing: float | int, dtype: str) -> np.ndarray:
        column = np.full(total, missing, dtype=dtype)
        column[positions] = per_value[per_row]
        return column

    if spec.type in (*SCALE_TYPES, "yesno", "single"):
        categories = {
            "yesno": ("ja", "nee"),
            "single": spec.options,
        }.get(spec.type, ds.SCALE_CODES)
        code = np.array([_code(v, categories) for v in values] or [0], dtype=np.int64)
        return {
            spec.id: pd.Categorical.from_codes(filled(code, -1, "int64"), categories=categories)
        }
    columns = {}
    for option in spec.options:
        ticked = np.array(
            [np.nan if v is None else float(option in v) for v in values] or [0.0], dtype=float
        )
        columns[f"{spec.id}{MULTI_SEPARATOR}{option}"] = filled(ticked, np.nan, "float64")
    return columns


def _code(value: object, categories: Sequence[object]) -> int:
    try:
        return list(categories).index(value)
    except (ValueError, TypeError):
        return -1


def _place(
    cell: np.ndarray, counts: np.ndarray, value_id: np.ndarray, starts: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Frame rows for the counted answers, and which value each row gets: within a cell's
    block the values follow each other from the block's start."""
    order = np.lexsort((value_id, cell))
    cell, counts, value_id = cell[order], counts[order], value_id[order]
    before = np.cumsum(counts) - counts  # answers placed before this entry, all cells
    first = np.flatnonzero(np.r_[True, cell[1:] != cell[:-1]]) if len(cell) else np.zeros(0, int)
    group_start = np.zeros(len(cell), dtype=np.int64)
    group_start[first] = first
    group_start = np.maximum.accumulate(group_start) if len(cell) else group_start
    within = before - before[group_start]
    shift = starts[cell] + within - before
    positions = np.repeat(shift, counts) + np.arange(int(counts.sum()), dtype=np.int64)
    return positions, np.repeat(value_id, counts)
