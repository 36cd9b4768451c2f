"""Fast keyboard entry of paper forms and phone interviews: number keys instead of clicks.

Data-entry staff type a returned form with one hand on the number keys: every question is one
text field in the order of the form (Tab goes straight down), a scale answer is its code (5 =
helemaal mee eens ... 1 = helemaal niet mee eens, 8 = weet niet, 9 = niet van toepassing, the
numbers printed beside the boxes on the paper form), yes/no is 1 or 2, a choice is its number
in the list, several choices are typed together ("13" or "1 3"). This module turns those keys
into the form data of the online pages, so `answers.parse_page` validates exactly as online
and `services.enter_answers` stores them through the one write path.

Routing on a single long page: questions that depend on the respondent's attributes (their
provisions) are left out as online; questions that depend on earlier answers are shown with
their condition ("Alleen invullen als ..."), and the server ignores what was typed for a
question the answers skip, as the online pages would never have asked it.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ervaring.accounts import permissions
from ervaring.fieldwork import paper_form
from ervaring.fieldwork.paper_form import EntryKey
from ervaring.questionnaires import routing
from ervaring.questionnaires.answers import Answer, choices, other_field
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.questionnaires.models import Survey, SurveyStatus

ENTRY_CHANNEL_LABELS = {"papier": "papieren vragenlijst", "telefoon": "telefonisch interview"}
KEYED_TYPES = {"agree", "satisfaction", "yesno", "single", "multi"}


@dataclass
class EntryQuestion:
    """One field of the entry form, ready to render."""

    id: str
    number: int
    type: str
    text: str
    keys: list[EntryKey] = field(default_factory=list)
    condition: str = ""
    value: str = ""
    other_name: str = ""
    other_value: str = ""
    error: str = ""

    @property
    def is_keyed(self) -> bool:
        return self.type in KEYED_TYPES

    @property
    def is_multi(self) -> bool:
        return self.type == "multi"

    @property
    def describedby(self) -> str:
        ids = [f"f-{self.id}-cond"] if self.condition else []
        if self.is_keyed:
            ids.append(f"f-{self.id}-keys")
        if self.error:
            ids.append(f"f-{self.id}-error")
        return " ".join(ids)

    @property
    def key_hint(self) -> str:
        return ", ".join(f"{k.key} = {k.label.lower()}" for k in self.keys)


@dataclass
class EntryTheme:
    id: str
    title: str
    condition: str
    questions: list[EntryQuestion]


def keys_for(question: Question) -> list[EntryKey]:
    """The keys of a choice-like question, the numbers printed beside the paper form's boxes."""
    return paper_form.entry_keys(question)


def _depends_on_answers(condition: object) -> bool:
    return condition is not None and bool(routing.answer_references(condition))


def _shown(condition: object, attributes: Mapping[str, object]) -> bool:
    """Shown on the entry page: conditions on answers are shown with their note; conditions on
    attributes alone are decided now, as online."""
    return _depends_on_answers(condition) or routing.evaluate(condition, attributes, {})


def entry_form(
    questionnaire: Questionnaire,
    attributes: Mapping[str, object],
    typed: Mapping[str, Sequence[str]],
    errors: Mapping[str, str],
) -> list[EntryTheme]:
    """The long entry page: themes and questions for this respondent, with what was typed."""
    # The paper form's numbers, so "vraag 12" on screen is "12." on paper.
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions(), start=1)}
    themes = []
    for theme in questionnaire.themes:
        if not _shown(theme.show_if, attributes):
            continue
        rows = []
        for question in theme.questions:
            if not _shown(question.show_if, attributes):
                continue
            row = EntryQuestion(
                id=question.id,
                number=numbers[question.id],
                type=question.type,
                text=question.text.get("nl"),
                keys=keys_for(question) if question.type in KEYED_TYPES else [],
                condition=paper_form.instruction(question.show_if, questionnaire, numbers)
                if _depends_on_answers(question.show_if)
                else "",
                value=" ".join(typed.get(question.id, [])),
                error=errors.get(question.id, ""),
            )
            if row.is_keyed and any(c.other for c in choices(question)):
                row.other_name = other_field(question.id)
                row.other_value = " ".join(typed.get(row.other_name, []))
            rows.append(row)
        if rows:
            condition = (
                paper_form.instruction(theme.show_if, questionnaire, numbers)
                if _depends_on_answers(theme.show_if)
                else ""
            )
            themes.append(EntryTheme(theme.id, theme.title.get("nl"), condition, rows))
    return themes


def typed_from_answers(
    questionnaire: Questionnaire, stored: Mapping[str, Answer]
) -> dict[str, list[str]]:
    """Keys for answers already stored (a form that was started online), to prefill."""
    typed: dict[str, list[str]] = {}
    for qid, answer in stored.items():
        try:
            question = questionnaire.question(qid)
        except KeyError:
            continue
        if question.type in KEYED_TYPES:
            by_value = {k.value: k.key for k in keys_for(question)}
            values = answer.value if isinstance(answer.value, list) else [answer.value]
            typed[qid] = [" ".join(by_value.get(str(v), "") for v in values).strip()]
            if answer.other_text:
                typed[other_field(qid)] = [answer.other_text]
        else:
            value = answer.value
            shown = f"{value:g}".replace(".", ",") if isinstance(value, float) else str(value)
            typed[qid] = [shown]
    return typed


def _split_keys(text: str, keys: list[EntryKey]) -> list[str]:
    """'1 3', '1,3' and (with at most nine options) '13' all mean options 1 and 3."""
    cleaned = text.replace(",", " ").replace(";", " ").split()
    if len(cleaned) == 1 and len(keys) <= 9 and cleaned[0].isdigit():
        return list(cleaned[0])
    return cleaned


def to_form_data(
    questionnaire: Questionnaire, typed: Mapping[str, Sequence[str]]
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Translate typed keys into the online form's data; unknown keys are errors.

    Returns (form data for `parse_page`, errors per question id). Empty fields stay empty.
    """
    data: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for question in questionnaire.questions():
        raw = " ".join(typed.get(question.id, [])).strip()
        if question.type not in KEYED_TYPES:
            if raw:
                data[question.id] = [raw]
            continue
        other = other_field(question.id)
        if typed.get(other):
            data[other] = list(typed[other])
        if not raw:
            continue
        keys = keys_for(question)
        by_key = {k.key: k.value for k in keys}
        parts = _split_keys(raw, keys) if question.type == "multi" else [raw]
        if any(part not in by_key for part in parts) or (
            question.type != "multi" and len(parts) != 1
        ):
            allowed = ", ".join(k.key for k in keys)
            errors[question.id] = f"Typ een van deze cijfers: {allowed}."
            continue
        data[question.id] = [by_key[part] for part in dict.fromkeys(parts)]
    return data, errors


def entry_surveys(user: object) -> list[Survey]:
    """The surveys this staff member may type forms in for: their organisation's, in
    fieldwork, if their role allows data entry."""
    if not permissions.is_staff_member(user):
        return []
    surveys = Survey.objects.filter(
        organisation_id=user.organisation_id,  # type: ignore[attr-defined]
        status=SurveyStatus.FIELDWORK,
    ).select_related("organisation", "current_version")
    return [s for s in surveys if permissions.can_enter_data(user, s)]
