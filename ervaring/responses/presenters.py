"""Turn questions, stored answers and errors into ready-to-render rows for the templates.

Templates only display: which option is checked, which label in which language, which
error belongs to which field is decided here.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from ervaring.contact_text import phone_with_hours
from ervaring.questionnaires import routing
from ervaring.questionnaires.answers import Answer, choices, other_field
from ervaring.questionnaires.document import Question, Questionnaire
from ervaring.responses.texts import contact_sentence, ui_text

CHOICE_TYPES = {"agree", "satisfaction", "yesno", "single", "multi"}


def contact_line(
    organisation: object, language: str, *, with_lead: bool = True, is_kiosk: bool = False
) -> str:
    """How to reach the organisation, for every respondent page: "Heeft u vragen? Bel 14 0318
    (ma-vr 9.00-17.00) of mail naar ...". Without a number or address (no code open yet, or
    none set) the line points at the letter or e-mail, never a bare "Bel ons"; on the tablet,
    where there is no letter, at the staff member who handed it over. Without `with_lead` the
    question in front is left off, for a text that leads in itself."""
    phone = phone_with_hours(
        getattr(organisation, "contact_phone", ""), getattr(organisation, "opening_hours", "")
    )
    email = getattr(organisation, "contact_email", "")
    if is_kiosk and not (phone or email):
        return ui_text(language)["kiosk_contact"]
    sentence = contact_sentence(language, phone, email)
    if with_lead and (phone or email):
        return f"{ui_text(language)['questions_lead']} {sentence}"
    return sentence


@dataclass
class OptionRow:
    value: str
    label: str
    is_checked: bool
    dom_id: str
    is_extra: bool = False
    asks_other: bool = False


@dataclass
class QuestionRow:
    id: str
    type: str
    text: str
    help: str
    is_required: bool
    error: str
    options: list[OptionRow] = field(default_factory=list)
    value: str = ""
    other_value: str = ""
    other_name: str = ""
    #: The label of the "Anders, namelijk" box, naming its question: a page can hold two.
    other_label: str = ""
    #: True when `error` is about the "Anders, namelijk" text: it is shown on that box.
    other_error: bool = False
    has_other: bool = False
    input_mode: str = ""
    max_length: int | None = None

    @property
    def is_choice(self) -> bool:
        return self.type in CHOICE_TYPES

    @property
    def is_multi(self) -> bool:
        return self.type == "multi"

    @property
    def describedby(self) -> str:
        ids = [f"q-{self.id}-help"] if self.help else []
        if self.error and not self.other_error:
            ids.append(f"q-{self.id}-error")
        return " ".join(ids)

    @property
    def other_dom_id(self) -> str:
        """The "Anders, namelijk" text box; its wrapper is `<id>-wrap`, its error `<id>-error`."""
        return f"f-{self.other_name}"

    @property
    def error_target(self) -> str:
        """The element the error summary links to: the field that needs fixing, never the
        fieldset (which cannot take focus): the "Anders" box, the first option, or the input."""
        if self.other_error:
            return self.other_dom_id
        if self.options:
            return self.options[0].dom_id
        return f"f-{self.id}"


def _chosen(answer: Answer | None, raw: Sequence[str] | None) -> set[str]:
    if raw is not None:
        return set(raw)
    if answer is None:
        return set()
    if isinstance(answer.value, list):
        return {str(v) for v in answer.value}
    return {str(answer.value)}


def _plain_value(answer: Answer | None, raw: Sequence[str] | None) -> str:
    if raw is not None:
        return raw[0] if raw else ""
    if answer is None:
        return ""
    value = answer.value
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def question_row(
    question: Question,
    answer: Answer | None,
    error: str,
    language: str,
    submitted: Mapping[str, Sequence[str]] | None = None,
    *,
    is_other_error: bool = False,
) -> QuestionRow:
    """One question ready to render; `submitted` re-shows what was sent with an error;
    `is_other_error` says the error is about the "Anders, namelijk" text."""
    raw = submitted.get(question.id, []) if submitted is not None else None
    row = QuestionRow(
        id=question.id,
        type=question.type,
        text=question.text.get(language),
        help=question.help.get(language) if question.help else "",
        is_required=question.required,
        error=error,
        other_error=bool(error) and is_other_error,
    )
    if question.type in CHOICE_TYPES:
        chosen = _chosen(answer, raw)
        for index, choice in enumerate(choices(question)):
            row.options.append(
                OptionRow(
                    value=choice.value,
                    label=choice.label.get(language),
                    is_checked=choice.value in chosen,
                    dom_id=f"q-{question.id}-{index}",
                    is_extra=choice.is_excluded,
                    asks_other=choice.other,
                )
            )
        row.has_other = any(o.asks_other for o in row.options)
        row.other_name = other_field(question.id)
        row.other_label = ui_text(language)["other_label"].format(question=row.text)
        if submitted is not None:
            row.other_value = (submitted.get(row.other_name) or [""])[0]
        elif answer is not None:
            row.other_value = answer.other_text
    else:
        row.value = _plain_value(answer, raw)
        row.input_mode = "decimal" if question.decimals else "numeric"
        row.max_length = question.max_length if question.type == "open" else None
    return row


def page_rows(
    questions: Sequence[Question],
    stored: Mapping[str, Answer],
    errors: Mapping[str, str],
    other_errors: set[str],
    language: str,
    submitted: Mapping[str, Sequence[str]] | None = None,
) -> list[QuestionRow]:
    """The rows of one survey page (online and on the tablet alike)."""
    return [
        question_row(
            q,
            stored.get(q.id),
            errors.get(q.id, ""),
            language,
            submitted,
            is_other_error=q.id in other_errors,
        )
        for q in questions
    ]


# --------------------------------------------------------------------------- check your answers


@dataclass
class ReviewRow:
    question: str
    answer: str


@dataclass
class ReviewSection:
    """One page on the check-your-answers page: its questions with the answers as given."""

    id: str
    title: str
    rows: list[ReviewRow]
    change_url: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(row.answer for row in self.rows)


def answer_text(question: Question, answer: Answer, language: str) -> str:
    """An answer in the words the respondent chose it by ("Mee eens", "Anders, namelijk:
    bij de buren"); numbers with a decimal comma in Dutch."""
    if question.type not in CHOICE_TYPES:
        text = _plain_value(answer, None)  # as the form shows it: with a decimal comma
        if isinstance(answer.value, float) and language != "nl":
            text = text.replace(",", ".")
        return text
    chosen = answer.value if isinstance(answer.value, list) else [answer.value]
    codes = {str(code) for code in chosen}
    labels = []
    for choice in choices(question):
        if choice.value in codes:
            label = choice.label.get(language)
            if choice.other:
                separator = " " if label.endswith(":") else ": "
                label = f"{label}{separator}{answer.other_text}"
            labels.append(label)
    return ", ".join(labels)


def review_context(
    questionnaire: Questionnaire,
    attributes: Mapping[str, object],
    stored: Mapping[str, Answer],
    language: str,
    change_url: Callable[[str], str],
) -> dict[str, object]:
    """What the check-your-answers page shows; `change_url` gives a page's "Wijzig" link."""
    sections = review_sections(questionnaire, attributes, stored, language)
    for section in sections:
        section.change_url = change_url(section.id)
    empty = [section for section in sections if section.is_empty]
    return {
        "questionnaire_title": questionnaire.title.get(language),
        "sections": sections,
        "empty_sections": empty,
        "has_no_answers": len(empty) == len(sections),
    }


def review_sections(
    questionnaire: Questionnaire,
    attributes: Mapping[str, object],
    stored: Mapping[str, Answer],
    language: str,
) -> list[ReviewSection]:
    """Every page this respondent gets, in order, with the answers that count: an answer to a
    question that a later change hid is stored but not shown (nor analysed)."""
    values = {qid: a.value for qid, a in stored.items()}
    effective = routing.effective_answers(questionnaire, attributes, values)
    sections = []
    for theme in routing.visible_themes(questionnaire, attributes, effective):
        rows = [
            ReviewRow(
                question=q.text.get(language),
                answer=answer_text(q, stored[q.id], language) if q.id in effective else "",
            )
            for q in routing.visible_questions(theme, attributes, effective)
        ]
        sections.append(ReviewSection(theme.id, theme.title.get(language), rows))
    return sections
