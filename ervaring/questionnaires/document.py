"""The questionnaire document: a versioned, validated, plain-data description of a survey.

A questionnaire is data, not code, so that project leaders and researchers can start from a
standard template, add local questions and review the whole thing as one readable YAML file (see
``docs/questionnaire-format.md``). ``load_document`` is the single gate: everything the rest of
the system relies on (unique ids, known types, valid codes, routing that works without JavaScript)
is checked here, once, and every problem is reported with its path so an author can fix them all
in one round. ``dump_document`` gives back plain JSON-able data that ``load_document`` accepts
again; the database stores that form as an immutable version.

This module must not import Django (import-linter contract): plain Python and PyYAML only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import yaml

from ervaring.questionnaires.routing import (
    AllOf,
    AnyOf,
    Compare,
    Condition,
    ConditionError,
    Not,
    condition_to_data,
    iter_compares,
    parse_condition,
)

__all__ = [
    "FORMAT_VERSION",
    "MEASURES",
    "QUESTION_TYPES",
    "ChoiceOption",
    "DocumentError",
    "Question",
    "Questionnaire",
    "Text",
    "Theme",
    "add_question",
    "coverage",
    "dump_document",
    "dump_yaml",
    "load_document",
    "missing_measures",
]

#: The document format version this code reads and writes.
FORMAT_VERSION = 1

#: Question types. ``agree``/``satisfaction``/``yesno`` use the fixed scales in ``scales.py``.
QUESTION_TYPES: tuple[str, ...] = (
    "agree",
    "satisfaction",
    "yesno",
    "single",
    "multi",
    "open",
    "number",
)

#: The three themes the law requires a CEO to cover (Wmo 2015 art. 2.5.1): access, quality, effect.
MEASURES: tuple[str, ...] = ("toegang", "kwaliteit", "effect")

SCALE_TYPES = ("agree", "satisfaction")
CHOICE_TYPES = ("single", "multi")
#: The extra answers on agree/satisfaction scales ("weet niet", "niet van toepassing").
#: Kept in step with ``scales.EXCLUDED_CODES`` (a test checks this; scales imports us).
EXTRA_CODES: tuple[int, ...] = (8, 9)
DEFAULT_OPEN_MAX_LENGTH = 2000

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
#: Theme ids that name the steps around the pages (a theme is addressed by its id): the
#: check of the answers, and after it, a stop or an ended session.
RESERVED_THEME_IDS = frozenset({"nakijken", "klaar", "gestopt", "verlopen"})
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_-]*$")
CODE_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
STANDARD_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}$")

_DOCUMENT_FIELDS = ("format", "key", "title", "languages", "intro", "thanks", "themes")
_THEME_FIELDS = ("id", "title", "intro", "show_if", "questions")
_QUESTION_FIELDS = (
    "id",
    "type",
    "text",
    "help",
    "required",
    "show_if",
    "options",
    "extras",
    "min",
    "max",
    "decimals",
    "max_length",
    "standard",
    "measure",
    "local",
)
_OPTION_FIELDS = ("code", "label", "other")
# Fields that only make sense for some question types.
_TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "options": CHOICE_TYPES,
    "extras": SCALE_TYPES,
    "min": ("number",),
    "max": ("number",),
    "decimals": ("number",),
    "max_length": ("open",),
}


class Text(Mapping[str, str]):
    """An immutable text in several languages (language code -> string).

    Every text has Dutch ("nl"); ``get`` falls back to Dutch so a missing translation shows the
    Dutch text rather than nothing.
    """

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, str] | str) -> None:
        if isinstance(values, str):
            values = {"nl": values}
        self._values: dict[str, str] = dict(values)

    def __getitem__(self, lang: str) -> str:
        return self._values[lang]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def get(self, lang: str, default: str | None = None) -> str:  # type: ignore[override]
        """The text in ``lang``, else Dutch, else ``default`` (or "")."""
        value = self._values.get(lang) or self._values.get("nl")
        if value:
            return value
        return default if default is not None else ""

    def __hash__(self) -> int:
        return hash(frozenset(self._values.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._values == dict(other)
        return NotImplemented

    def __repr__(self) -> str:
        return f"Text({self._values!r})"

    def __str__(self) -> str:
        return self.get("nl")


@dataclass(frozen=True)
class ChoiceOption:
    """One option of a single/multi-choice question; ``other`` asks for free text."""

    code: str
    label: Text
    other: bool = False


@dataclass(frozen=True)
class Question:
    """One question. Type-specific fields keep their defaults when they do not apply."""

    id: str
    type: str
    text: Text
    help: Text | None = None
    required: bool = False
    show_if: Condition | None = None
    options: tuple[ChoiceOption, ...] = ()
    extras: tuple[int, ...] = ()
    min: int | float | None = None
    max: int | float | None = None
    decimals: int = 0
    max_length: int = DEFAULT_OPEN_MAX_LENGTH
    standard: str | None = None
    measure: str | None = None
    local: bool = False

    def option(self, code: str) -> ChoiceOption:
        """The option with this code; ``KeyError`` if there is none."""
        for option in self.options:
            if option.code == code:
                return option
        raise KeyError(code)


@dataclass(frozen=True)
class Theme:
    """A theme is one page of the questionnaire, optionally shown only to some respondents."""

    id: str
    title: Text
    intro: Text | None = None
    show_if: Condition | None = None
    questions: tuple[Question, ...] = ()


@dataclass(frozen=True)
class Questionnaire:
    """A whole validated questionnaire document (one version)."""

    format: int
    key: str
    title: Text
    languages: tuple[str, ...]
    intro: Text | None
    thanks: Text | None
    themes: tuple[Theme, ...]
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @cached_property
    def _index(self) -> dict[str, tuple[Theme, Question]]:
        return {q.id: (t, q) for t in self.themes for q in t.questions}

    def question(self, qid: str) -> Question:
        """The question with this id; ``KeyError`` if unknown."""
        return self._index[qid][1]

    def questions(self) -> list[Question]:
        """All questions in document order."""
        return [q for t in self.themes for q in t.questions]

    def theme(self, tid: str) -> Theme:
        """The theme with this id; ``KeyError`` if unknown."""
        for theme in self.themes:
            if theme.id == tid:
                return theme
        raise KeyError(tid)

    def theme_of(self, qid: str) -> Theme:
        """The theme (page) a question is on; ``KeyError`` if unknown."""
        return self._index[qid][0]


class DocumentError(ValueError):
    """The document is invalid. ``errors`` lists every problem, each starting with its path."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# --------------------------------------------------------------------------- loading


