"""Fixed answer scales with the numeric codes used by analysis and the SPSS export.

The codes are part of the data contract: they are stored with every answer, compared across years
(trend tables back to 2016) and exported to analysts, so they never change. Codes 8 ("weet niet")
and 9 ("niet van toepassing") are excluded from percentages, which is why *n* differs per question.

This module must not import Django (import-linter contract).
"""

from __future__ import annotations

from dataclasses import dataclass

from ervaring.questionnaires.document import EXTRA_CODES, Text

__all__ = [
    "AGREE",
    "EXCLUDED_CODES",
    "SATISFACTION",
    "SCALES",
    "YESNO",
    "Option",
    "Scale",
    "scale_options",
]

#: Codes left out of percentages ("weet niet", "niet van toepassing").
EXCLUDED_CODES: frozenset[int] = frozenset({8, 9})
assert frozenset(EXTRA_CODES) == EXCLUDED_CODES  # document.py validates extras against these


@dataclass(frozen=True)
class Option:
    """One answer on a fixed scale. ``is_excluded``: left out of percentages."""

    code: int | str
    label: Text
    is_excluded: bool = False


@dataclass(frozen=True)
class Scale:
    """A fixed scale; ``options`` in display order (substantive answers first, then extras).

    ``positive``/``negative`` are the codes summed for "% eens"/"% tevreden" and for the
    negative-share alert ("helemaal niet mee eens" + "niet mee eens").
    """

    key: str
    options: tuple[Option, ...]
    positive: frozenset[int | str] = frozenset()
    neutral: frozenset[int | str] = frozenset()
    negative: frozenset[int | str] = frozenset()

    def codes(self) -> tuple[int | str, ...]:
        """All codes in display order."""
        return tuple(o.code for o in self.options)

    def option(self, code: int | str) -> Option:
        """The option with this code; ``KeyError`` if there is none."""
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(code)

    def label(self, code: int | str, lang: str = "nl") -> str:
        """The label for a code in a language (falls back to Dutch)."""
        return self.option(code).label.get(lang)


def _o(code: int | str, nl: str, en: str) -> Option:
    return Option(code, Text({"nl": nl, "en": en}), is_excluded=code in EXCLUDED_CODES)


_EXTRAS = (
    _o(8, "Weet niet", "Don't know"),
    _o(9, "Niet van toepassing", "Not applicable"),
)

AGREE = Scale(
    key="agree",
    options=(
        _o(5, "Helemaal mee eens", "Strongly agree"),
        _o(4, "Mee eens", "Agree"),
        _o(3, "Neutraal", "Neutral"),
        _o(2, "Niet mee eens", "Disagree"),
        _o(1, "Helemaal niet mee eens", "Strongly disagree"),
        *_EXTRAS,
    ),
    positive=frozenset({5, 4}),
    neutral=frozenset({3}),
    negative=frozenset({2, 1}),
)

SATISFACTION = Scale(
    key="satisfaction",
    options=(
        _o(5, "Heel tevreden", "Very satisfied"),
        _o(4, "Tevreden", "Satisfied"),
        _o(3, "Neutraal", "Neutral"),
        _o(2, "Ontevreden", "Dissatisfied"),
        _o(1, "Heel ontevreden", "Very dissatisfied"),
        *_EXTRAS,
    ),
    positive=frozenset({5, 4}),
    neutral=frozenset({3}),
    negative=frozenset({2, 1}),
)

YESNO = Scale(
    key="yesno",
    options=(_o("ja", "Ja", "Yes"), _o("nee", "Nee", "No")),
    positive=frozenset({"ja"}),
    negative=frozenset({"nee"}),
)

#: Scale per question type, for the three types that use a fixed scale.
SCALES: dict[str, Scale] = {"agree": AGREE, "satisfaction": SATISFACTION, "yesno": YESNO}


def scale_options(question_type: str, extras: tuple[int, ...] = (8, 9)) -> tuple[Option, ...]:
    """The options a question of this type offers, in display order, with only offered extras."""
    scale = SCALES[question_type]
    return tuple(o for o in scale.options if not o.is_excluded or o.code in extras)
