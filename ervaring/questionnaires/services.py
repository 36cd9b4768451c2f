"""Verbs of the questionnaires domain: create surveys, save versions, start fieldwork."""

from collections.abc import Callable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.questionnaires import document as doc
from ervaring.questionnaires import routing, standard
from ervaring.questionnaires.lifecycle import Action, SurveyError
from ervaring.questionnaires.models import QuestionnaireVersion, Survey, SurveyStatus
from ervaring.questionnaires.translations import translation_problem

TEMPLATE_LAW = {"wmo": "wmo", "jeugd": "jeugd"}


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
    """Store a new version; before fieldwork it is in use at once, during fieldwork it waits
    for `adopt_version` (respondents who already began must not get a different
    questionnaire behind the project leader's back)."""
    last = survey.versions.order_by("-number").first()
    version = QuestionnaireVersion.objects.create(
        survey=survey,
        number=(last.number + 1) if last else 1,
        document=doc.dump_document(questionnaire),
        created_by=actor,
        note=note[:200],
    )
    if survey.status == SurveyStatus.CONCEPT or survey.current_version_id is None:
        survey.current_version = version
        survey.save(update_fields=["current_version"])
    return version


class StaleVersion(SurveyError):
    """The change was made on a version that is no longer the newest."""


@transaction.atomic
def save_version(
    survey: Survey,
    source: str | Mapping,
    actor: Staff | None = None,
    note: str = "",
    based_on: int | None = None,
) -> QuestionnaireVersion:
    """Validate a questionnaire document and store it as the survey's newest version.

    `based_on` is the number of the version the editor started from: when someone else
    saved a version since, the change is refused (StaleVersion) instead of silently
    overwriting theirs. The survey row is locked, so two saves get consecutive numbers.
    Raises `document.DocumentError` (listing every problem) and writes nothing when invalid.
    """
    survey = Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)
    survey.require(Action.EDIT_QUESTIONNAIRE)
    newest = survey.latest_version
    if based_on is not None and newest is not None and newest.number != based_on:
        raise StaleVersion(
            f"Intussen is versie {newest.number} opgeslagen"
            f"{f' door {newest.created_by.username}' if newest.created_by else ''}. "
            f"Uw wijziging ging uit van versie {based_on} en is niet opgeslagen: open de "
            "vragenlijst opnieuw en breng uw wijziging daar aan."
        )
    questionnaire = doc.load_document(source)
    version = _write_version(survey, questionnaire, actor, note or "Vragenlijst aangepast")
    log_event(
        "questionnaire.version_saved",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        version=version.number,
        in_use=survey.current_version_id == version.pk,
    )
    return version


@transaction.atomic
def adopt_version(survey: Survey, number: int, actor: Staff | None = None) -> QuestionnaireVersion:
    """Put a newer version in use during fieldwork: the explicit step after saving one.

    Who already began keeps the version they began on; who begins from now gets this one.
    The version is frozen from this moment.
    """
    survey = Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)
    survey.require(Action.ADOPT_VERSION)
    version = survey.versions.filter(number=number).first()
    if version is None or version.number <= survey.current_version.number:
        raise SurveyError(f"Versie {number} is niet nieuwer dan de versie die in gebruik is.")
    _require_translations(version)
    version.frozen_at = timezone.now()
    version.save(update_fields=["frozen_at"])
    previous = survey.current_version.number
    survey.current_version = version
    survey.save(update_fields=["current_version"])
    log_event(
        "questionnaire.version_adopted",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
        version=version.number,
        previous=previous,
    )
    return version


def add_local_question(
    survey: Survey,
    theme_id: str,
    question: Mapping,
    actor: Staff | None = None,
    position: int | None = None,
    based_on: int | None = None,
) -> QuestionnaireVersion:
    """Add a municipality's own question to a theme, as a new version of the newest one
    (refused when `based_on` is given and someone saved a newer version since)."""
    newest = survey.latest_version
    changed = doc.add_question(get_document(newest), theme_id, question, position)
    return save_version(
        survey,
        doc.dump_document(changed),
        actor,
        note=f"Lokale vraag {question.get('id')}",
        based_on=newest.number if based_on is None else based_on,
    )


