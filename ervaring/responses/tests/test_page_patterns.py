"""The shared form patterns of the respondent pages, checked in the HTML a respondent gets:
the conditional "Anders, namelijk" box, the error summary, and the check-your-answers page."""

import re

import pytest
from django.urls import reverse

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.answers import Answer as Given
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.questionnaires.tests.test_answers import make_document
from ervaring.responses import services
from ervaring.responses.models import Answer, Response
from ervaring.responses.presenters import answer_text

pytestmark = pytest.mark.django_db

FIRST_PAGE = reverse("responses:page", kwargs={"page_id": "contact"})
LAST_PAGE = reverse("responses:page", kwargs={"page_id": "over_u"})
REVIEW = reverse("responses:review")


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


@pytest.fixture
def respondent(client, survey):
    """A client who entered a valid code and sees the welcome page."""
    issued = invite(survey)
    client.post(reverse("responses:start"), {"code": issued.code})
    return client


def tag(html, element_id):
    """The opening tag of the element with this id."""
    match = re.search(rf'<[a-z]+ [^>]*id="{re.escape(element_id)}"[^>]*>', html)
    assert match, f"no element with id {element_id}"
    return match.group(0)


def label_of(html, element_id):
    match = re.search(rf'<label for="{re.escape(element_id)}"[^>]*>(.*?)</label>', html, re.S)
    assert match, f"no label for {element_id}"
    return match.group(1)


# --------------------------------------------------------------------------- "Anders, namelijk"


def test_the_anders_box_sits_right_under_its_option_and_names_its_question(respondent):
    html = respondent.get(LAST_PAGE).content.decode()
    for question, code in (("ingevuld_door", "ander"), ("woonsituatie", "anders")):
        box = f"f-{question}__other"
        directly_under = (
            rf'value="{code}"[^>]*data-reveals="{box}-wrap"[^>]*>\s*<label[^>]*>[^<]*</label>'
            rf'\s*</div>\s*<div class="option-conditional" id="{box}-wrap">'
        )
        assert re.search(directly_under, html), f"the box of {question} is not under its option"
        assert "hidden" not in tag(html, f"{box}-wrap"), "without JavaScript the box is shown"
    named = "Uw antwoord op ‘Wie vult deze vragenlijst in?’"
    assert label_of(html, "f-ingevuld_door__other") == named
    labels = {label_of(html, f"f-{q}__other") for q in ("ingevuld_door", "woonsituatie")}
    assert len(labels) == 2 and "Wat bedoelt u?" not in html


def test_an_empty_anders_box_carries_its_own_error_and_the_summary_links_to_it(respondent):
    sent = respondent.post(LAST_PAGE, {"action": "next", "ingevuld_door": "ander"})
    assert sent.status_code == 422
    html = sent.content.decode()
    box = tag(html, "f-ingevuld_door__other")
    assert 'aria-invalid="true"' in box
    assert 'aria-describedby="f-ingevuld_door__other-error"' in box
    assert (
        '<p class="field-error" id="f-ingevuld_door__other-error">'
        "U koos &#x27;Anders&#x27;. Schrijf op wat u bedoelt.</p>"
    ) in html
    assert 'href="#f-ingevuld_door__other"' in html
    fieldset = tag(html, "q-ingevuld_door")
    assert "question--error" not in fieldset and "-error" not in fieldset
    assert 'id="q-ingevuld_door-error"' not in html
    assert not Answer.objects.filter(question_id="ingevuld_door").exists()


def test_a_too_long_anders_text_is_marked_on_the_box(respondent):
    data = {"action": "next", "woonsituatie": "anders", "woonsituatie__other": "x" * 501}
    html = respondent.post(LAST_PAGE, data).content.decode()
    assert 'aria-invalid="true"' in tag(html, "f-woonsituatie__other")
    assert 'href="#f-woonsituatie__other"' in html


def test_an_error_on_a_choice_links_to_its_first_option_not_the_fieldset(respondent):
    html = respondent.post(LAST_PAGE, {"action": "next", "gezondheid": "99"}).content.decode()
    assert 'href="#q-gezondheid-0"' in html and 'href="#q-gezondheid"' not in html
    assert "q-gezondheid-error" in tag(html, "q-gezondheid")


