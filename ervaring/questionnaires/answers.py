"""Parsing one submitted page of answers (plain HTML form data, no JavaScript needed).

Form field names are question ids. A multiple-choice question sends its id once per ticked box;
the free text of an "Anders, namelijk ..." option is sent as ``<qid>__other``. Everything the
browser sends is treated as untrusted: an unknown code or an extra answer the question does not
offer is an error and is never stored. Error messages go straight to the respondent, so they are in
the respondent's language, at B1 level, and say what to do.

This module must not import Django (import-linter contract). Django's ``QueryDict`` works as
``data`` (its ``getlist`` is used when present).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from ervaring.questionnaires.document import SCALE_TYPES, Question, Text, Theme
from ervaring.questionnaires.routing import visible_questions
from ervaring.questionnaires.scales import scale_options

__all__ = [
    "OTHER_MAX_LENGTH",
    "OTHER_SUFFIX",
    "Answer",
    "Choice",
    "PageResult",
    "choices",
    "other_field",
    "parse_page",
]

#: Suffix of the form field holding the "Anders, namelijk" text.
OTHER_SUFFIX = "__other"
#: Longest accepted "Anders, namelijk" text.
OTHER_MAX_LENGTH = 500


@dataclass(frozen=True)
class Answer:
    """One stored answer.

    ``value`` is: an int code (agree/satisfaction, 8/9 for the extras); "ja"/"nee" (yesno); an
    option code (single); a list of option codes in document order (multi); a string (open); an
    int, or a float when the question allows decimals (number). ``other_text`` holds the
    "Anders, namelijk" text when the chosen option asks for it, else "".
    """

    value: int | float | str | list[str]
    other_text: str = ""


@dataclass
class PageResult:
    """Outcome of one page. Every visible question ends up in exactly one of the three.

    ``other_errors`` names the questions in ``errors`` whose problem is the "Anders, namelijk"
    text rather than the choice, so the page can put the message on that text box.
    """

    values: dict[str, Answer] = field(default_factory=dict)
    cleared: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)
    other_errors: set[str] = field(default_factory=set)

    @property
    def is_valid(self) -> bool:
        """True when the page can be saved and the respondent can go on."""
        return not self.errors


@dataclass(frozen=True)
class Choice:
    """One answer to render: the form value, its label, and whether it asks for free text."""

    value: str
    label: Text
    other: bool = False
    is_excluded: bool = False


def other_field(question_id: str) -> str:
    """Form field name of the "Anders, namelijk" text for a question."""
    return f"{question_id}{OTHER_SUFFIX}"


def choices(question: Question) -> list[Choice]:
    """The answers a choice-like question offers, in display order (for the form template)."""
    if question.type in ("agree", "satisfaction", "yesno"):
        return [
            Choice(str(o.code), o.label, is_excluded=o.is_excluded)
            for o in scale_options(question.type, question.extras)
        ]
    return [Choice(o.code, o.label, other=o.other) for o in question.options]


# --------------------------------------------------------------------------- messages

_MESSAGES: dict[str, dict[str, str]] = {
    "choose": {
        "nl": "Kies een van de antwoorden.",
        "en": "Choose one of the answers.",
    },
    "choose_one": {
        "nl": "Kies één antwoord.",
        "en": "Choose one answer.",
    },
    "choose_some": {
        "nl": "Kies een of meer antwoorden.",
        "en": "Choose one or more answers.",
    },
    "write": {
        "nl": "Schrijf hier uw antwoord.",
        "en": "Please write your answer here.",
    },
    "other": {
        "nl": "U koos 'Anders'. Schrijf op wat u bedoelt.",
        "en": "You chose 'Other'. Please write what you mean.",
    },
    "other_long": {
        "nl": "De tekst bij 'Anders' is te lang. Gebruik niet meer dan {n} tekens.",
        "en": "The text for 'Other' is too long. Use no more than {n} characters.",
    },
    "too_long": {
        "nl": "Uw antwoord is te lang. Gebruik niet meer dan {n} tekens.",
        "en": "Your answer is too long. Use no more than {n} characters.",
    },
    "number": {
        "nl": "Vul een getal in.",
        "en": "Please enter a number.",
    },
    "number_range": {
        "nl": "Vul een getal in van {min} tot en met {max}.",
        "en": "Please enter a number from {min} to {max}.",
    },
    "number_min": {
        "nl": "Vul een getal in van {min} of hoger.",
        "en": "Please enter a number of {min} or more.",
    },
    "number_max": {
        "nl": "Vul een getal in van {max} of lager.",
        "en": "Please enter a number of {max} or less.",
    },
    "whole": {
        "nl": "Vul een heel getal in, zonder komma.",
        "en": "Please enter a whole number, without decimals.",
    },
    "decimals_one": {
        "nl": "Gebruik niet meer dan 1 cijfer na de komma.",
        "en": "Use no more than 1 digit after the decimal point.",
    },
    "decimals": {
        "nl": "Gebruik niet meer dan {n} cijfers na de komma.",
        "en": "Use no more than {n} digits after the decimal point.",
    },
}


def _message(key: str, language: str, **values: object) -> str:
    texts = _MESSAGES[key]
    template = texts.get(language) or texts["nl"]
    return template.format(**values)


def _format_number(value: int | float, language: str) -> str:
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",") if language == "nl" else text


# --------------------------------------------------------------------------- parsing


def _raw_values(data: Mapping[str, object], name: str) -> list[str]:
    """All non-empty submitted values for a field, stripped; NUL characters removed.

    Accepts Django's QueryDict (``getlist``), a mapping of lists, or a mapping of strings.
    """
    getlist = getattr(data, "getlist", None)
    raw = getlist(name) if callable(getlist) else data.get(name, [])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list | tuple):
        return []
    values = []
    for item in raw:
        if not isinstance(item, str):
            continue
        item = item.replace("\x00", "").replace("\r\n", "\n").strip()
        if item:
            values.append(item)
    return values


class _Invalid(Exception):
    def __init__(self, message: str, *, is_other: bool = False) -> None:
        super().__init__(message)
        self.message = message
        #: True when the "Anders, namelijk" text is what needs fixing.
        self.is_other = is_other


_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def _parse_number(question: Question, text: str, language: str) -> int | float:
    lo, hi = question.min, question.max
    if lo is not None and hi is not None:
        range_message = _message(
            "number_range",
            language,
            min=_format_number(lo, language),
            max=_format_number(hi, language),
        )
    elif lo is not None:
        range_message = _message("number_min", language, min=_format_number(lo, language))
    elif hi is not None:
        range_message = _message("number_max", language, max=_format_number(hi, language))
    else:
        range_message = _message("number", language)

    compact = text.replace(" ", "")
    if not _NUMBER.match(compact):
        raise _Invalid(range_message)
    try:
        number = Decimal(compact.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the pattern already excludes this
        raise _Invalid(range_message) from exc
    places = max(0, -number.normalize().as_tuple().exponent)  # type: ignore[operator]
    if question.decimals == 0 and places > 0:
        raise _Invalid(_message("whole", language))
    if places > question.decimals:
        key = "decimals_one" if question.decimals == 1 else "decimals"
        raise _Invalid(_message(key, language, n=question.decimals))
    if (lo is not None and number < Decimal(str(lo))) or (
        hi is not None and number > Decimal(str(hi))
    ):
        raise _Invalid(range_message)
    return int(number) if question.decimals == 0 else float(number)


def _other_text(question: Question, data: Mapping[str, object], language: str) -> str:
    values = _raw_values(data, other_field(question.id))
    text = " ".join(values)
    if len(text) > OTHER_MAX_LENGTH:
        raise _Invalid(_message("other_long", language, n=OTHER_MAX_LENGTH), is_other=True)
    return text


def _parse_question(question: Question, data: Mapping[str, object], language: str) -> Answer | None:
    """The answer to one question, ``None`` if left empty; raises ``_Invalid`` on a problem."""
    values = _raw_values(data, question.id)
    qtype = question.type

    if qtype == "multi":
        chosen = set(values)
        codes = [o.code for o in question.options]
        if chosen - set(codes):
            raise _Invalid(_message("choose", language))
        other = next((o for o in question.options if o.other), None)
        other_text = _other_text(question, data, language) if other else ""
        if other is not None and other_text and other.code not in chosen:
            chosen.add(other.code)  # typed in the box but forgot to tick it: no JS to do that
        if not chosen:
            return None
        if other is not None and other.code in chosen and not other_text:
            raise _Invalid(_message("other", language), is_other=True)
        ordered = [c for c in codes if c in chosen]
        keep_text = other is not None and other.code in chosen
        return Answer(ordered, other_text if keep_text else "")

    if qtype == "single":
        if len(set(values)) > 1:
            raise _Invalid(_message("choose_one", language))
        other = next((o for o in question.options if o.other), None)
        other_text = _other_text(question, data, language) if other else ""
        if not values:
            if other is None or not other_text:
                return None
            values = [other.code]  # only the "Anders" box was filled in
        code = values[0]
        try:
            option = question.option(code)
        except KeyError:
            raise _Invalid(_message("choose", language)) from None
        if option.other:
            if not other_text:
                raise _Invalid(_message("other", language), is_other=True)
            return Answer(code, other_text)
        return Answer(code)

    if qtype == "open":
        if not values:
            return None
        text = "\n".join(values)
        if len(text) > question.max_length:
            raise _Invalid(_message("too_long", language, n=question.max_length))
        return Answer(text)

    if not values:
        return None
    if len(set(values)) > 1:
        raise _Invalid(_message("choose_one", language))
    value = values[0]

    if qtype == "number":
        return Answer(_parse_number(question, value, language))
    if qtype == "yesno":
        if value not in ("ja", "nee"):
            raise _Invalid(_message("choose", language))
        return Answer(value)
    if qtype in SCALE_TYPES:
        allowed = {str(o.code): o.code for o in scale_options(qtype, question.extras)}
        if value not in allowed:
            raise _Invalid(_message("choose", language))
        return Answer(allowed[value])
    raise _Invalid(_message("choose", language))  # pragma: no cover - types are validated


def _required_message(question: Question, language: str) -> str:
    if question.type == "open":
        return _message("write", language)
    if question.type == "number":
        return _parse_number_hint(question, language)
    if question.type == "multi":
        return _message("choose_some", language)
    return _message("choose", language)


def _parse_number_hint(question: Question, language: str) -> str:
    try:
        _parse_number(question, "x", language)
    except _Invalid as exc:
        return exc.message
    return _message("number", language)  # pragma: no cover


def parse_page(
    theme: Theme,
    data: Mapping[str, object],
    attributes: Mapping[str, object],
    answers_so_far: Mapping[str, object],
    language: str = "nl",
) -> PageResult:
    """Parse the submitted form data of one page (theme).

    Only questions visible to this respondent (given ``attributes`` and the answers on earlier
    pages, preferably ``routing.effective_answers``) are looked at; anything sent for hidden or
    unknown questions is ignored. Each visible question lands in exactly one of ``values``
    (answered), ``cleared`` (left empty: delete any stored answer) or ``errors`` (message for the
    respondent, shown next to the question). A required question left empty is an error.
    """
    result = PageResult()
    for question in visible_questions(theme, attributes, answers_so_far):
        try:
            answer = _parse_question(question, data, language)
        except _Invalid as exc:
            result.errors[question.id] = exc.message
            if exc.is_other:
                result.other_errors.add(question.id)
            continue
        if answer is not None:
            result.values[question.id] = answer
        elif question.required:
            result.errors[question.id] = _required_message(question, language)
        else:
            result.cleared.add(question.id)
    return result
