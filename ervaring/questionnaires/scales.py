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


def _o(code: int | str, labels: dict[str, str]) -> Option:
    return Option(code, Text(labels), is_excluded=code in EXCLUDED_CODES)


# The labels in Turkish, Arabic, Polish and Ukrainian are machine-made, to be reviewed by a
# translator (docs/translations.md); Dutch and English were written by people.
_EXTRAS = (
    _o(
        8,
        {
            "nl": "Weet niet",
            "en": "Don't know",
            "tr": "Bilmiyorum",
            "ar": "لا أعرف",
            "pl": "Nie wiem",
            "uk": "Не знаю",
        },
    ),
    _o(
        9,
        {
            "nl": "Niet van toepassing",
            "en": "Not applicable",
            "tr": "Geçerli değil",
            "ar": "لا ينطبق",
            "pl": "Nie dotyczy",
            "uk": "Не стосується",
        },
    ),
)

AGREE = Scale(
    key="agree",
    options=(
        _o(
            5,
            {
                "nl": "Helemaal mee eens",
                "en": "Strongly agree",
                "tr": "Tamamen katılıyorum",
                "ar": "موافق تمامًا",
                "pl": "Zdecydowanie się zgadzam",
                "uk": "Повністю згоден",
            },
        ),
        _o(
            4,
            {
                "nl": "Mee eens",
                "en": "Agree",
                "tr": "Katılıyorum",
                "ar": "موافق",
                "pl": "Zgadzam się",
                "uk": "Згоден",
            },
        ),
        _o(
            3,
            {
                "nl": "Neutraal",
                "en": "Neutral",
                "tr": "Kararsızım",
                "ar": "محايد",
                "pl": "Ani tak, ani nie",
                "uk": "Нейтрально",
            },
        ),
        _o(
            2,
            {
                "nl": "Niet mee eens",
                "en": "Disagree",
                "tr": "Katılmıyorum",
                "ar": "غير موافق",
                "pl": "Nie zgadzam się",
                "uk": "Не згоден",
            },
        ),
        _o(
            1,
            {
                "nl": "Helemaal niet mee eens",
                "en": "Strongly disagree",
                "tr": "Hiç katılmıyorum",
                "ar": "غير موافق إطلاقًا",
                "pl": "Zdecydowanie się nie zgadzam",
                "uk": "Зовсім не згоден",
            },
        ),
        *_EXTRAS,
    ),
    positive=frozenset({5, 4}),
    neutral=frozenset({3}),
    negative=frozenset({2, 1}),
)

SATISFACTION = Scale(
    key="satisfaction",
    options=(
        _o(
            5,
            {
                "nl": "Heel tevreden",
                "en": "Very satisfied",
                "tr": "Çok memnunum",
                "ar": "راضٍ جدًا",
                "pl": "Bardzo zadowolony",
                "uk": "Дуже задоволений",
            },
        ),
        _o(
            4,
            {
                "nl": "Tevreden",
                "en": "Satisfied",
                "tr": "Memnunum",
                "ar": "راضٍ",
                "pl": "Zadowolony",
                "uk": "Задоволений",
            },
        ),
        _o(
            3,
            {
                "nl": "Neutraal",
                "en": "Neutral",
                "tr": "Kararsızım",
                "ar": "محايد",
                "pl": "Ani zadowolony, ani niezadowolony",
                "uk": "Нейтрально",
            },
        ),
        _o(
            2,
            {
                "nl": "Ontevreden",
                "en": "Dissatisfied",
                "tr": "Memnun değilim",
                "ar": "غير راضٍ",
                "pl": "Niezadowolony",
                "uk": "Незадоволений",
            },
        ),
        _o(
            1,
            {
                "nl": "Heel ontevreden",
                "en": "Very dissatisfied",
                "tr": "Hiç memnun değilim",
                "ar": "غير راضٍ إطلاقًا",
                "pl": "Bardzo niezadowolony",
                "uk": "Дуже незадоволений",
            },
        ),
        *_EXTRAS,
    ),
    positive=frozenset({5, 4}),
    neutral=frozenset({3}),
    negative=frozenset({2, 1}),
)

YESNO = Scale(
    key="yesno",
    options=(
        _o("ja", {"nl": "Ja", "en": "Yes", "tr": "Evet", "ar": "نعم", "pl": "Tak", "uk": "Так"}),
        _o("nee", {"nl": "Nee", "en": "No", "tr": "Hayır", "ar": "لا", "pl": "Nie", "uk": "Ні"}),
    ),
    positive=frozenset({"ja"}),
    negative=frozenset({"nee"}),
)

#: Scale per question type, for the three types that use a fixed scale.
SCALES: dict[str, Scale] = {"agree": AGREE, "satisfaction": SATISFACTION, "yesno": YESNO}


def scale_options(question_type: str, extras: tuple[int, ...] = (8, 9)) -> tuple[Option, ...]:
    """The options a question of this type offers, in display order, with only offered extras."""
    scale = SCALES[question_type]
    return tuple(o for o in scale.options if not o.is_excluded or o.code in extras)
