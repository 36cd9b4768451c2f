"""A respondent answers in Arabic in a real browser: right to left, mirrored, accessible."""

import pytest

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.models import Answer
from ervaring.responses.tests.test_browser import cards_clickable_everywhere, click_and_wait

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

RADIO_SIDE = """() => { const card = document.querySelector('main .option');
    const box = card.getBoundingClientRect();
    const radio = card.querySelector('input').getBoundingClientRect();
    return radio.left + radio.width / 2 > box.left + box.width / 2 ? 'right' : 'left'; }"""


def test_a_respondent_answers_a_page_in_arabic(live_server, phone, axe_scan):
    page = phone
    issued = invite(SurveyFactory(in_fieldwork=True))
    page.goto(f"{live_server.url}/k/{issued.code}")
    click_and_wait(page, "button[lang=ar]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert axe_scan(page, "ar-01-start") == []
    click_and_wait(page, ".code-form button")
    click_and_wait(page, "main a.button--primary")
    assert page.get_attribute("html", "lang") == "ar"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate(RADIO_SIDE) == "right", "the layout is mirrored: radios on the right"
    assert cards_clickable_everywhere(page) == []
    assert axe_scan(page, "ar-02-pagina") == []
    page.click("label:has-text('موافق تمامًا') >> nth=0")
    click_and_wait(page, "button[value=next]")
    assert Answer.objects.get(question_id="wmo_1").value == 5
    assert page.get_attribute("html", "dir") == "rtl"
    assert axe_scan(page, "ar-03-volgende") == []
