"""Weighting a respondent file to known population margins (raking), for `ervaring analyse`.

Unweighted stays the default. When asked, the design weights N_h/n_h are raked to the
population counts of a few characteristics (e.g. gender and age band), optionally trimmed to
a band around the mean weight and raked again; the result reports Kish's design effect and
effective sample size so a reader sees what the weighting cost. All arithmetic is in
`ervaring.stats.weighting`; this module reads the margins file and checks the data.

No Django here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ervaring.analysis.files import AnalyseError, Table, read_table
from ervaring.stats import effective_sample_size, kish_design_effect, rake, rake_trimmed
from ervaring.stats.weighting import WeightingError

Margins = dict[str, dict[str, float]]


@dataclass(frozen=True)
class Calibration:
    """Calibrated weights per respondent and what the method text must say about them."""

    weights: np.ndarray
    variables: tuple[str, ...]
    design_effect: float
    effective_sample_size: float
    iterations: int
    trim: tuple[float, float] | None

    def describe(self) -> str:
        trimmed = (
            f", getrimd tot {self.trim[0]:g}-{self.trim[1]:g} keer het gemiddelde gewicht"
            if self.trim
            else ""
        )
        return f"gewogen: raking op {', '.join(self.variables)}{trimmed}"


def read_margins(path: Path) -> Margins:
    """The margins file: columns `variable,category,population` (or variabele/categorie/
    populatie), one row per category of each weighting characteristic."""
    frame = read_table(path).frame
    columns = {c.lower(): c for c in frame.columns}
    names = [
        columns.get(english) or columns.get(dutch)
        for english, dutch in (
            ("variable", "variabele"),
            ("category", "categorie"),
            ("population", "populatie"),
        )
    ]
    if None in names:
        raise AnalyseError(f"{path.name}: expected the columns variable,category,population")
    margins: Margins = {}
    for i, (variable, category, size) in enumerate(
        zip(*(frame[name] for name in names), strict=True)
    ):
        where = f"{path.name}, row {i + 1}"
        try:
            count = float(str(size).replace(",", "."))
        except ValueError:
            raise AnalyseError(f"{where}: population '{size}' is not a number") from None
        if not variable or not category or count <= 0:
            raise AnalyseError(f"{where}: needs a variable, a category and a positive population")
        if category in margins.setdefault(variable, {}):
            raise AnalyseError(f"{where}: category '{category}' of '{variable}' appears twice")
        margins[variable][category] = count
    return margins


def calibrate(
    table: Table,
    variables: Sequence[str],
    margins: Margins,
    design_weights: np.ndarray,
    trim: tuple[float, float] | None = None,
) -> Calibration:
    """Rake the design weights to `margins` on `variables` (each a column of `table`).

    The margins of each variable must add up to the population total of the design (the
    sum of the design weights): otherwise the weighted totals cannot match both.
    """
    missing = [v for v in variables if v not in margins]
    if missing:
        raise AnalyseError(f"the margins file has no rows for {', '.join(missing)}")
    prepared = {v: (_labels(table, v, margins[v]), margins[v]) for v in variables}
    total = float(np.sum(design_weights))
    for variable, (_, targets) in prepared.items():
        if abs(sum(targets.values()) - total) > 1e-6 * total:
            raise AnalyseError(
                f"the margins of '{variable}' add up to {sum(targets.values()):g}, "
                f"the population file to {total:g}; they must be equal"
            )
    try:
        if trim is None:
            result = rake(prepared, design_weights)
        else:
            mean = total / len(design_weights)
            result = rake_trimmed(prepared, trim[0] * mean, trim[1] * mean, design_weights)
    except WeightingError as error:
        raise AnalyseError(f"weighting failed: {error}") from error
    return Calibration(
        weights=result.weights,
        variables=tuple(variables),
        design_effect=kish_design_effect(result.weights),
        effective_sample_size=effective_sample_size(result.weights),
        iterations=result.iterations,
        trim=trim,
    )


def _labels(table: Table, variable: str, targets: Mapping[str, float]) -> list[str]:
    if variable not in table.frame.columns:
        raise AnalyseError(f"the file has no column '{variable}' to weight on")
    labels = list(table.frame[variable])
    problems = [
        f"{table.where(i, variable)}: '{label}' is not a category in the margins file"
        for i, label in enumerate(labels)
        if label not in targets
    ]
    if problems:
        raise AnalyseError("\n".join(problems[:10]))
    return labels


def parse_trim(text: str | None) -> tuple[float, float] | None:
    """`--trim 0.3,3`: bounds as multiples of the mean weight."""
    if not text:
        return None
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise AnalyseError("--trim takes two numbers, e.g. 0.3,3") from None
    if not 0 <= low < 1 < high:
        raise AnalyseError("--trim needs a lower bound below 1 and an upper bound above 1")
    return low, high
