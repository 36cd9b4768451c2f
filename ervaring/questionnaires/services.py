"""Verbs of the questionnaires domain: create surveys, save versions, start fieldwork."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.questionnaires import document as doc
from ervaring.questionnaires import routing, standard
from ervaring.questionnaires.models import QuestionnaireVersion, Survey, SurveyStatus

TEMPLATE_LAW = {"wmo": "wmo", "jeugd": "jeugd"}


class SurveyError(Exception):
    """A survey action that is not allowed in the survey's current state."""


_PARSED: dict[tuple[int, str], doc.Questionnaire] = {}


def get_document(version: QuestionnaireVersion) -> doc.Questionnaire:
    """Return the parsed questionnaire of a version.

    Versions never change after they are written, so each is parsed once per process. The
    creation time is part of the key because a primary key can be reused after a rollback.
    """
    key = (version.pk, version.created_at.isoformat())
    parsed = _PARSED.get(key)
    if parsed is None:
        parsed = doc.load_document(version.document)
        if len(_PARSED) > 256:
            _PARSED.clear()
        _PARSED[key] = parsed
    return parsed


def unique_survey_slug(organisation: Organisation, name: str) -> str:
    base = slugify(f"{organisation.slug}-{name}")[:70] or organisation.slug
    slug, n = base, 2
    while Survey.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_survey_from_template(
    organisation: Organisation,
    template_key: str,
    name: str,
    actor: Staff | None = None,
    actor_label: str = "",
) -> Survey:
    """Create a survey in preparation with version 1 of a standard template."""
    if template_key not in standard.TEMPLATES:
        raise SurveyError(
            f"Onbekend sjabloon '{template_key}'. Kies uit: {', '.join(standard.TEMPLATES)}."
        )
    questionnaire = standard.load_template(template_key)
    survey = Survey.objects.create(
        organisation=organisation,
        slug=unique_survey_slug(organisation, name),
        name=name,
        law=TEMPLATE_LAW[template_key],
        template_key=template_key,
    )
    _write_version(survey, questionnaire, actor, note=f"Standaardsjabloon {template_key}")
    log_event(
        "survey.created",
        organisation=organisation,
        actor=actor,
        actor_label=actor_label,
        target=survey.slug,
        template=template_key,
    )
    return survey


def _write_version(
    survey: Survey, questionnaire: doc.Questionnaire, actor: Staff | None, note: str
) -> QuestionnaireVersion:
    last = survey.versions.order_by("-number").first()
    version = QuestionnaireVersion.objects.create(
        survey=survey,
        number=(last.number + 1) if last else 1,
        document=doc.dump_document(questionnaire),
        created_by=actor,
        note=note[:200],
    )
    if survey.status == SurveyStatus.FIELDWORK:
        version.frozen_at = timezone.now()
        version.save(update_fields=["frozen_at"])
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    return version


@transaction.atomic
def save_version(
    survey: Survey, source: str | Mapping, actor: Staff | None = None, note: str = ""
) -> QuestionnaireVersion:
    """Validate a questionnaire document and store it as the survey's new current version.

    Raises `document.DocumentError` (listing every problem) and writes nothing when invalid.
    Responses already started keep the version they began on.
    """
    if survey.status == SurveyStatus.CLOSED:
        raise SurveyError("Dit onderzoek is gesloten; de vragenlijst kan niet meer veranderen.")
    questionnaire = doc.load_document(source)
    version = _write_version(survey, questionnaire, actor, note or "Vragenlijst aangepast")
    log_event(
        "questionnaire.version_saved",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        version=version.number,
    )
    return version


def add_local_question(
    survey: Survey,
    theme_id: str,
    question: Mapping,
    actor: Staff | None = None,
    position: int | None = None,
) -> QuestionnaireVersion:
    """Add a municipality's own question to a theme, as a new version."""
    current = get_document(survey.current_version)
    changed = doc.add_question(current, theme_id, question, position)
    return save_version(
        survey, doc.dump_document(changed), actor, note=f"Lokale vraag {question.get('id')}"
    )


