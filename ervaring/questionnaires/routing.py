"""Routing: which themes (pages) and questions a respondent sees.

Conditions are written in the questionnaire document as small plain mappings (see
``docs/questionnaire-format.md``) so that project leaders can read and write them, and are parsed
here into frozen objects. Evaluation is deliberately forgiving at run time: a missing attribute or
an unanswered question makes a comparison false instead of raising, because a respondent must never
see an error page because the population file lacked a column. Strictness lives at load time
instead: ``parse_condition`` rejects unknown attributes and operators with the path in the message.

All routing runs on the server from attributes (known from the population file) and answers on
earlier pages, so the survey works without JavaScript.

This module must not import Django (import-linter contract).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from ervaring.questionnaires import age_bands

if TYPE_CHECKING:  # pragma: no cover - typing only, avoids an import cycle with document.py
    from ervaring.questionnaires.document import Question, Questionnaire, Theme

__all__ = [
    "ATTRIBUTES",
    "OPERATORS",
    "AllOf",
    "AnyOf",
    "AttributeSpec",
    "Compare",
    "Condition",
    "ConditionError",
    "Not",
    "answer_references",
    "condition_to_data",
    "effective_answers",
    "evaluate",
    "is_empty_answer",
    "iter_compares",
    "parse_condition",
    "possible_themes",
    "step_of",
    "visible_questions",
    "visible_themes",
]

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")

#: Comparison operators. ``answered`` takes true/false; the others take a value (``in`` a list).
OPERATORS: tuple[str, ...] = ("equals", "in", "contains", "gte", "lte", "answered")


@dataclass(frozen=True)
class AttributeSpec:
    """What a respondent attribute looks like, so conditions on it can be checked at load time."""

    kind: Literal["text", "list", "number"]
    values: tuple[str, ...] = ()  # the closed set of allowed values, if there is one

    @property
    def operators(self) -> tuple[str, ...]:
        """Operators that make sense for this kind of attribute."""
        if self.kind == "list":
            return ("contains", "in", "answered")
        if self.kind == "number":
            return ("equals", "in", "gte", "lte", "answered")
        return ("equals", "in", "answered")


#: Respondent attributes come from the population file and are never asked in the questionnaire.
#: The integrator must supply them with these names and value shapes.
ATTRIBUTES: dict[str, AttributeSpec] = {
    "law": AttributeSpec("text", ("wmo", "jeugd")),
    "provision_groups": AttributeSpec("list"),
    "age": AttributeSpec("number"),
    "age_band": AttributeSpec("text"),
    "team": AttributeSpec("text"),
    "district": AttributeSpec("text"),
    "respondent_role": AttributeSpec("text", ("client", "ouder", "jongere")),
}


class ConditionError(ValueError):
    """A condition in a document is malformed; ``errors`` holds one message per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


Scalar = str | int | float


@dataclass(frozen=True)
class Compare:
    """One comparison on a respondent attribute (``source="attribute"``) or an earlier answer."""

    source: Literal["attribute", "answer"]
    name: str
    op: str
    value: Scalar | bool | tuple[Scalar, ...]


