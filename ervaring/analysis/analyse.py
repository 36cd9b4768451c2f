"""``ervaring analyse``'s results: a respondent file in, the contract's JSON or CSV out.

The contract (``docs/analyse.md``) is relied upon by users and tests: per group the
population, respondents and margin of error; per question and group (and "totaal") n,
n_excluded, % eens/neutraal/oneens with the interval of % eens, and whether it is
suppressed. Percentages are 0-100 and unrounded; a suppressed or undefined figure is null.
The figures come from :mod:`ervaring.analysis.results`, like the dashboard's.

No Django here; the management command only parses arguments and writes the file.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ervaring.analysis.calibration import Calibration, Margins, calibrate
from ervaring.analysis.files import (
    AnalyseError,
    QuestionsFile,
    Table,
    group_labels,
    recognise_columns,
)
from ervaring.analysis.results import (
    QuestionSpec,
    build_design,
    question_results,
    respondent_suppression,
)
from ervaring.stats import margin_of_error, stratified_margin_of_error
from ervaring.stats.codes import TOTAL_LABEL
from ervaring.stats.design import POOLED_STRATUM
from ervaring.stats.suppression import DEFAULT_MIN_N

QUESTION_FIELDS = (
    "n",
    "n_excluded",
    "pct_agree",
    "pct_neutral",
    "pct_disagree",
    "ci_low",
    "ci_high",
    "suppressed",
)
CSV_FIELDS = ("question", "group", "population", "respondents", "margin_of_error", *QUESTION_FIELDS)


@dataclass(frozen=True)
class Weighting:
    """Raking asked for on the command line: which columns, their margins, optional trim."""

    variables: tuple[str, ...]
    margins: Margins
    trim: tuple[float, float] | None = None


@dataclass(frozen=True)
class Analysis:
    """The results document and the warnings to show (skipped columns)."""

    document: dict[str, Any]
    warnings: list[str]


def analyse_table(
    table: Table,
    by: str,
    population: Mapping[str, int],
    questions_file: QuestionsFile | None = None,
    *,
    min_n: int = DEFAULT_MIN_N,
    weighting: Weighting | None = None,
) -> Analysis:
    """Analyse a respondent table stratified by ``by`` with ``population`` per group.

    Raises :class:`AnalyseError` for anything that would make a figure wrong: unknown
    answers, unknown or empty groups, more respondents than population.
    """
    questions_file = questions_file or QuestionsFile()
    labels = group_labels(table, by, population)
    recognised = recognise_columns(table, by, questions_file)
    if not recognised.questions:
        raise AnalyseError("no column holds answers of the agree scale; nothing to analyse")
    order = list(population)
    # Each question stays its own array: consolidating twenty million floats costs seconds.
    frame = pd.DataFrame({by: labels, **recognised.questions}, copy=False)
    calibration = None
    if weighting is not None:
        counts = np.bincount(labels.codes, minlength=len(order))
        sizes = np.array([population[g] for g in order], dtype=float)
        with np.errstate(divide="ignore"):
            design_weights = (sizes / counts)[labels.codes]
        calibration = calibrate(
            table, weighting.variables, weighting.margins, design_weights, weighting.trim
        )
        frame["weight"] = calibration.weights
    try:
        design = build_design(
            frame, population, strata_column=by, weight_column="weight" if calibration else None
        )
    except ValueError as error:
        raise AnalyseError(str(error)) from error
    specs = [
        QuestionSpec(column, "agree", _text(questions_file, column))
        for column in recognised.questions
    ]
    rows = question_results(frame, specs, design, [by], min_n=min_n, strata_groups=by)
    questions: dict[str, dict[str, Any]] = {}
    for spec in specs:
        entry: dict[str, Any] = {"text": spec.text} if spec.text else {}
        entry["groups"] = {}
        questions[spec.id] = entry
    for row in rows:
        if row.breakdown == by:
            cells = {name: getattr(row, name) for name in QUESTION_FIELDS}
            questions[row.question_id]["groups"][row.group] = cells
    respondents = dict(zip(design.stratum_labels, design.n_h.tolist(), strict=True))
    hidden = respondent_suppression(frame[by], min_n)
    document = {
        "method": method_block(min_n, calibration),
        "by": by,
        "groups": [
            _group_entry(group, population[group], respondents.get(group, 0), group in hidden)
            for group in order
        ],
        "totaal": _total_entry(population, respondents, hidden),
        "questions": questions,
        "ignored_columns": {
            "identifiers": recognised.identifiers,
            "other": recognised.skipped,
        },
    }
    return Analysis(_clean(document), recognised.warnings)


def method_block(min_n: int, calibration: Calibration | None = None) -> dict[str, Any]:
    """What a reader needs to know to interpret (and reproduce) the figures."""
    weighting: dict[str, Any] = {}
    if calibration is not None:
        weighting = {
            "weighting": calibration.describe(),
            "weighting_variables": list(calibration.variables),
            "design_effect": calibration.design_effect,
            "effective_sample_size": calibration.effective_sample_size,
        }
    return {
        "interval": "logit",
        "interval_note": (
            "95%-interval van % eens: logit-interval (R svyciprop method='logit'), "
            "t-verdeling op de designvrijheidsgraden; blijft binnen 0-100"
        ),
        "confidence": 0.95,
        "design": (
            "gestratificeerde steekproef per groep, designgewicht N_h/n_h, "
            "eindige-populatiecorrectie"
        ),
        "weighting": "ongewogen",
        "min_n": min_n,
        "suppression": (
            "groepen met minder dan min_n geldige antwoorden worden niet getoond (null), "
            "met aanvullende onderdrukking zodat ze niet uit het totaal volgen; een groep "
            "met minder dan min_n respondenten en haar aanvulling tonen ook geen populatie, "
            "respondenten of foutmarge; de strata van niet-getoonde groepen zijn voor die "
            "vraag samengenomen (gewicht som N / som n), zodat ook het gewogen totaal ze "
            "niet uit elkaar haalt"
        ),
        "margin_of_error": "95%, p = 50%, met eindige-populatiecorrectie; in procentpunten",
        "excluded_answers": ["weet niet", "niet van toepassing", "leeg"],
        "percentages": "0-100, onafgerond",
        **weighting,
    }


def _text(questions_file: QuestionsFile, column: str) -> str:
    entry = questions_file.questions.get(column)
    return entry.text if entry else ""


def _group_entry(group: str, population: int, respondents: int, hidden: bool) -> dict[str, Any]:
    """A group's method figures; none for a group too small to show (with its complement)."""
    if hidden:
        figures = dict.fromkeys(("population", "respondents", "response_rate", "margin_of_error"))
        return {"group": group, **figures, "suppressed": True}
    margin = float(margin_of_error(respondents, population)) if respondents else None
    return {
        "group": group,
        "population": population,
        "respondents": respondents,
        "response_rate": 100 * respondents / population,
        "margin_of_error": margin,
        "suppressed": False,
    }