def test_the_page_loads_the_script_that_reveals_the_box(respondent):
    html = respondent.get(LAST_PAGE).content.decode()
    assert re.search(r'<script src="/static/responses/survey\.js" defer></script>', html)


# --------------------------------------------------------------------------- error summary


def summary_at_top_of_main(html):
    """The error summary as the first thing in <main>, focused when the page loads."""
    match = re.search(r'<main [^>]*>\s*(<div class="error-summary"[^>]*>.*?</div>)', html, re.S)
    assert match, "the error summary is not the first thing in <main>"
    summary = match.group(1)
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    return summary


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def test_a_page_with_errors_starts_with_a_focused_summary_saying_there_is_a_problem(respondent):
    html = respondent.post(LAST_PAGE, {"action": "next", "gezondheid": "99"}).content.decode()
    summary = summary_at_top_of_main(html)
    assert '<h2 id="error-title">Er is een probleem</h2>' in summary
    assert 'href="#q-gezondheid-0"' in summary
    assert title_of(html).startswith("Fout: Over u")
    assert not title_of(respondent.get(LAST_PAGE).content.decode()).startswith("Fout")


def test_an_empty_code_is_asked_for_not_called_wrong(client):
    html = client.post(reverse("responses:start"), {"code": "  "}).content.decode()
    summary = summary_at_top_of_main(html)
    assert "Er is een probleem" in summary and 'href="#code">Vul uw code in.' in summary
    assert "klopt niet" not in html
    assert title_of(html).startswith("Fout: Vul uw code in")
    assert 'aria-invalid="true"' in tag(html, "code")
    typed = client.post(reverse("responses:start"), {"code": "abc"}).content.decode()
    assert "Deze code klopt niet" in summary_at_top_of_main(typed)


def test_the_english_summary_says_there_is_a_problem(client):
    client.post(reverse("responses:language"), {"lang": "en", "next": "/"})
    html = client.post(reverse("responses:start"), {"code": ""}).content.decode()
    assert "There is a problem" in summary_at_top_of_main(html) and "Enter your code." in html
    assert title_of(html).startswith("Error: Enter your code")


# --------------------------------------------------------------------------- check your answers


def sections_of(html):
    """(page title, its "Wijzig" link) per page on the check-your-answers page."""
    return re.findall(
        r'<h2 id="deel-[^"]+">([^<]+)</h2>\s*<a href="([^"]+)" class="review-change">Wijzig', html
    )


def test_the_last_page_leads_to_checking_the_answers_not_to_sending(respondent):
    respondent.post(FIRST_PAGE, {"action": "next", "wmo_1": "2", "wmo_2": "9"})
    data = {"ingevuld_door": "ander", "ingevuld_door__other": "mijn buurvrouw"}
    sent = respondent.post(LAST_PAGE, {"action": "next", "gezondheid": "goed", **data})
    assert sent["Location"] == REVIEW
    response = Response.objects.get()
    assert not response.is_completed and response.current_page == "over_u"
    html = respondent.get(REVIEW).content.decode()
    assert title_of(html).startswith("Kijk uw antwoorden na")
    sections = sections_of(html)
    assert sections[0] == ("Contact met de gemeente", "/vragenlijst/contact/?nakijken")
    assert sections[-1] == ("Over u", "/vragenlijst/over_u/?nakijken")
    assert re.search(
        r"<dt>Ik wist waar ik moest zijn met mijn hulpvraag.</dt>\s*<dd>Niet mee eens<", html
    )
    assert re.search(r"<dt>Ik werd snel geholpen.</dt>\s*<dd>Niet van toepassing", html)
    assert re.search(r"<dt>Hoe gaat het met uw gezondheid\?</dt>\s*<dd>Goed</dd>", html)
    assert "<dd>Iemand anders, namelijk: mijn buurvrouw</dd>" in html
    assert re.search(r"<dt>Hoe woont u\?</dt>\s*<dd><span class=\"not-answered\">Niet", html)
    assert (
        '<button type="submit" name="action" value="next" class="button button--primary">Versturen'
        in html
    )


