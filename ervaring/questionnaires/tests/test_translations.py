"""A survey offers its questionnaire's languages; fieldwork waits until all are complete."""

import pytest
import yaml

from ervaring.questionnaires import services, standard
from ervaring.questionnaires.document import load_document
from ervaring.questionnaires.lifecycle import SurveyError
from ervaring.questionnaires.models import SurveyStatus
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.questionnaires.translations import missing_translations

DOCUMENT = """
format: 1
key: test
title: {nl: Uw ervaring, tr: Deneyiminiz}
languages: [nl, tr]
themes:
  - id: hulp
    title: {nl: De hulp, tr: Yardım}
    questions:
      - id: snel
        type: agree
        text: {nl: Ik werd snel geholpen., tr: Bana hızlı yardım edildi.}
      - id: manier
        type: single
        text: {nl: "Hoe nam u contact op?", tr: "Nasıl iletişime geçtiniz?"}
        options:
          - {code: telefoon, label: {nl: Ik belde, tr: Telefon ettim}}
          - {code: balie, label: {nl: Aan de balie}}
"""


def test_a_missing_translation_is_named_by_its_path_and_dutch_text():
    assert missing_translations(load_document(DOCUMENT)) == {
        "tr": ["themes[0].questions[1].options[1].label ('Aan de balie')"]
    }


def test_a_language_ervaring_does_not_ship_misses_the_page_texts_and_the_scales():
    document = yaml.safe_load(DOCUMENT.replace("[nl, tr]", "[nl, tr, ti]"))
    missing = missing_translations(load_document(document))["ti"]
    assert missing[:2] == ["de vaste teksten van de pagina's", "antwoordschaal agree"]
    assert "title ('Uw ervaring')" in missing


@pytest.mark.parametrize("key", ["wmo", "jeugd"])
def test_the_standard_questionnaires_are_complete_in_every_language_they_offer(key):
    questionnaire = load_document(standard.template_source(key))
    assert missing_translations(questionnaire) == {}


def test_the_standard_wmo_questionnaire_offers_turkish_arabic_and_polish():
    assert {"tr", "ar", "pl"} <= set(load_document(standard.template_source("wmo")).languages)


@pytest.mark.django_db
def test_fieldwork_does_not_start_while_a_translation_is_missing():
    survey = SurveyFactory()
    services.save_version(survey, DOCUMENT)
    with pytest.raises(SurveyError) as refused:
        services.start_fieldwork(survey)
    assert "Turks (tr): themes[0].questions[1].options[1].label ('Aan de balie')" in str(
        refused.value
    )
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CONCEPT


@pytest.mark.django_db
def test_a_new_version_with_a_missing_translation_is_not_put_in_use():
    survey = SurveyFactory(in_fieldwork=True)
    version = services.save_version(survey, DOCUMENT)
    with pytest.raises(SurveyError, match="Er ontbreken vertalingen"):
        services.adopt_version(survey, version.number)
    survey.refresh_from_db()
    assert survey.current_version.number < version.number


@pytest.mark.django_db
def test_the_add_question_page_asks_for_every_language_the_survey_offers(client):
    from django.urls import reverse

    from ervaring.accounts.tests.factories import StaffFactory

    survey = SurveyFactory()
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = reverse("questionnaires:survey-add-question", args=[survey.slug])
    page = client.get(url).content.decode()
    for name in ("Engels", "Turks", "Arabisch", "Pools"):
        assert f"Vertaling ({name})" in page
    texts = {"text_en": "My GP phoned.", "text_tr": "Doktorum aradı.", "text_ar": "اتصل طبيبي."}
    client.post(
        url,
        {"theme": "over_u", "type": "yesno", "based_on": "1", "question_id": "huisarts",
         "text_nl": "Mijn huisarts belde.", **texts},
    )  # fmt: skip
    version = survey.versions.order_by("-number").first()
    question = services.get_document(version).question("huisarts")
    assert dict(question.text) == {"nl": "Mijn huisarts belde.", "en": "My GP phoned.",
                                   "tr": "Doktorum aradı.", "ar": "اتصل طبيبي."}  # fmt: skip
    with pytest.raises(SurveyError, match=r"Pools \(pl\): themes\[\d+\]\.questions\[\d+\]\.text"):
        services.start_fieldwork(survey)


@pytest.mark.django_db
def test_the_add_question_page_takes_the_answers_in_every_language_too(client):
    """Issue 14: the form gave each language only the question text, so a choice question
    always blocked fieldwork until someone edited the document by hand."""
    from django.urls import reverse

    from ervaring.accounts.tests.factories import StaffFactory

    survey = SurveyFactory()
    client.force_login(StaffFactory(organisation=survey.organisation))
    url = reverse("questionnaires:survey-add-question", args=[survey.slug])
    page = client.get(url).content.decode()
    assert "Antwoorden (Arabisch): in dezelfde volgorde, één per regel" in page
    question = {
        "theme": "over_u", "type": "single", "based_on": "1", "question_id": "mantelzorg",
        "text_nl": "Wie helpt u?", "text_en": "Who helps you?",
        "text_tr": "Size kim yardım ediyor?", "text_ar": "من يساعدك؟",
        "text_pl": "Kto Panu/Pani pomaga?",
        "options": "Familie\n*Iemand anders",
        "options_en": "Family\n*Somebody else", "options_tr": "Aile\nBaşka biri",
        "options_ar": "العائلة\nشخص آخر",
    }  # fmt: skip
    short = client.post(url, {**question, "options_tr": "Aile"})
    assert short.status_code == 200
    assert (
        "Antwoorden (Turks): geef 2 regels, één voor elk Nederlands antwoord in dezelfde "
        "volgorde; nu zijn het er 1." in short.content.decode()
    )
    assert survey.versions.count() == 1, "nothing is saved while a field is wrong"

    assert client.post(url, question).status_code == 302
    version = survey.versions.order_by("-number").first()
    added = services.get_document(version).question("mantelzorg")
    assert [dict(o.label) for o in added.options] == [
        {"nl": "Familie", "en": "Family", "tr": "Aile", "ar": "العائلة"},
        {"nl": "Iemand anders", "en": "Somebody else", "tr": "Başka biri", "ar": "شخص آخر"},
    ]
    assert [o.other for o in added.options] == [False, True]
    with pytest.raises(SurveyError) as refused:
        services.start_fieldwork(survey)
    message = str(refused.value)
    assert "'Familie'" in message and "'Iemand anders'" in message
    polish = message.split("Pools (pl): ")[1]
    assert "options[0].label ('Familie')" in polish and "options[1].label" in polish
    assert "Turks (tr)" not in message, "the options given in Turkish count as translated"