@dataclass(frozen=True)
class AllOf:
    """True when every sub-condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    """True when at least one sub-condition is true."""

    conditions: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    """Negation. Note: ``not`` of a comparison on a missing value is true."""

    condition: Condition


Condition = Compare | AllOf | AnyOf | Not


# --------------------------------------------------------------------------- parsing


def _is_scalar(value: object) -> bool:
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def parse_condition(raw: object, path: str) -> Condition:
    """Parse a condition mapping from a document; raise ``ConditionError`` naming ``path``.

    All problems in the condition are collected so that an author can fix them in one go.
    """
    errors: list[str] = []
    condition = _parse(raw, path, errors)
    if errors or condition is None:
        raise ConditionError(errors or [f"{path}: invalid condition"])
    return condition


def _parse(raw: object, path: str, errors: list[str]) -> Condition | None:
    if not isinstance(raw, Mapping):
        errors.append(f"{path}: a condition must be a mapping such as {{answer: q1, equals: ja}}")
        return None
    keys = set(raw)
    combinators = keys & {"all", "any", "not"}
    if combinators:
        if len(keys) != 1:
            errors.append(f"{path}: 'all', 'any' or 'not' must stand alone, found {sorted(keys)}")
            return None
        (key,) = combinators
        if key == "not":
            inner = _parse(raw["not"], f"{path}.not", errors)
            return Not(inner) if inner is not None else None
        items = raw[key]
        if not isinstance(items, list) or not items:
            errors.append(f"{path}.{key}: expected a non-empty list of conditions")
            return None
        parsed = [_parse(item, f"{path}.{key}[{i}]", errors) for i, item in enumerate(items)]
        if any(p is None for p in parsed):
            return None
        conditions = tuple(p for p in parsed if p is not None)
        return AllOf(conditions) if key == "all" else AnyOf(conditions)

    sources = keys & {"attribute", "answer"}
    operators = keys & set(OPERATORS)
    unknown = keys - {"attribute", "answer"} - set(OPERATORS)
    if unknown:
        errors.append(
            f"{path}: unknown key(s) {sorted(str(k) for k in unknown)}; "
            f"use attribute/answer with one of {', '.join(OPERATORS)}, or all/any/not"
        )
        return None
    if len(sources) != 1:
        errors.append(f"{path}: name exactly one of 'attribute' or 'answer'")
        return None
    if len(operators) != 1:
        errors.append(f"{path}: use exactly one operator ({', '.join(OPERATORS)})")
        return None
    (source,) = sources
    (op,) = operators
    name = raw[source]
    value = raw[op]
    if not isinstance(name, str):
        errors.append(f"{path}.{source}: expected a name")
        return None

    if source == "attribute":
        spec = ATTRIBUTES.get(name)
        if spec is None:
            errors.append(
                f"{path}.attribute: unknown respondent attribute '{name}' "
                f"(known: {', '.join(ATTRIBUTES)})"
            )
            return None
        if op not in spec.operators:
            errors.append(
                f"{path}: operator '{op}' does not fit attribute '{name}' "
                f"(use {', '.join(spec.operators)})"
            )
            return None
    elif not ID_PATTERN.match(name):
        errors.append(f"{path}.answer: '{name}' is not a valid question id")
        return None

    checked = _check_value(op, value, f"{path}.{op}", errors)
    if checked is None:
        return None
    if source == "attribute":
        spec = ATTRIBUTES[name]
        if spec.kind == "number" and op in ("equals", "in"):
            values = checked if isinstance(checked, tuple) else (checked,)
            if not all(_is_number(v) for v in values):
                errors.append(f"{path}.{op}: attribute '{name}' is a number")
                return None
        if name == "age" and not _is_band_boundary(op, checked):
            errors.append(
                f"{path}.{op}: age is stored as a band, so a condition on age must be "
                f"'gte' one of {sorted(age_bands.LOWER_BOUNDARIES)} or 'lte' one of "
                f"{sorted(age_bands.UPPER_BOUNDARIES)} (or use attribute 'age_band')"
            )
            return None
        if spec.values and op in ("equals", "in", "contains"):
            values = checked if isinstance(checked, tuple) else (checked,)
            bad = [v for v in values if v not in spec.values]
            if bad:
                errors.append(
                    f"{path}.{op}: {bad!r} is not a value of '{name}' "
                    f"(allowed: {', '.join(spec.values)})"
                )
                return None
    return Compare(source, name, op, checked)


def _is_band_boundary(op: str, value: object) -> bool:
    if op == "answered":
        return True
    if op == "gte":
        return value in age_bands.LOWER_BOUNDARIES
    if op == "lte":
        return value in age_bands.UPPER_BOUNDARIES
    return False


def _check_value(
    op: str, value: object, path: str, errors: list[str]
) -> Scalar | bool | tuple[Scalar, ...] | None:
    if op == "answered":
        if not isinstance(value, bool):
            errors.append(f"{path}: expected true or false")
            return None
        return value
    if op == "in":
        if not isinstance(value, list | tuple) or not value:
            errors.append(f"{path}: expected a non-empty list of values")
            return None
        if not all(_is_scalar(v) for v in value):
            errors.append(f"{path}: every value must be a text or a number")
            return None
        return tuple(value)
    if op in ("gte", "lte"):
        if not _is_number(value):
            errors.append(f"{path}: expected a number")
            return None
        return value  # type: ignore[return-value]
    if not _is_scalar(value):
        errors.append(f"{path}: expected a single text or number")
        return None
    return value  # type: ignore[return-value]


def condition_to_data(condition: Condition) -> dict[str, object]:
    """The plain mapping form of a condition, as accepted by ``parse_condition``."""
    match condition:
        case AllOf(conditions):
            return {"all": [condition_to_data(c) for c in conditions]}
        case AnyOf(conditions):
            return {"any": [condition_to_data(c) for c in conditions]}
        case Not(inner):
            return {"not": condition_to_data(inner)}
        case Compare(source, name, op, value):
            return {source: name, op: list(value) if isinstance(value, tuple) else value}
    raise TypeError(f"not a condition: {condition!r}")  # pragma: no cover


def iter_compares(condition: Condition, path: str = "") -> Iterator[tuple[Compare, str]]:
    """Every comparison in a condition with its path (e.g. ``show_if.all[1]``)."""
    match condition:
        case AllOf(conditions):
            for i, c in enumerate(conditions):
                yield from iter_compares(c, f"{path}.all[{i}]")
        case AnyOf(conditions):
            for i, c in enumerate(conditions):
                yield from iter_compares(c, f"{path}.any[{i}]")
        case Not(inner):
            yield from iter_compares(inner, f"{path}.not")
        case Compare():
            yield condition, path


def answer_references(condition: Condition) -> set[str]:
    """Question ids a condition depends on."""
    return {c.name for c, _ in iter_compares(condition) if c.source == "answer"}


# --------------------------------------------------------------------------- evaluation


def _unwrap(answer: object) -> object:
    """Accept stored answers as plain values, ``Answer`` objects or ``{"value": ...}`` dicts."""
    if isinstance(answer, Mapping):
        return answer.get("value")
    if hasattr(answer, "value") and hasattr(answer, "other_text"):
        return answer.value
    return answer


def is_empty_answer(value: object) -> bool:
    """None, blank text and empty lists count as 'not answered'."""
    value = _unwrap(value)
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return len(value) == 0
    return False


_NUMBER_TEXT = re.compile(r"^\s*[+-]?\d+(?:[.,]\d+)?\s*$")


def _as_number(value: object) -> int | float | Decimal | Fraction | None:
    """Numbers, and numeric text (population files are CSV), as a number; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal | Fraction):
        return value
    if isinstance(value, str) and _NUMBER_TEXT.match(value):
        text = value.strip().replace(",", ".")
        return float(text) if "." in text else int(text)
    return None


