"""Coding open answers (issue 12 part 2, C): the page, undo, suggestions, hiding, access."""

import random

import pytest
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.analysis import codebook_services, coding, suggestion_runs, suggestions
from ervaring.analysis.models import CoderRole, Coding, Quote, SuggestedCodes
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import scrubbing_runs

pytestmark = pytest.mark.django_db

TEXTS = [
    "de consulent was heel vriendelijk en nam me serieus",
    "het duurde 8 weken voordat er iemand kwam, veel te lang wachten",
    "mevrouw jansen was fijn, bel haar op 0612345678",
]


@pytest.fixture
def survey():
    survey = SurveyFactory(in_fieldwork=True)
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    codebook_services.ensure_codebook(survey)
    for text in TEXTS:
        answered(survey, {"open_goed": text, "open_beter": "niks"}, groups=("begeleiding",))
    return survey


@pytest.fixture
def researcher(client, survey):
    staff = StaffFactory(organisation=survey.organisation)
    client.force_login(staff)
    return staff


def page_url(survey, text, **query):
    url = reverse("analysis:coding", args=[survey.slug, "open_goed", text.pk])
    return url + ("?rol=" + query["rol"] if query else "")


def test_the_page_shows_the_question_the_scrubbed_text_and_the_group_and_nothing_else(
    client, survey, researcher
):
    first = texts_for(survey)[0]
    start = client.get(reverse("analysis:coding-start", args=[survey.slug, "open_goed"]))
    assert start.status_code == 302 and start.url == page_url(survey, first)
    third = texts_for(survey)[2]
    html = client.get(page_url(survey, third)).content.decode()
    assert "Wat vindt u goed aan de hulp en waarom?" in html
    assert "[NAAM] was fijn, bel haar op [TELEFOON]" in html
    assert "Voorziening: begeleiding" in html
    assert "0612345678" not in html and "jansen" not in html.lower()
    assert "Wijkteam Noord" not in html and "niks" not in html  # no team, no other answer
    assert "Antwoord 3 van 3 · 0 gecodeerd" in html
    assert "<kbd>1</kbd> Toegang en eerste contact: goed" in html


def test_codes_are_saved_several_per_answer_then_next_previous_and_undo(client, survey, researcher):
    first, second, _ = texts_for(survey)
    saved = client.post(
        page_url(survey, first),
        {"code": ["bejegening-plus", "deskundigheid-plus"], "action": "next"},
    )
    assert saved.url == page_url(survey, second)
    assert coding.codes_of(first, CoderRole.FIRST) == {"bejegening-plus", "deskundigheid-plus"}
    back = client.post(page_url(survey, second), {"code": ["wachttijd-klus"], "action": "prev"})
    assert back.url == page_url(survey, first)
    assert "2 gecodeerd" in client.get(page_url(survey, first)).content.decode()
    undo = reverse("analysis:coding-undo", args=[survey.slug, "open_goed"])
    assert client.post(undo, {"rol": "eerste"}).url == page_url(survey, second)
    assert coding.codes_of(second, CoderRole.FIRST) is None
    client.post(page_url(survey, first), {"code": ["bejegening-plus"], "action": "next"})
    client.post(undo, {"rol": "eerste"})
    assert coding.codes_of(first, CoderRole.FIRST) == {"bejegening-plus", "deskundigheid-plus"}


def test_a_code_of_another_survey_is_refused_and_nothing_is_saved(client, survey, researcher):
    first = texts_for(survey)[0]
    page = client.post(page_url(survey, first), {"code": ["bestaat-niet"]}, follow=True)
    assert "Code bestaat-niet staat niet in het codeboek" in page.content.decode()
    assert not Coding.objects.exists()


def test_keyword_suggestions_are_ranked_and_applied_only_when_accepted(client, survey, researcher):
    first = texts_for(survey)[0]
    html = client.get(page_url(survey, first)).content.decode()
    assert 'value="bejegening-plus" class="button button--secondary suggestion"' in html
    assert not Coding.objects.exists()  # shown, never applied
    client.post(page_url(survey, first), {"accept": "bejegening-plus", "code": []})
    assert coding.codes_of(first, CoderRole.FIRST) == {"bejegening-plus"}


def test_a_quote_is_chosen_with_the_answer_and_logged(client, survey, researcher):
    first = texts_for(survey)[0]
    client.post(page_url(survey, first), {"code": ["bejegening-plus"], "quote": "1"})
    assert Quote.objects.get().open_text == first
    assert AuditEvent.objects.filter(action="open_text.quote_chosen").count() == 1
    client.post(page_url(survey, first), {"code": ["bejegening-plus"]})
    assert not Quote.objects.exists()


def test_hiding_words_on_the_page_changes_the_text_and_is_logged(client, survey, researcher):
    first = texts_for(survey)[0]
    url = reverse("analysis:coding-hide", args=[survey.slug, "open_goed", first.pk])
    page = client.post(url, {"words": "de consulent", "rol": "eerste"}, follow=True)
    assert "[VERBORGEN] was heel vriendelijk" in page.content.decode()
    assert AuditEvent.objects.filter(action="open_text.span_hidden", actor=researcher).exists()


