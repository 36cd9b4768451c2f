"""Statistics core of the analysis engine: pure numpy/pandas/scipy, no Django.

Public API (see docs/statistics.md for the formulas and choices):

- margin of error: :func:`margin_of_error`, :func:`stratified_margin_of_error`,
  :func:`expected_margin_of_error`, :func:`required_respondents`
- proportions: :class:`StratifiedDesign`, :func:`estimate_proportion`
- per-question summaries: :func:`summarise_agree`, :func:`summarise_yes_no`,
  :func:`summarise_single_choice`, :func:`summarise_multiple_choice`
- small groups: :func:`decide_suppression`, :func:`apply_suppression`
- differences: :func:`compare_independent`, :func:`compare_groups_with_rest`
- representativeness: :func:`compare_with_population`
- weighting: :func:`poststratify`, :func:`rake`, :func:`trim_weights`,
  :func:`rake_trimmed`, :func:`kish_design_effect`, :func:`effective_sample_size`

The names are loaded on first use (PEP 562): importing one light submodule, such as
``ervaring.stats.codes`` or the default ``min_n`` of ``ervaring.stats.suppression``, runs this
file first, and loading every submodule here would load pandas and SciPy with it (over half a
second): ``ervaring analyse`` reads its arguments before it starts reading the file, and
imports those libraries only while the file is being parsed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

#: Public name -> the submodule that defines it.
_EXPORTS = {
    "StratifiedDesign": "design",
    "DifferenceTest": "differences",
    "compare_groups_with_rest": "differences",
    "compare_independent": "differences",
    "expected_margin_of_error": "margin",
    "margin_of_error": "margin",
    "required_respondents": "margin",
    "stratified_margin_of_error": "margin",
    "ProportionEstimate": "proportions",
    "estimate_proportion": "proportions",
    "RepresentativenessResult": "representativeness",
    "compare_with_population": "representativeness",
    "summarise_agree": "summaries",
    "summarise_multiple_choice": "summaries",
    "summarise_single_choice": "summaries",
    "summarise_yes_no": "summaries",
    "Suppression": "suppression",
    "apply_suppression": "suppression",
    "decide_suppression": "suppression",
    "RakingResult": "weighting",
    "WeightingError": "weighting",
    "effective_sample_size": "weighting",
    "kish_design_effect": "weighting",
    "poststratify": "weighting",
    "rake": "weighting",
    "rake_trimmed": "weighting",
    "trim_weights": "weighting",
}
__all__ = [
    "DifferenceTest",
    "ProportionEstimate",
    "RakingResult",
    "RepresentativenessResult",
    "StratifiedDesign",
    "Suppression",
    "WeightingError",
    "apply_suppression",
    "compare_groups_with_rest",
    "compare_independent",
    "compare_with_population",
    "decide_suppression",
    "effective_sample_size",
    "estimate_proportion",
    "expected_margin_of_error",
    "kish_design_effect",
    "margin_of_error",
    "poststratify",
    "rake",
    "rake_trimmed",
    "required_respondents",
    "stratified_margin_of_error",
    "summarise_agree",
    "summarise_multiple_choice",
    "summarise_single_choice",
    "summarise_yes_no",
    "trim_weights",
]


def __getattr__(name: str) -> Any:
    """Load the submodule that defines ``name`` on first use (see the module's docstring)."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


if TYPE_CHECKING:  # the names for type checkers and editors
    from .design import StratifiedDesign
    from .differences import DifferenceTest, compare_groups_with_rest, compare_independent
    from .margin import (
        expected_margin_of_error,
        margin_of_error,
        required_respondents,
        stratified_margin_of_error,
    )
    from .proportions import ProportionEstimate, estimate_proportion
    from .representativeness import RepresentativenessResult, compare_with_population
    from .summaries import (
        summarise_agree,
        summarise_multiple_choice,
        summarise_single_choice,
        summarise_yes_no,
    )
    from .suppression import Suppression, apply_suppression, decide_suppression
    from .weighting import (
        RakingResult,
        WeightingError,
        effective_sample_size,
        kish_design_effect,
        poststratify,
        rake,
        rake_trimmed,
        trim_weights,
    )