def test_answers_are_shown_in_the_words_they_were_chosen_by():
    questions = {q.id: q for q in make_document().questions()}
    assert answer_text(questions["hulp"], Given(["b", "anders"], "klussen"), "nl") == (
        "B, Anders: klussen"
    )
    assert answer_text(questions["eens"], Given(9), "nl") == "Niet van toepassing"
    assert answer_text(questions["uren"], Given(12.5), "nl") == "12,5"
    assert answer_text(questions["uren"], Given(12.5), "en") == "12.5"


def test_the_check_names_the_pages_left_empty(respondent):
    respondent.post(FIRST_PAGE, {"action": "next", "wmo_1": "2"})
    html = respondent.get(REVIEW).content.decode()
    warning = re.search(r'<div class="warning" id="lege-delen">(.*?)</div>', html, re.S).group(1)
    named = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', warning)
    assert ("/vragenlijst/over_u/?nakijken", "Over u") in named
    assert "Contact met de gemeente" not in warning
    assert 'id="bevestig-leeg"' not in html, "with answers no tick is asked"


def test_wijzig_opens_the_page_and_volgende_returns_to_the_check(respondent):
    respondent.post(FIRST_PAGE, {"action": "next", "wmo_1": "2"})
    page = respondent.get(FIRST_PAGE + "?nakijken").content.decode()
    assert re.search(r'name="wmo_1" value="2" checked', page)
    assert 'value="next" class="button button--primary">Terug naar het overzicht' in page
    back = respondent.post(FIRST_PAGE + "?nakijken", {"action": "next", "wmo_1": "4"})
    assert back["Location"] == REVIEW
    assert Answer.objects.get(question_id="wmo_1").value == 4
    review = respondent.get(REVIEW).content.decode()
    assert re.search(
        r"<dt>Ik wist waar ik moest zijn met mijn hulpvraag.</dt>\s*<dd>Mee eens<", review
    )


def test_sending_without_a_single_answer_needs_a_tick(respondent):
    html = respondent.get(REVIEW).content.decode()
    assert "U heeft nog geen enkele vraag beantwoord." in html
    refused = respondent.post(REVIEW, {"action": "next"})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Zet een vinkje" in summary_at_top_of_main(html)
    assert 'href="#bevestig-leeg"' in html
    assert 'aria-invalid="true"' in tag(html, "bevestig-leeg")
    assert title_of(html).startswith("Fout: Kijk uw antwoorden na")
    assert not Response.objects.get().is_completed
    sent = respondent.post(REVIEW, {"action": "next", "leeg": "ja"})
    assert sent["Location"] == reverse("responses:thanks")
    assert Response.objects.get().is_completed


def test_an_answer_routing_no_longer_shows_does_not_count_as_an_answer(survey):
    """Only an answer to 'Hoe nam u contact op?', whose page shows when 'Heeft u zelf contact
    opgenomen?' is ja, which was never answered: nothing counts, so a tick is needed."""
    issued = invite(survey)
    response, code = services.open_with_code(issued.code, "127.0.0.1")
    Answer.objects.create(response=response, question_id="contact_manier", value="bel")
    outcome = services.send_response(response, code, is_empty_confirmed=False)
    assert outcome.needs_confirmation and not outcome.is_finished
    response.refresh_from_db()
    assert not response.is_completed


def test_a_double_send_completes_once(respondent):
    respondent.post(FIRST_PAGE, {"action": "next", "wmo_1": "2"})
    assert respondent.post(REVIEW, {"action": "next"})["Location"] == reverse("responses:thanks")
    completed_at = Response.objects.get().completed_at
    response = Response.objects.get()
    again = services.send_response(response, "", is_empty_confirmed=False)
    assert again.is_finished
    assert Response.objects.get().completed_at == completed_at


def test_stopping_on_the_check_keeps_everything_for_later(respondent):
    respondent.post(FIRST_PAGE, {"action": "next", "wmo_1": "2"})
    stopped = respondent.post(REVIEW, {"action": "stop"})
    assert stopped["Location"] == reverse("responses:paused")
    assert not Response.objects.get().is_completed
    assert Answer.objects.get(question_id="wmo_1").value == 2