def test_another_organisation_cannot_read_code_or_hide(client, survey):
    first = texts_for(survey)[0]
    client.force_login(StaffFactory())  # an onderzoeker of another municipality
    hide = reverse("analysis:coding-hide", args=[survey.slug, "open_goed", first.pk])
    assert client.get(page_url(survey, first)).status_code == 404
    assert client.post(page_url(survey, first), {"code": ["bejegening-plus"]}).status_code == 404
    assert client.post(hide, {"words": "consulent"}).status_code == 404
    mine = SurveyFactory()  # their own survey does not open this answer either
    client.force_login(StaffFactory(organisation=mine.organisation))
    url = reverse("analysis:coding", args=[mine.slug, "open_goed", first.pk])
    assert client.get(url).status_code == 404
    assert not Coding.objects.exists() and "consulent" in texts_for(survey)[0].text


def test_a_teamleider_of_the_organisation_cannot_code(client, survey):
    first = texts_for(survey)[0]
    client.force_login(StaffFactory(organisation=survey.organisation, teamleider=True))
    assert client.get(page_url(survey, first)).status_code == 404


def test_the_model_learns_from_coded_answers_and_its_scores_reach_the_page(survey):
    staff = StaffFactory(organisation=survey.organisation)
    earlier = SurveyFactory(in_fieldwork=True, organisation=survey.organisation)
    codebook_services.ensure_codebook(earlier)
    for i in range(12):
        answered(earlier, {"open_goed": f"de hulp kwam heel vlot, binnen {i + 2} dagen"})
        answered(earlier, {"open_goed": f"ze wisselen steeds van hulp, al {i + 2} keer"})
    for text in texts_for(earlier):
        key = "wachttijd-plus" if "vlot" in text.text else "continuiteit-klus"
        coding.save_codes(text, CoderRole.FIRST, [key], coder=staff)
    new = answered(survey, {"open_goed": "het ging echt vlot"}).open_texts.get()
    # Every uncoded answer of this survey: 4 to "goed" and 3 to "beter".
    assert suggestion_runs.train_and_suggest(survey) == 7
    scores = SuggestedCodes.objects.get(open_text=new).scores
    assert scores["wachttijd-plus"] > scores.get("continuiteit-klus", 0)
    ranked = coding.suggested(new, list(survey.codes.all()))
    assert ranked[0].code.key == "wachttijd-plus"


def test_suggestions_hit_the_right_code_in_the_top_three_on_a_held_aside_set():
    """Synthetic answers of eight codes in client spelling; 200 held aside, never trained on."""
    phrases = {
        "bejegening-plus": ["heel vriendelijk", "aardige mevrouw", "ze namen me serieus"],
        "bejegening-klus": ["onvriendelijk", "bot tegen me", "luisterde niet"],
        "wachttijd-klus": ["duurde weken", "lang wachte", "wachtlijst"],
        "wachttijd-plus": ["snel geholpe", "ging vlot"],
        "informatie-klus": ["geen uitleg", "niks meer gehoord"],
        "effect-plus": ["kan me weer redden", "gaat nu beter"],
        "continuiteit-klus": ["steeds andere hulp", "wisseling van hulp"],
        "uitvoering-klus": ["te weinig uren", "niet schoon"],
    }
    rng = random.Random(7)
    examples = []
    for _ in range(1200):
        keys = rng.sample(sorted(phrases), rng.choice([1, 1, 2]))
        text = " en ".join(rng.choice(phrases[k]) for k in keys)
        examples.append((f"{rng.choice(['', 'nou ', 'eerlijk gezegd '])}{text}", keys))
    train, held = examples[:1000], examples[1000:]
    model = suggestions.train([t for t, _ in train], [k for _, k in train])
    predicted = suggestions.predict(model, [t for t, _ in held])
    hits = sum(
        keys[0] in [k for k, _ in suggestions.rank(scores, {}, has_model=True, minimum=0)]
        for (_, keys), scores in zip(held, predicted, strict=True)
    )
    assert hits / len(held) >= 0.9


def test_keywords_match_whole_words_only():
    keywords = {"bejegening-plus": ["vriendelijk"], "wachttijd-klus": ["lang wachten"]}
    assert suggestions.keyword_scores("erg onvriendelijk", keywords) == {}
    assert suggestions.keyword_scores("Vriendelijk! Maar lang   wachten.", keywords) == {
        "bejegening-plus": 1.0,
        "wachttijd-klus": 1.0,
    }


def test_a_rescrub_keeps_the_answers_readable_and_tags_a_colleague_added_since(
    client, survey, researcher
):
    answered(survey, {"open_goed": "zwaantje kroeskop kwam altijd op tijd"})
    row = texts_for(survey)[-1]
    assert row.text == "zwaantje kroeskop kwam altijd op tijd"  # on no list yet
    StaffFactory(organisation=survey.organisation, first_name="Zwaantje", last_name="Kroeskop")
    client.post(reverse("analysis:rescrub", args=[survey.slug]))
    assert row in texts_for(survey) and row in coding.texts_of(
        survey, coding.find_question(survey, "open_goed")
    )  # still readable while it waits
    scrubbing_runs.scrub_survey(survey)
    row.refresh_from_db()
    assert row.text == "[NAAM] kwam altijd op tijd"
    assert AuditEvent.objects.filter(action="open_text.rescrub").count() == 1
