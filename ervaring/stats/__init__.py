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
"""

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