#: What the apps above this one want a project leader to know when fieldwork starts, without
#: stopping it: each takes the survey and returns a Dutch note, or ''. Registered in their
#: AppConfig.ready (fieldwork: own message texts not yet in every language the survey
#: offers), because this layer may not import theirs.
START_NOTICES: list[Callable[[Survey], str]] = []


def start_notices(survey: Survey) -> list[str]:
    """The notes of :data:`START_NOTICES` for this survey (shown when fieldwork starts)."""
    return [note for notice in START_NOTICES if (note := notice(survey))]


def _require_translations(version: QuestionnaireVersion) -> None:
    """No respondent meets Dutch in a language the survey offers: a missing translation
    stops the start (or the new version) with every gap named."""
    problem = translation_problem(get_document(version))
    if problem:
        raise SurveyError(problem)


@transaction.atomic
def start_fieldwork(survey: Survey, actor: Staff | None = None) -> Survey:
    """Open the survey for answers and freeze the questionnaire version in use."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.require(Action.START_FIELDWORK)
    now = timezone.now()
    version = survey.current_version
    _require_translations(version)
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


def describe_condition(data: Mapping | None, questionnaire: doc.Questionnaire | None = None) -> str:
    """A condition in plain Dutch for the staff pages ("alleen als ..."): questions by their
    text and options by their label when the questionnaire is given, never by their ids."""
    if not data:
        return ""
    if "all" in data:
        return " en ".join(f"({describe_condition(c, questionnaire)})" for c in data["all"])
    if "any" in data:
        return " of ".join(f"({describe_condition(c, questionnaire)})" for c in data["any"])
    if "not" in data:
        return f"niet ({describe_condition(data['not'], questionnaire)})"
    labels: Mapping[str, str] = {}
    if "attribute" in data:
        subject = _ATTRIBUTE_WORDS.get(data["attribute"], f"kenmerk {data['attribute']}")
    else:
        subject, labels = _answer_words(str(data["answer"]), questionnaire)
    for operator, word in _OPERATOR_WORDS.items():
        if operator in data:
            value = data[operator]
            values = value if isinstance(value, list) else [value]
            shown = ", ".join(labels.get(str(v), str(v).replace("_", " ")) for v in values)
            return f"{subject} {word} {shown}"
    return subject


def _answer_words(
    question_id: str, questionnaire: doc.Questionnaire | None
) -> tuple[str, Mapping[str, str]]:
    """ "het antwoord op ‘Heeft u zelf contact gehad …’" and the labels of its options."""
    try:
        question = questionnaire.question(question_id) if questionnaire else None
    except KeyError:
        question = None
    if question is None:
        return f"het antwoord op {question_id}", {}
    text = question.text.get("nl").rstrip("?.")
    options = {o.code: o.label.get("nl") for o in question.options}
    return f"het antwoord op ‘{text}’", options


def describe_themes(questionnaire: doc.Questionnaire) -> list[dict[str, object]]:
    """Rows for the staff overview of a questionnaire: themes, questions and their routing."""
    rows = []
    for theme in questionnaire.themes:
        rows.append(
            {
                "id": theme.id,
                "title": theme.title.get("nl"),
                "condition": describe_condition(_condition_data(theme.show_if), questionnaire),
                "questions": [
                    {
                        "id": q.id,
                        "text": q.text.get("nl"),
                        "type": TYPE_LABELS.get(q.type, q.type),
                        "measure": q.measure or "",
                        "standard": q.standard or "",
                        "is_local": q.local,
                        "condition": describe_condition(_condition_data(q.show_if), questionnaire),
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
    if survey.status in (SurveyStatus.CLOSED, SurveyStatus.REPORTED):
        return survey
    survey.require(Action.CLOSE)
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


@transaction.atomic
def mark_reported(survey: Survey, actor: Staff | None = None) -> Survey:
    """Record that the report went out: from now on the survey's figures are what was
    published, so nothing may add to them (no answers, invitations or versions)."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    survey.require(Action.MARK_REPORTED)
    survey.status = SurveyStatus.REPORTED
    survey.reported_at = timezone.now()
    survey.save(update_fields=["status", "reported_at"])
    log_event(
        "survey.reported",
        organisation=survey.organisation,
        actor=actor,
        target=survey.slug,
    )
    return survey
