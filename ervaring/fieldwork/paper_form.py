"""What the paper form and the data-entry screen share: the numbers beside the boxes and
the routing written as an instruction.

Apart from the PDF (`fieldwork.paper`), so that the data-entry screen can number its
questions the way the paper does without loading ReportLab on the web path.
"""

from dataclasses import dataclass

from ervaring.questionnaires.answers import choices
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.routing import AllOf, AnyOf, Compare, condition_to_data
from ervaring.questionnaires.services import describe_condition

SCALE_TYPES = ("agree", "satisfaction")
ROLE_WORDS = {
    "ouder": "de ouder of verzorger bent",
    "jongere": "de jongere zelf bent",
    "client": "de cliënt bent",
}


@dataclass(frozen=True)
class EntryKey:
    """A number printed beside a box, and the stored answer value it stands for."""

    key: str
    value: str
    label: str


def entry_keys(question: Question) -> list[EntryKey]:
    """The numbers of a choice-like question: the scale code on scales, else 1, 2, 3 ...

    The data-entry screen uses the same numbers, so what is printed is what is typed.
    """
    offered = choices(question)
    if question.type in SCALE_TYPES:
        return [EntryKey(c.value, c.value, c.label.get("nl")) for c in offered]
    return [EntryKey(str(n), c.value, c.label.get("nl")) for n, c in enumerate(offered, start=1)]


def instruction(condition: object, questionnaire: Questionnaire, numbers: dict[str, int]) -> str:
    """A routing condition as a plain instruction for the paper form."""
    if condition is None:
        return ""
    return f"Alleen invullen als {_phrase(condition, questionnaire, numbers)}."


def _phrase(condition: object, questionnaire: Questionnaire, numbers: dict[str, int]) -> str:
    match condition:
        case AllOf(parts):
            return " en ".join(_phrase(p, questionnaire, numbers) for p in parts)
        case AnyOf(parts):
            return " of ".join(_phrase(p, questionnaire, numbers) for p in parts)
        case Compare("attribute", "provision_groups", "contains", value):
            return f"u {str(value).replace('_', ' ')} krijgt"
        case Compare("attribute", "respondent_role", "equals", value) if value in ROLE_WORDS:
            return f"u {ROLE_WORDS[str(value)]}"
        case Compare("answer", name, "equals" | "in" | "contains", value) if name in numbers:
            wanted = value if isinstance(value, tuple) else (value,)
            labels = {k.value: k.label for k in entry_keys(questionnaire.question(name))}
            shown = " of ".join(f"'{labels.get(str(v), v)}'" for v in wanted)
            return f"u bij vraag {numbers[name]} {shown} heeft aangekruist"
    return describe_condition(condition_to_data(condition), questionnaire)  # type: ignore[arg-type]
