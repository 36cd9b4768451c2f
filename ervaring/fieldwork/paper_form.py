"""What the paper form and the data-entry screen share: the numbers beside the boxes and
the routing written as an instruction.

Apart from the PDF (`fieldwork.paper`), so that the data-entry screen can number its
questions the way the paper does without loading ReportLab on the web path.
"""

import functools
from dataclasses import dataclass

from ervaring.fieldwork import message_texts
from ervaring.questionnaires.answers import choices
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.routing import AllOf, AnyOf, Compare, Not, condition_to_data
from ervaring.questionnaires.services import describe_condition

SCALE_TYPES = ("agree", "satisfaction")
ROLES = ("ouder", "jongere", "client")


@dataclass(frozen=True)
class EntryKey:
    """A number printed beside a box, and the stored answer value it stands for."""

    key: str
    value: str
    label: str


def entry_keys(question: Question, language: str = "nl") -> list[EntryKey]:
    """The numbers of a choice-like question: the scale code on scales, else 1, 2, 3 ...,
    with the label in `language`.

    The data-entry screen uses the same numbers, so what is printed is what is typed.
    """
    offered = choices(question)
    if question.type in SCALE_TYPES:
        return [EntryKey(c.value, c.value, c.label.get(language)) for c in offered]
    return [
        EntryKey(str(n), c.value, c.label.get(language)) for n, c in enumerate(offered, start=1)
    ]


def instruction(
    condition: object, questionnaire: Questionnaire, numbers: dict[str, int], language: str = "nl"
) -> str:
    """A routing condition as a plain instruction for the paper form, in `language`.

    A condition that cannot be put in words in another language than Dutch (a provision
    group's name, an unusual combination) becomes "only fill in if this applies to you":
    the theme's own introduction, which is translated, says what it is about."""
    if condition is None:
        return ""
    phrase = _phrase(condition, questionnaire, numbers, language)
    if phrase is None:
        return message_texts.text(language, "msg_paper_applies")
    return message_texts.text(language, "msg_paper_only_if", condition=phrase)


def _joined(key: str, parts: list[str | None], language: str) -> str | None:
    """Parts joined pairwise with 'en' or 'of' in `language`; None when one has no words."""
    if any(part is None for part in parts):
        return None
    return functools.reduce(
        lambda first, second: message_texts.text(language, key, first=first, second=second),
        parts,  # type: ignore[arg-type]
    )


def _phrase(
    condition: object, questionnaire: Questionnaire, numbers: dict[str, int], language: str
) -> str | None:
    match condition:
        case AllOf(parts):
            phrases = [_phrase(p, questionnaire, numbers, language) for p in parts]
            return _joined("msg_paper_and", phrases, language)
        case AnyOf(parts):
            phrases = [_phrase(p, questionnaire, numbers, language) for p in parts]
            return _joined("msg_paper_or", phrases, language)
        case Compare("attribute", "provision_groups", "contains", value) if language == "nl":
            return f"u {str(value).replace('_', ' ')} krijgt"
        case Compare("attribute", "respondent_role", "equals", value) if value in ROLES:
            return message_texts.text(language, f"msg_paper_role_{value}")
        case Compare("answer", name, "equals" | "in" | "contains", value) if name in numbers:
            return _answered("msg_paper_answered", name, value, questionnaire, numbers, language)
        case Not(Compare("answer", name, "equals" | "in" | "contains", value)) if name in numbers:
            key = "msg_paper_not_answered"
            return _answered(key, name, value, questionnaire, numbers, language)
    if language != "nl":
        return None
    return describe_condition(condition_to_data(condition), questionnaire)  # type: ignore[arg-type]


def _answered(
    key: str,
    name: str,
    value: object,
    questionnaire: Questionnaire,
    numbers: dict[str, int],
    language: str,
) -> str | None:
    """ "u bij vraag 5 'Ja' heeft aangekruist" (or, with the 'not' key, 'niet')."""
    wanted = value if isinstance(value, tuple) else (value,)
    labels = {k.value: k.label for k in entry_keys(questionnaire.question(name), language)}
    shown = _joined("msg_paper_or", [f"'{labels.get(str(v), v)}'" for v in wanted], language)
    return message_texts.text(language, key, number=numbers[name], answers=shown)