def _total_entry(
    population: Mapping[str, int], respondents: Mapping[str, int], hidden: Iterable[str]
) -> dict:
    """Overall: the stratified margin over the groups with respondents (those it covers).

    Groups too small to show count as one stratum here, as in the question figures: the
    margin would otherwise tell their respondent counts apart.
    """
    pooled = [g for g in population if g in set(hidden)]
    sizes = {g: (population[g], respondents.get(g, 0)) for g in population if g not in pooled}
    if pooled:
        sizes[POOLED_STRATUM] = (
            sum(population[g] for g in pooled),
            sum(respondents.get(g, 0) for g in pooled),
        )
    covered = [g for g, (_, n) in sizes.items() if n > 0]
    n_h = np.array([sizes[g][1] for g in covered], dtype=float)
    big_n = np.array([sizes[g][0] for g in covered], dtype=float)
    total_n = sum(respondents.values())
    total_population = sum(population.values())
    return {
        "group": TOTAL_LABEL,
        "population": total_population,
        "respondents": total_n,
        "response_rate": 100 * total_n / total_population,
        "margin_of_error": stratified_margin_of_error(n_h, big_n) if covered else None,
    }


def _clean(value: Any) -> Any:
    """NaN becomes null (JSON has no NaN); numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def to_csv(document: Mapping[str, Any]) -> str:
    """One line per question and group (totaal last), with that group's method figures."""
    groups = {g["group"]: g for g in document["groups"]}
    groups[TOTAL_LABEL] = document["totaal"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for question, entry in document["questions"].items():
        for group, cells in entry["groups"].items():
            method = groups[group]
            writer.writerow(
                [
                    question,
                    group,
                    method["population"],
                    method["respondents"],
                    _csv_value(method["margin_of_error"]),
                    *(_csv_value(cells[name]) for name in QUESTION_FIELDS),
                ]
            )
    return out.getvalue()


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