@transaction.atomic
def start_fieldwork(survey: Survey, actor: Staff | None = None) -> Survey:
    """Open the survey for answers and freeze the questionnaire version in use."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status != SurveyStatus.CONCEPT:
        raise SurveyError("Het veldwerk is al begonnen of het onderzoek is gesloten.")
    now = timezone.now()
    version = survey.current_version
    version.frozen_at = now
    version.save(update_fields=["frozen_at"])
    survey.status = SurveyStatus.FIELDWORK
    survey.fieldwork_started_at = now
    survey.save(update_fields=["status", "fieldwork_started_at"])
    log_event(
        "survey.fieldwork_started",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        version=version.number,
    )
    return survey


TYPE_LABELS = {
    "agree": "stelling",
    "satisfaction": "tevredenheid",
    "yesno": "ja/nee",
    "single": "één keuze",
    "multi": "meer keuzes",
    "open": "open",
    "number": "getal",
}
_ATTRIBUTE_WORDS = {
    "law": "de wet",
    "provision_groups": "de voorzieningen",
    "age": "de leeftijd",
    "age_band": "de leeftijdsgroep",
    "team": "het team",
    "district": "de wijk",
    "respondent_role": "wie invult",
}
_OPERATOR_WORDS = {
    "equals": "is",
    "in": "is een van",
    "contains": "bevat",
    "gte": "is minstens",
    "lte": "is hoogstens",
    "answered": "is beantwoord:",
}


def describe_condition(data: Mapping | None) -> str:
    """A condition in plain Dutch for the staff pages ("alleen als ...")."""
    if not data:
        return ""
    if "all" in data:
        return " en ".join(f"({describe_condition(c)})" for c in data["all"])
    if "any" in data:
        return " of ".join(f"({describe_condition(c)})" for c in data["any"])
    if "not" in data:
        return f"niet ({describe_condition(data['not'])})"
    if "attribute" in data:
        subject = _ATTRIBUTE_WORDS.get(data["attribute"], f"kenmerk {data['attribute']}")
    else:
        subject = f"het antwoord op {data['answer']}"
    for operator, word in _OPERATOR_WORDS.items():
        if operator in data:
            value = data[operator]
            shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            return f"{subject} {word} {shown}"
    return subject


def describe_themes(questionnaire: doc.Questionnaire) -> list[dict[str, object]]:
    """Rows for the staff overview of a questionnaire: themes, questions and their routing."""
    rows = []
    for theme in questionnaire.themes:
        rows.append(
            {
                "id": theme.id,
                "title": theme.title.get("nl"),
                "condition": describe_condition(_condition_data(theme.show_if)),
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text.get("nl"),
                        "type": TYPE_LABELS.get(q.type, q.type),
                        "measure": q.measure or "",
                        "standard": q.standard or "",
                        "is_local": q.local,
                        "condition": describe_condition(_condition_data(q.show_if)),
                    }
                    for q in theme.questions
                ],
            }
        )
    return rows


def _condition_data(condition: object) -> Mapping | None:
    return routing.condition_to_data(condition) if condition is not None else None


@transaction.atomic
def close_fieldwork(survey: Survey, actor: Staff | None = None, actor_label: str = "") -> Survey:
    """Close the survey: no more answers, invitations or reminders (they check the status).

    Safe to call on a survey that is already closed: it is returned unchanged, so a second
    run of the closing command only (re)schedules the contact-data purge.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    if survey.status == SurveyStatus.CLOSED:
        return survey
    if survey.status != SurveyStatus.FIELDWORK:
        raise SurveyError("Het veldwerk is nog niet begonnen; sluiten kan pas daarna.")
    survey.status = SurveyStatus.CLOSED
    survey.closed_at = timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    log_event(
        "survey.fieldwork_closed",
        organisation=survey.organisation,
        actor=actor,
        actor_label=actor_label,
        target=survey.slug,
    )
    return survey
