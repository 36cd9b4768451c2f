"""The tablet in a real browser: two clients in a row, the back button, axe on every screen;
and the data-entry screen driven by number keys and Tab only."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import open_texts
from ervaring.responses.models import Answer, OpenText, OpenTextKind, Response
from ervaring.responses.tests.test_browser import (
    answer_page_with_keyboard,
    click_and_wait,
    focused,
    shows_no_answers,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def log_in(page, base_url, username, next_path):
    log_in_browser(page, base_url, username, next_path)


def test_two_clients_in_a_row_on_the_tablet_never_see_each_others_answers(
    live_server, chromium, axe_scan
):
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, professional=True, username="wijkcoach")
    context = chromium.new_context(viewport={"width": 800, "height": 1100}, locale="nl-NL")
    page = context.new_page()
    found = {}
    log_in(page, live_server.url, "wijkcoach", "/kiosk/klaarzetten/")
    page.select_option("#id_survey", survey.slug)
    page.fill("#id_pin", "2468")
    click_and_wait(page, "main button[type=submit]")
    assert page.inner_text("h1") == "Geef uw mening"
    found["home"] = axe_scan(page, "kiosk-01-start")

    click_and_wait(page, ".button--kiosk")
    first_page = page.url
    found["page"] = axe_scan(page, "kiosk-02-vraag")
    visited = [page.url]
    for _ in range(40):
        if "/kiosk/klaar/" in page.url:
            break
        answer_page_with_keyboard(page)
        visited.append(page.url)
    assert "/kiosk/klaar/" in page.url
    found["thanks"] = axe_scan(page, "kiosk-03-klaar")
    assert Response.objects.get().is_completed
    click_and_wait(page, "text=Klaar")
    assert page.inner_text("h1") == "Geef uw mening"

    for _ in range(len(visited) + 1):  # the back button all the way: never an answer
        page.go_back(wait_until="load")
        assert shows_no_answers(page), page.url
        assert "/kiosk/vraag/" not in page.url or page.url == first_page
    page.goto(first_page)
    assert page.inner_text("h1") == "Geef uw mening", "an old question page leads to the start"

    click_and_wait(page, ".button--kiosk")
    assert "/kiosk/vraag/" in page.url
    assert shows_no_answers(page), "the second client starts on an empty page"
    assert Response.objects.count() == 2

    page.goto(live_server.url + "/kiosk/vergrendelen/")
    found["lock"] = axe_scan(page, "kiosk-04-vergrendelen")
    page.fill("#secret", "2468")
    click_and_wait(page, "main button[type=submit]")
    assert "vergrendeld" in page.inner_text("h1")
    found["locked"] = axe_scan(page, "kiosk-05-vergrendeld")
    context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_a_paper_form_is_typed_with_number_keys_and_tab_straight_down(
    live_server, chromium, axe_scan
):
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, invoerder=True, username="invoer")
    issued = invite(survey, provision_groups=("vervoer",))
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    found = {}
    log_in(page, live_server.url, "invoer", "/invoer/")
    found["start"] = axe_scan(page, "invoer-01-start")
    page.fill("#id_code", issued.display_code)
    click_and_wait(page, "main button[type=submit]")
    found["form"] = axe_scan(page, "invoer-02-formulier")
    names = page.evaluate(
        "() => [...document.querySelectorAll('.entry-form input[type=text], .entry-form textarea')]"
        ".filter(e => !e.name.endsWith('__other')).map(e => e.name)"
    )
    page.focus(f"[name={names[0]}]")
    order = []
    for _ in range(len(names) * 2):
        element = focused(page)
        if element["tag"] == "button":
            break
        if element["name"] and not element["name"].endswith("__other"):
            order.append(element["name"])
            hint = page.evaluate(
                "n => (document.getElementById('f-' + n + '-keys') || {}).textContent || ''",
                element["name"],
            )
            if element["tag"] == "textarea":
                page.keyboard.type("Goed")
            elif element["name"] == "contact_zelf":
                page.keyboard.type("2")  # nee: the contact questions are skipped
            elif hint:
                page.keyboard.type(hint.split(" = ")[0])  # the first key: 5 on a scale
            else:
                page.keyboard.type("1")
        page.keyboard.press("Tab")
    assert order == names, "Tab goes straight down the questions"
    click_and_wait(page, "main button[type=submit]")
    assert "is opgeslagen" in page.inner_text(".messages")
    assert Answer.objects.get(question_id="wmo_1").value == 5
    assert Response.objects.get().channel == "papier"
    context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_typing_keeps_the_tablet_alive_and_idling_resets_it_after_a_warning(
    live_server, chromium, axe_scan, settings
):
    """Short limits for the test: reset after 12 s without activity, the dialog for the last
    8 s, a keep-alive at most every second."""
    settings.KIOSK_IDLE_SECONDS = 12
    settings.KIOSK_WARNING_SECONDS = 8
    settings.KIOSK_KEEPALIVE_SECONDS = 1
    survey = SurveyFactory(in_fieldwork=True)
    StaffFactory(organisation=survey.organisation, professional=True, username="wijkcoach")
    context = chromium.new_context(viewport={"width": 800, "height": 1100}, locale="nl-NL")
    page = context.new_page()
    keep_alives = []
    page.on("request", lambda r: "/kiosk/actief/" in r.url and keep_alives.append(r.url))
    found = {}
    log_in(page, live_server.url, "wijkcoach", "/kiosk/klaarzetten/")
    page.select_option("#id_survey", survey.slug)
    page.fill("#id_pin", "2468")
    click_and_wait(page, "main button[type=submit]")
    click_and_wait(page, ".button--kiosk")
    for _ in range(20):
        if page.query_selector("textarea"):
            break
        answer_page_with_keyboard(page)
    found["page"] = axe_scan(page, "kiosk-06-open-vraag")

    # 1. Typing for longer than the server's limit: the keep-alives keep the client's page.
    text = "De hulp is goed en alles werd snel geregeld."
    page.type("textarea", text, delay=400)  # about 18 s, more than the 12 s limit
    assert page.input_value("textarea") == text
    assert not page.evaluate("document.getElementById('kiosk-dialog').open")
    assert len(keep_alives) >= 8
    click_and_wait(page, "button[value=next]")
    assert "/kiosk/vraag/" in page.url, "the server still knew the client"
    typed = OpenText.objects.get(question_id="open_goed", kind=OpenTextKind.OPEN)
    assert open_texts.decrypt(typed) == text  # kept encrypted, apart from the answers

    # 2. Idle: the dialog takes the focus and counts down; "Ja" keeps the page.
    page.wait_for_selector("#kiosk-dialog[open]", timeout=10_000)
    assert page.evaluate("!!document.activeElement.closest('dialog')")
    assert 0 < int(page.inner_text("[data-countdown]")) <= 8
    assert "seconden" in page.inner_text("[data-announce]")
    found["dialog"] = axe_scan(page, "kiosk-07-bent-u-er-nog")
    page.keyboard.press("Enter")
    assert not page.evaluate("document.getElementById('kiosk-dialog').open")
    assert "/kiosk/vraag/" in page.url
    page.check("input[type=radio] >> nth=0")
    page.wait_for_selector("#kiosk-dialog[open]", timeout=10_000)
    page.wait_for_url(live_server.url + "/kiosk/", timeout=15_000)
    assert page.inner_text("h1") == "Geef uw mening"

    # 3. The back button brings no answer back.
    for _ in range(4):
        page.go_back(wait_until="load")
        assert shows_no_answers(page), page.url
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