class _Loader:
    """Collects errors and warnings while building the document, so all are reported at once."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.languages: tuple[str, ...] = ("nl",)

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    def known_fields(self, raw: Mapping[str, Any], allowed: tuple[str, ...], path: str) -> None:
        for key in raw:
            if key not in allowed:
                self.error(path, f"unknown field '{key}' (allowed: {', '.join(allowed)})")

    def text(self, raw: object, path: str, *, required: bool = True) -> Text | None:
        if raw is None:
            if required:
                self.error(path, "this text is required")
            return None
        if isinstance(raw, str):
            raw = {"nl": raw}
        if not isinstance(raw, Mapping):
            self.error(path, "expected a text, or a mapping of language to text (nl: ..., en: ...)")
            return None
        values: dict[str, str] = {}
        for lang, value in raw.items():
            if lang not in self.languages:
                self.error(
                    path,
                    f"language '{lang}' is not in the questionnaire's languages "
                    f"({', '.join(self.languages)})",
                )
                continue
            if not isinstance(value, str) or not value.strip():
                self.error(f"{path}.{lang}", "expected a non-empty text")
                continue
            values[lang] = value.strip()
        if "nl" not in raw:
            self.error(path, "the Dutch text (nl) is missing")
        for lang in self.languages:
            if lang != "nl" and lang not in raw:
                self.warnings.append(f"{path}: no '{lang}' translation")
        return Text(values)

    def ident(self, raw: object, path: str) -> str:
        if not isinstance(raw, str) or not ID_PATTERN.match(raw):
            self.error(path, f"{raw!r} is not a valid id (lower-case letters, digits and _)")
            return str(raw)
        if "__" in raw:
            self.error(path, f"'{raw}' may not contain '__' (reserved for form fields)")
        return raw

    def boolean(self, raw: Mapping[str, Any], key: str, path: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.error(f"{path}.{key}", "expected true or false")
            return False
        return value

    def condition(self, raw: object, path: str) -> Condition | None:
        if raw is None:
            return None
        try:
            return parse_condition(raw, path)
        except ConditionError as exc:
            self.errors.extend(exc.errors)
            return None


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def load_document(source: str | Mapping[str, Any]) -> Questionnaire:
    """Parse and validate a questionnaire from YAML text or already-parsed data.

    Raises ``DocumentError`` listing every problem with its path, e.g.
    ``themes[2].questions[0].options: a single-choice question needs at least two options``.
    A text that lacks one of the listed translations is only a warning (``.warnings``): a
    municipality may field a Dutch-only version before the translation is ready.
    """
    if isinstance(source, str):
        try:
            raw = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            raise DocumentError([f"yaml: the text is not valid YAML ({exc})"]) from exc
    else:
        raw = source
    if not isinstance(raw, Mapping):
        raise DocumentError(["document: expected a mapping with format, key, title and themes"])

    ld = _Loader()
    ld.known_fields(raw, _DOCUMENT_FIELDS, "document")

    fmt = raw.get("format")
    if fmt != FORMAT_VERSION or isinstance(fmt, bool):
        ld.error("format", f"expected format version {FORMAT_VERSION}, found {fmt!r}")

    key = raw.get("key")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        ld.error("key", f"{key!r} is not a valid key (lower-case letters, digits, _ and -)")
        key = str(key)

    languages_raw = raw.get("languages", ["nl"])
    if (
        not isinstance(languages_raw, list)
        or not languages_raw
        or not all(isinstance(x, str) and LANGUAGE_PATTERN.match(x) for x in languages_raw)
    ):
        ld.error("languages", "expected a list of language codes such as [nl, en]")
        languages_raw = ["nl"]
    if len(set(languages_raw)) != len(languages_raw):
        ld.error("languages", "a language is listed twice")
    if "nl" not in languages_raw:
        ld.error("languages", "Dutch (nl) must be one of the languages")
    ld.languages = tuple(dict.fromkeys(["nl", *languages_raw]))
    languages = tuple(dict.fromkeys(languages_raw))

    title = ld.text(raw.get("title"), "title")
    intro = ld.text(raw.get("intro"), "intro", required=False)
    thanks = ld.text(raw.get("thanks"), "thanks", required=False)

    themes_raw = raw.get("themes")
    themes: list[Theme] = []
    if not isinstance(themes_raw, list) or not themes_raw:
        ld.error("themes", "expected a non-empty list of themes (pages)")
        themes_raw = []
    for ti, theme_raw in enumerate(themes_raw):
        theme = _load_theme(ld, theme_raw, f"themes[{ti}]")
        if theme is not None:
            themes.append(theme)

    _check_ids(ld, themes)
    themes = _check_answer_conditions(ld, themes)

    if ld.errors:
        raise DocumentError(ld.errors)
    return Questionnaire(
        format=FORMAT_VERSION,
        key=key,
        title=title or Text({}),
        languages=languages,
        intro=intro,
        thanks=thanks,
        themes=tuple(themes),
        warnings=tuple(ld.warnings),
    )


def _load_theme(ld: _Loader, raw: object, path: str) -> Theme | None:
    if not isinstance(raw, Mapping):
        ld.error(path, "expected a mapping with id, title and questions")
        return None
    ld.known_fields(raw, _THEME_FIELDS, path)
    tid = ld.ident(raw.get("id"), f"{path}.id")
    if tid in RESERVED_THEME_IDS:
        ld.error(f"{path}.id", f"'{tid}' is reserved (a step of the respondent pages)")
    title = ld.text(raw.get("title"), f"{path}.title")
    intro = ld.text(raw.get("intro"), f"{path}.intro", required=False)
    show_if = ld.condition(raw.get("show_if"), f"{path}.show_if")
    questions_raw = raw.get("questions")
    if not isinstance(questions_raw, list) or not questions_raw:
        ld.error(f"{path}.questions", "a theme (page) needs at least one question")
        questions_raw = []
    questions = []
    for qi, q_raw in enumerate(questions_raw):
        question = _load_question(ld, q_raw, f"{path}.questions[{qi}]")
        if question is not None:
            questions.append(question)
    return Theme(
        id=tid,
        title=title or Text({}),
        intro=intro,
        show_if=show_if,
        questions=tuple(questions),
    )


def _load_question(ld: _Loader, raw: object, path: str) -> Question | None:
    if not isinstance(raw, Mapping):
        ld.error(path, "expected a mapping with id, type and text")
        return None
    ld.known_fields(raw, _QUESTION_FIELDS, path)
    qid = ld.ident(raw.get("id"), f"{path}.id")
    qtype = raw.get("type")
    if qtype not in QUESTION_TYPES:
        ld.error(f"{path}.type", f"unknown type {qtype!r} (known: {', '.join(QUESTION_TYPES)})")
        return None
    for name, types in _TYPE_FIELDS.items():
        if name in raw and qtype not in types:
            ld.error(f"{path}.{name}", f"'{name}' is only for {' and '.join(types)} questions")

    text = ld.text(raw.get("text"), f"{path}.text")
    help_text = ld.text(raw.get("help"), f"{path}.help", required=False)
    required = ld.boolean(raw, "required", path)
    local = ld.boolean(raw, "local", path)
    show_if = ld.condition(raw.get("show_if"), f"{path}.show_if")

    options: tuple[ChoiceOption, ...] = ()
    if qtype in CHOICE_TYPES:
        options = _load_options(ld, raw.get("options"), qtype, f"{path}.options")

    extras: tuple[int, ...] = ()
    if qtype in SCALE_TYPES:
        extras_raw = raw.get("extras", list(EXTRA_CODES))
        if not isinstance(extras_raw, list) or not all(
            x in EXTRA_CODES and not isinstance(x, bool) for x in extras_raw
        ):
            ld.error(f"{path}.extras", "expected a list with 8 (weet niet) and/or 9 (n.v.t.)")
            extras_raw = []
        elif len(set(extras_raw)) != len(extras_raw):
            ld.error(f"{path}.extras", "a code is listed twice")
        extras = tuple(sorted(set(extras_raw)))

    minimum, maximum, decimals = None, None, 0
    if qtype == "number":
        minimum, maximum = raw.get("min"), raw.get("max")
        for name, value in (("min", minimum), ("max", maximum)):
            if value is not None and not _number(value):
                ld.error(f"{path}.{name}", "expected a number")
        if _number(minimum) and _number(maximum) and not minimum < maximum:
            ld.error(f"{path}.min", f"min ({minimum}) must be smaller than max ({maximum})")
        decimals = raw.get("decimals", 0)
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 6:
            ld.error(f"{path}.decimals", "expected a whole number from 0 to 6")
            decimals = 0

    max_length = DEFAULT_OPEN_MAX_LENGTH
    if qtype == "open":
        max_length = raw.get("max_length", DEFAULT_OPEN_MAX_LENGTH)
        if (
            not isinstance(max_length, int)
            or isinstance(max_length, bool)
            or not 1 <= max_length <= 100_000
        ):
            ld.error(f"{path}.max_length", "expected a whole number from 1 to 100000")
            max_length = DEFAULT_OPEN_MAX_LENGTH

    standard = raw.get("standard")
    if standard is not None and (
        not isinstance(standard, str) or not STANDARD_PATTERN.match(standard)
    ):
        ld.error(f"{path}.standard", f"{standard!r} is not a valid standard id (e.g. wmo-1)")
        standard = None
    if standard is not None and local:
        ld.error(f"{path}.standard", "a local question cannot be a national standard question")
    measure = raw.get("measure")
    if measure is not None and measure not in MEASURES:
        ld.error(f"{path}.measure", f"{measure!r} is not one of {', '.join(MEASURES)}")
        measure = None

    return Question(
        id=qid,
        type=qtype,
        text=text or Text({}),
        help=help_text,
        required=required,
        show_if=show_if,
        options=options,
        extras=extras,
        min=minimum if _number(minimum) else None,
        max=maximum if _number(maximum) else None,
        decimals=decimals,
        max_length=max_length,
        standard=standard,
        measure=measure,
        local=local,
    )


def _load_options(ld: _Loader, raw: object, qtype: str, path: str) -> tuple[ChoiceOption, ...]:
    kind = "single-choice" if qtype == "single" else "multiple-choice"
    if not isinstance(raw, list) or len(raw) < 2:
        ld.error(path, f"a {kind} question needs at least two options")
        if not isinstance(raw, list):
            return ()
    options: list[ChoiceOption] = []
    for oi, option_raw in enumerate(raw):
        opath = f"{path}[{oi}]"
        if not isinstance(option_raw, Mapping):
            ld.error(opath, "expected a mapping with code and label")
            continue
        ld.known_fields(option_raw, _OPTION_FIELDS, opath)
        code = option_raw.get("code")
        if isinstance(code, int) and not isinstance(code, bool):
            code = str(code)  # YAML reads `code: 1` as a number; codes are text
        if not isinstance(code, str) or not CODE_PATTERN.match(code):
            ld.error(f"{opath}.code", f"{code!r} is not a valid code (a-z, 0-9 and _)")
            code = str(code)
        label = ld.text(option_raw.get("label"), f"{opath}.label")
        other = ld.boolean(option_raw, "other", opath)
        options.append(ChoiceOption(code=code, label=label or Text({}), other=other))
    codes = [o.code for o in options]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        ld.error(path, f"option code '{code}' is used more than once")
    if sum(o.other for o in options) > 1:
        ld.error(path, "at most one option can be 'other' (Anders, namelijk)")
    return tuple(options)


def _check_ids(ld: _Loader, themes: list[Theme]) -> None:
    seen_themes: set[str] = set()
    seen_questions: dict[str, str] = {}
    seen_standard: dict[str, str] = {}
    for ti, theme in enumerate(themes):
        if theme.id in seen_themes:
            ld.error(f"themes[{ti}].id", f"theme id '{theme.id}' is used more than once")
        seen_themes.add(theme.id)
        for qi, question in enumerate(theme.questions):
            path = f"themes[{ti}].questions[{qi}]"
            if question.id in seen_questions:
                ld.error(
                    f"{path}.id",
                    f"question id '{question.id}' is already used at {seen_questions[question.id]}",
                )
            else:
                seen_questions[question.id] = path
            if question.standard is not None:
                if question.standard in seen_standard:
                    ld.error(
                        f"{path}.standard",
                        f"standard question '{question.standard}' is already used at "
                        f"{seen_standard[question.standard]}",
                    )
                else:
                    seen_standard[question.standard] = path


def _check_answer_conditions(ld: _Loader, themes: list[Theme]) -> list[Theme]:
    """Answer conditions may only look at earlier pages, and must fit the referenced question.

    Routing is decided on the server when a page is rendered, so a question can only depend on
    answers the respondent already submitted, i.e. on an earlier theme (page). This keeps the
    survey working without JavaScript.
    """
    page_of: dict[str, tuple[int, Question]] = {}
    for ti, theme in enumerate(themes):
        for question in theme.questions:
            page_of.setdefault(question.id, (ti, question))

    def check(condition: Condition | None, ti: int, path: str) -> Condition | None:
        if condition is None:
            return None
        fixed: dict[int, Compare] = {}
        for compare, sub in iter_compares(condition, path):
            if compare.source != "answer":
                continue
            where = page_of.get(compare.name)
            if where is None:
                ld.error(f"{sub}.answer", f"there is no question '{compare.name}'")
                continue
            ref_ti, ref = where
            if ref_ti == ti:
                ld.error(
                    f"{sub}.answer",
                    f"'{compare.name}' is on the same page; a condition can only use answers "
                    "from an earlier page",
                )
                continue
            if ref_ti > ti:
                ld.error(
                    f"{sub}.answer",
                    f"'{compare.name}' is on a later page (themes[{ref_ti}]); a condition can "
                    "only use answers from an earlier page",
                )
                continue
            fixed[id(compare)] = _check_against_question(ld, compare, ref, sub)
        return _map_compares(condition, lambda c: fixed.get(id(c), c))

    result = []
    for ti, theme in enumerate(themes):
        questions = tuple(
            replace(q, show_if=check(q.show_if, ti, f"themes[{ti}].questions[{qi}].show_if"))
            for qi, q in enumerate(theme.questions)
        )
        result.append(
            replace(
                theme,
                show_if=check(theme.show_if, ti, f"themes[{ti}].show_if"),
                questions=questions,
            )
        )
    return result


_ANSWER_OPERATORS: dict[str, tuple[str, ...]] = {
    "agree": ("equals", "in", "gte", "lte", "answered"),
    "satisfaction": ("equals", "in", "gte", "lte", "answered"),
    "yesno": ("equals", "in", "answered"),
    "single": ("equals", "in", "answered"),
    "multi": ("contains", "in", "answered"),
    "open": ("answered",),
    "number": ("equals", "in", "gte", "lte", "answered"),
}


def _check_against_question(ld: _Loader, compare: Compare, ref: Question, path: str) -> Compare:
    """Check operator and values against the referenced question; make choice codes text."""
    allowed = _ANSWER_OPERATORS[ref.type]
    if compare.op not in allowed:
        ld.error(
            path,
            f"operator '{compare.op}' does not fit {ref.type} question '{ref.id}' "
            f"(use {', '.join(allowed)})",
        )
        return compare
    if compare.op == "answered":
        return compare
    values = compare.value if isinstance(compare.value, tuple) else (compare.value,)
    if ref.type in CHOICE_TYPES:
        codes = {o.code for o in ref.options}
        values = tuple(str(v) for v in values)
        bad = [v for v in values if v not in codes]
        if bad:
            ld.error(f"{path}.{compare.op}", f"{bad} are not option codes of '{ref.id}'")
        new_value = values if isinstance(compare.value, tuple) else values[0]
        return replace(compare, value=new_value)
    if ref.type == "yesno":
        bad = [v for v in values if v not in ("ja", "nee")]
        if bad:
            ld.error(f"{path}.{compare.op}", f"a yes/no answer is 'ja' or 'nee', not {bad}")
    elif ref.type in SCALE_TYPES and compare.op in ("equals", "in"):
        valid = {1, 2, 3, 4, 5, *ref.extras}
        bad = [v for v in values if isinstance(v, str) or v not in valid]
        if bad:
            ld.error(
                f"{path}.{compare.op}",
                f"{bad} are not answer codes of '{ref.id}' (valid: {sorted(valid)})",
            )
    elif (
        ref.type == "number"
        and compare.op in ("equals", "in")
        and not all(_number(v) for v in values)
    ):
        ld.error(f"{path}.{compare.op}", f"'{ref.id}' is a number question")
    return compare


def _map_compares(condition: Condition, fn: Any) -> Condition:
    match condition:
        case AllOf(conditions):
            return AllOf(tuple(_map_compares(c, fn) for c in conditions))
        case AnyOf(conditions):
            return AnyOf(tuple(_map_compares(c, fn) for c in conditions))
        case Not(inner):
            return Not(_map_compares(inner, fn))
        case _:
            return fn(condition)


# --------------------------------------------------------------------------- dumping


def dump_document(questionnaire: Questionnaire) -> dict[str, Any]:
    """The plain-data (JSON-serialisable) form, accepted again by ``load_document``.

    Used to store each version in the database and to export a document as YAML.
    """
    data: dict[str, Any] = {
        "format": questionnaire.format,
        "key": questionnaire.key,
        "title": dict(questionnaire.title),
        "languages": list(questionnaire.languages),
    }
    if questionnaire.intro is not None:
        data["intro"] = dict(questionnaire.intro)
    if questionnaire.thanks is not None:
        data["thanks"] = dict(questionnaire.thanks)
    data["themes"] = [_dump_theme(t) for t in questionnaire.themes]
    return data


def _dump_theme(theme: Theme) -> dict[str, Any]:
    data: dict[str, Any] = {"id": theme.id, "title": dict(theme.title)}
    if theme.intro is not None:
        data["intro"] = dict(theme.intro)
    if theme.show_if is not None:
        data["show_if"] = condition_to_data(theme.show_if)
    data["questions"] = [_dump_question(q) for q in theme.questions]
    return data


def _dump_question(question: Question) -> dict[str, Any]:
    data: dict[str, Any] = {"id": question.id, "type": question.type, "text": dict(question.text)}
    if question.help is not None:
        data["help"] = dict(question.help)
    if question.required:
        data["required"] = True
    if question.show_if is not None:
        data["show_if"] = condition_to_data(question.show_if)
    if question.type in CHOICE_TYPES:
        data["options"] = [
            {"code": o.code, "label": dict(o.label), **({"other": True} if o.other else {})}
            for o in question.options
        ]
    if question.type in SCALE_TYPES:
        data["extras"] = list(question.extras)
    if question.type == "number":
        if question.min is not None:
            data["min"] = question.min
        if question.max is not None:
            data["max"] = question.max
        data["decimals"] = question.decimals
    if question.type == "open":
        data["max_length"] = question.max_length
    if question.standard is not None:
        data["standard"] = question.standard
    if question.measure is not None:
        data["measure"] = question.measure
    if question.local:
        data["local"] = True
    return data


def dump_yaml(questionnaire: Questionnaire) -> str:
    """The document as readable YAML (UTF-8 text, keys in document order)."""
    return yaml.safe_dump(
        dump_document(questionnaire), allow_unicode=True, sort_keys=False, width=100
    )


# --------------------------------------------------------------------------- editing and checks


def add_question(
    questionnaire: Questionnaire,
    theme_id: str,
    question: Mapping[str, Any],
    position: int | None = None,
) -> Questionnaire:
    """A new validated document with a local question added to a theme.

    Documents are immutable versions, so this returns a new one; the question is marked
    ``local: true`` so reports can tell municipal additions from the standard set. ``position``
    is the index within the theme (``None``: at the end). Problems raise ``DocumentError``.
    """
    data = dump_document(questionnaire)
    ti = next((i for i, t in enumerate(data["themes"]) if t["id"] == theme_id), None)
    if ti is None:
        raise DocumentError([f"themes: there is no theme '{theme_id}'"])
    theme = data["themes"][ti]
    questions = theme["questions"]
    if position is None:
        position = len(questions)
    if not isinstance(position, int) or not 0 <= position <= len(questions):
        raise DocumentError(
            [f"themes[{ti}].questions: position {position!r} is outside 0..{len(questions)}"]
        )
    if not isinstance(question, Mapping):
        raise DocumentError([f"themes[{ti}].questions[{position}]: expected a mapping"])
    questions.insert(position, {**question, "local": True})
    return load_document(data)


def coverage(questionnaire: Questionnaire) -> dict[str, list[str]]:
    """Question ids per legal measure (toegang, kwaliteit, effect), all three keys present."""
    result: dict[str, list[str]] = {m: [] for m in MEASURES}
    for question in questionnaire.questions():
        if question.measure is not None:
            result[question.measure].append(question.id)
    return result


def missing_measures(questionnaire: Questionnaire) -> list[str]:
    """Which of the legally required measures no question covers (empty when complete)."""
    return [m for m, ids in coverage(questionnaire).items() if not ids]