def _same(actual: object, expected: object) -> bool:
    """Equality that never raises and never confuses True with 1."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return actual is expected
    if isinstance(actual, str) and isinstance(expected, str):
        return actual == expected
    a, b = _as_number(actual), _as_number(expected)
    if a is None or b is None:
        return False
    try:
        return bool(a == b)
    except (ArithmeticError, TypeError, ValueError):
        return False


def _compare_order(actual: object, bound: object, op: str) -> bool:
    a, b = _as_number(actual), _as_number(bound)
    if a is None or b is None:
        return False
    try:
        return bool(a >= b) if op == "gte" else bool(a <= b)
    except (ArithmeticError, TypeError, ValueError):
        return False


def _is_collection(value: object) -> bool:
    return isinstance(value, list | tuple | set | frozenset)


def _compare(compare: Compare, actual: object, present: bool) -> bool:
    op, expected = compare.op, compare.value
    if op == "answered":
        return (present and not is_empty_answer(actual)) is expected
    if not present or is_empty_answer(actual):
        return False
    if op == "contains":
        items = actual if _is_collection(actual) else (actual,)
        return any(_same(item, expected) for item in items)  # type: ignore[union-attr]
    if op == "in":
        options = expected if isinstance(expected, tuple) else (expected,)
        items = actual if _is_collection(actual) else (actual,)
        return any(_same(item, o) for item in items for o in options)  # type: ignore[union-attr]
    if _is_collection(actual):
        return False
    if op == "equals":
        return _same(actual, expected)
    return _compare_order(actual, expected, op)


def evaluate(
    condition: Condition | None, attributes: Mapping[str, object], answers: Mapping[str, object]
) -> bool:
    """Whether a condition holds. Never raises on odd or missing data: it is then just false.

    ``None`` (no condition) is true. Answers may be plain values, ``Answer`` objects or
    ``{"value": ...}`` mappings.
    """
    match condition:
        case None:
            return True
        case AllOf(conditions):
            return all(evaluate(c, attributes, answers) for c in conditions)
        case AnyOf(conditions):
            return any(evaluate(c, attributes, answers) for c in conditions)
        case Not(inner):
            return not evaluate(inner, attributes, answers)
        case Compare(source, name):
            data = attributes if source == "attribute" else answers
            try:
                present = name in data
                actual = data.get(name)
            except Exception:  # a broken mapping must not break a respondent's page
                return False
            if source == "answer":
                actual = _unwrap(actual)
            elif name == "age" and not present and condition.op in ("gte", "lte"):
                return _band_compare(condition, attributes)
            return _compare(condition, actual, present)
    return False


def _band_compare(compare: Compare, attributes: Mapping[str, object]) -> bool:
    """An age condition on a respondent whose age is stored as a band (see `age_bands`)."""
    label = attributes.get("age_band")
    if not isinstance(label, str) or not _is_number(compare.value):
        return False
    return age_bands.band_satisfies(label, compare.op, compare.value)  # type: ignore[arg-type]


def visible_questions(
    theme: Theme, attributes: Mapping[str, object], answers: Mapping[str, object]
) -> list[Question]:
    """Questions of a theme that this respondent sees; none if the theme itself is hidden.

    Pass answers from ``effective_answers`` (or answers you know are current): an answer to a
    question that has since become hidden should not open up later questions.
    """
    if not evaluate(theme.show_if, attributes, answers):
        return []
    return [q for q in theme.questions if evaluate(q.show_if, attributes, answers)]


def _walk(
    questionnaire: Questionnaire, attributes: Mapping[str, object], answers: Mapping[str, object]
) -> tuple[list[tuple[Theme, list[Question]]], dict[str, object]]:
    """Go through the pages in order, keeping only answers to questions that are still visible.

    Conditions only look at earlier pages, so one pass in page order settles everything.
    """
    pages: list[tuple[Theme, list[Question]]] = []
    effective: dict[str, object] = {}
    for theme in questionnaire.themes:
        shown = visible_questions(theme, attributes, effective)
        pages.append((theme, shown))
        for question in shown:
            if question.id in answers and not is_empty_answer(answers[question.id]):
                effective[question.id] = answers[question.id]
    return pages, effective


def visible_themes(
    questionnaire: Questionnaire, attributes: Mapping[str, object], answers: Mapping[str, object]
) -> list[Theme]:
    """Pages this respondent gets: theme condition holds and at least one question is visible.

    Stale answers (to questions hidden by a later change of an earlier answer) are ignored.
    """
    pages, _ = _walk(questionnaire, attributes, answers)
    return [theme for theme, shown in pages if shown]


def _may_hold(condition: Condition | None, attributes: Mapping[str, object]) -> bool | None:
    """Three-valued `evaluate` before any answer is known: True or False when the attributes
    settle it, None when it depends on an answer."""
    match condition:
        case None:
            return True
        case AllOf(conditions):
            results = [_may_hold(c, attributes) for c in conditions]
            return False if False in results else (None if None in results else True)
        case AnyOf(conditions):
            results = [_may_hold(c, attributes) for c in conditions]
            return True if True in results else (None if None in results else False)
        case Not(inner):
            result = _may_hold(inner, attributes)
            return None if result is None else not result
        case Compare(source="answer"):
            return None
    return evaluate(condition, attributes, {})


def possible_themes(questionnaire: Questionnaire, attributes: Mapping[str, object]) -> list[Theme]:
    """Every page that can be shown to this respondent, whatever they answer: the pages that
    their attributes (provision groups, age, ...) do not rule out.

    This is the stable total of "Stap N van M". Counting the pages reachable under the answers
    given so far changes M halfway ("Stap 1 van 10" becomes "Stap 3 van 11" after a "ja" opens
    a page), which tells a respondent the end moves away from them. Attributes do not change
    during the survey, so this list does not either; it always holds every visible page, in the
    same order, and a page that routing skips simply advances the counter past it.
    """
    return [
        theme
        for theme in questionnaire.themes
        if _may_hold(theme.show_if, attributes) is not False
        and any(_may_hold(q.show_if, attributes) is not False for q in theme.questions)
    ]


def step_of(
    questionnaire: Questionnaire, attributes: Mapping[str, object], page_id: str
) -> tuple[int, int]:
    """(N, M) of "Stap N van M" for a page: its place among `possible_themes` and their count."""
    ids = [theme.id for theme in possible_themes(questionnaire, attributes)]
    return (ids.index(page_id) + 1 if page_id in ids else 1), len(ids)


def effective_answers(
    questionnaire: Questionnaire,
    attributes: Mapping[str, object],
    answers: Mapping[str, object],
) -> dict[str, object]:
    """The answers that count: those to questions visible under the final answers.

    A respondent may go back and change an earlier answer so that a later question no longer
    applies. The stale answer is kept in storage (nothing is deleted), but analysis must not count
    it. Values are returned as given (same objects), keyed by question id, in document order;
    empty answers and answers to unknown ids are left out.
    """
    _, effective = _walk(questionnaire, attributes, answers)
    return effective
