"""The respondent survey in a real browser: phone width, keyboard only, axe on every page."""

import pytest

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def focused(page):
    return page.evaluate(
        """() => { const e = document.activeElement;
        return {tag: e.tagName.toLowerCase(), type: e.type || '', name: e.name || '',
                value: e.value || '', id: e.id || '', checked: !!e.checked,
                inputmode: e.inputMode || ''}; }"""
    )


def tab_to(page, matches, limit=200):
    for _ in range(limit):
        page.keyboard.press("Tab")
        element = focused(page)
        if matches(element):
            return element
    raise AssertionError("keyboard focus never reached the element")


def press_and_wait(page, key):
    with page.expect_navigation():
        page.keyboard.press(key)


def click_and_wait(page, selector):
    with page.expect_navigation():
        page.click(selector)


def shows_no_answers(page):
    """True when no option is chosen and no text field holds text on the current page."""
    return page.evaluate(
        """() => ![...document.querySelectorAll('input, textarea')].some(e =>
            ((e.type === 'radio' || e.type === 'checkbox') && e.checked)
            || ((e.tagName === 'TEXTAREA' || e.type === 'text') && e.value))"""
    )


CARD_COVERAGE = """() => [...document.querySelectorAll('main .option')].map(card => {
    card.scrollIntoView({block: 'center'});
    const box = card.getBoundingClientRect(), input = card.querySelector('input');
    const label = card.querySelector('label');
    let hits = 0, points = 0;
    for (let i = 0; i <= 6; i++) for (let j = 0; j <= 6; j++) {
        const x = box.left + 3 + (box.width - 6) * i / 6;
        const y = box.top + 3 + (box.height - 6) * j / 6;
        const at = document.elementFromPoint(x, y);
        points++;
        if (at === input || (at && at.closest('label') === label)) hits++;
    }
    const control = input.getBoundingClientRect();
    return {id: input.id, share: hits / points, size: Math.min(control.width, control.height)};
})"""


def cards_clickable_everywhere(page):
    """Each option card whose share of clickable points is below 1, or whose radio or
    checkbox is under 40 px: an empty list when every card is one whole target."""
    cards = page.evaluate(CARD_COVERAGE)
    assert cards, "no option cards on the page"
    return [c for c in cards if c["share"] < 1 or c["size"] < 40]


def answer_page_with_keyboard(page):
    """Answer every question on the page with the keyboard, then press the primary button."""
    answered: set[str] = set()
    for _ in range(300):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["tag"] == "button" and element["value"] == "next":
            press_and_wait(page, "Enter")
            return
        name = element["name"]
        if not name or name in answered or name.endswith("__other"):
            continue
        if element["type"] == "radio":
            page.keyboard.press("ArrowDown")  # selects the next option in the group
        elif element["type"] == "checkbox":
            page.keyboard.press("Space")
        elif element["tag"] == "textarea":
            page.keyboard.type("De hulp is goed.")
        elif element["inputmode"] in {"numeric", "decimal"}:
            page.keyboard.type("3")
        answered.add(name)
    raise AssertionError("never reached the Volgende button")


def active(page, expression):
    """A property of the focused element, e.g. `className` or `getAttribute('href')`."""
    return page.evaluate(f"document.activeElement.{expression}")


def test_a_tap_anywhere_on_an_option_card_chooses_it_on_a_phone_and_a_desktop(
    live_server, chromium
):
    issued = invite(SurveyFactory(in_fieldwork=True))
    context = chromium.new_context(viewport={"width": 360, "height": 740}, locale="nl-NL")
    page = context.new_page()
    page.goto(f"{live_server.url}/k/{issued.code}")
    click_and_wait(page, ".code-form button")
    click_and_wait(page, "main a.button--primary")
    scale_page = page.url
    assert cards_clickable_everywhere(page) == [], "agree scale at 360 px"
    page.goto(live_server.url + "/vragenlijst/over_u/")
    assert cards_clickable_everywhere(page) == [], "options at 360 px"
    page.set_viewport_size({"width": 1280, "height": 900})
    assert cards_clickable_everywhere(page) == [], "options at 1280 px"
    page.goto(scale_page)
    assert cards_clickable_everywhere(page) == [], "agree scale side by side at 1280 px"
    page.mouse.click(*corner_of(page, "#q-wmo_1-3"))
    assert page.is_checked("#q-wmo_1-3"), "a click in the card's corner chooses the option"
    context.close()


def corner_of(page, input_selector):
    """A point 4 px inside the bottom-right corner of the card holding the input."""
    box = page.locator(f"main .option:has({input_selector})").bounding_box()
    return box["x"] + box["width"] - 4, box["y"] + box["height"] - 4


def test_error_page_is_accessible_and_names_the_field(live_server, phone, axe_scan):
    survey = SurveyFactory(in_fieldwork=True)
    page = phone
    page.goto(live_server.url + "/")
    page.fill("#code", "ZZZZ-ZZZZ-ZZZZ")
    page.click(".code-form button")
    assert "kennen deze code niet" in page.inner_text(".error-summary")
    assert axe_scan(page, "03-foute-code") == []
    assert page.get_attribute("#code", "aria-invalid") == "true"
    del survey


def test_stop_resume_and_the_browser_back_button(live_server, chromium, axe_scan):
    survey = SurveyFactory(in_fieldwork=True)
    issued = invite(survey)
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{live_server.url}/k/{issued.code}")
    click_and_wait(page, ".code-form button")
    click_and_wait(page, "text=Begin met de vragen")
    first_url = page.url
    page.check("#q-wmo_1-1")  # mee eens
    click_and_wait(page, "button[value=next]")
    second_url = page.url
    assert second_url != first_url
    page.go_back(wait_until="load")
    assert page.url == first_url
    assert page.is_checked("#q-wmo_1-1"), "the browser's back button shows the saved answer"
    click_and_wait(page, "button[value=next]")
    assert page.url == second_url
    click_and_wait(page, "button[value=stop]")
    assert "bewaard" in page.inner_text("h1")
    assert axe_scan(page, "04-gestopt") == []
    context.close()

    later = chromium.new_context(viewport={"width": 360, "height": 740})
    page = later.new_page()
    page.goto(live_server.url + "/")
    page.fill("#code", issued.display_code)
    page.click(".code-form button")
    page.wait_for_url(second_url)  # resume lands on the page where the respondent stopped
    later.close()


def test_a_personal_link_does_not_travel_on_as_referer(live_server, phone):
    """The requests after opening `/k/CODE` (style sheet, "Start", the welcome page) name only
    the site in their Referer, so no proxy or server log downstream receives the code."""
    issued = invite(SurveyFactory(in_fieldwork=True))
    sent = []
    phone.on("request", lambda request: sent.append(request))
    phone.goto(f"{live_server.url}/k/{issued.code}")
    click_and_wait(phone, ".code-form button")
    assert "/vragenlijst/" in phone.url  # the form still passes Django's CSRF origin check
    headers = [request.all_headers() for request in sent[1:]]
    start = next(h for r, h in zip(sent[1:], headers, strict=True) if r.method == "POST")
    assert start["referer"] == live_server.url + "/"
    assert not [h for h in headers if issued.code in str(h) or "/k/" in h.get("referer", "")]


def test_a_browser_opened_again_after_closing_shows_the_next_person_no_answers(
    live_server, chromium
):
    """Closing a browser keeps only cookies with an expiry date; the next person gets those."""
    issued = invite(SurveyFactory(in_fieldwork=True))
    first = chromium.new_context(locale="nl-NL")
    page = first.new_page()
    page.goto(live_server.url + "/")
    page.fill("#code", issued.display_code)
    click_and_wait(page, "main button[type=submit]")
    click_and_wait(page, "main a.button--primary")
    answered = page.url
    answer_page_with_keyboard(page)
    page.goto(answered)
    assert not shows_no_answers(page), "the first person sees their own answers"
    kept = [c for c in first.cookies() if c["expires"] != -1]
    first.close()

    reopened = chromium.new_context(locale="nl-NL")
    reopened.add_cookies(kept)
    page = reopened.new_page()
    page.goto(live_server.url + "/vragenlijst/")
    assert page.inner_text("h1") == "Vul uw code in"
    page.goto(answered)
    assert page.inner_text("h1") == "Vul uw code in" and shows_no_answers(page)
    reopened.close()


def test_an_expired_session_shows_the_notice_with_the_code_form(
    live_server, phone, axe_scan, settings
):
    settings.RESPONDENT_IDLE_SECONDS = 2
    issued = invite(SurveyFactory(in_fieldwork=True))
    page = phone
    page.goto(live_server.url + "/")
    page.fill("#code", issued.display_code)
    click_and_wait(page, "main button[type=submit]")
    click_and_wait(page, "main a.button--primary")
    page.check("input[type=radio] >> nth=0")
    page.wait_for_timeout(2500)
    click_and_wait(page, "button[value=next]")
    assert page.url.endswith("/vragenlijst/verlopen/")
    assert "Uw sessie is verlopen" in page.inner_text("main")
    assert page.is_visible("#code"), "the way back: the code form"
    assert axe_scan(page, "03-sessie-verlopen") == []
    page.go_back(wait_until="load")
    assert shows_no_answers(page)


SPEECH_STUB = """
window.__spoken = []; window.__cancels = 0;
class StubUtterance { constructor(text) { this.text = text; this.lang = ''; } }
Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: StubUtterance});
Object.defineProperty(window, 'speechSynthesis', {value: {
    speak(u) { window.__spoken.push({text: u.text, lang: u.lang}); this.current = u; },
    cancel() { window.__cancels += 1; },
}});
"""


def test_read_aloud_at_four_times_zoom_and_a_clean_address(live_server, chromium, axe_scan):
    """Issue 14: "Lees voor" speaks the question and its options with the browser's own voice
    (stubbed here, so what is spoken can be read) and stops on a second press; at 320 px wide
    (1280 px at 400 % zoom) nothing needs sideways scrolling; without JavaScript there is no
    button, and a followed error link's #fragment does not stay on the next page's address."""
    issued = invite(SurveyFactory(in_fieldwork=True))
    context = chromium.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    context.add_init_script(SPEECH_STUB)
    page = context.new_page()
    page.goto(f"{live_server.url}/k/{issued.code}")
    click_and_wait(page, ".code-form button")
    click_and_wait(page, "text=Begin met de vragen")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert axe_scan(page, "14-lees-voor-320px") == []
    button = page.locator("#q-wmo_1 button.read-aloud")
    button.click()
    spoken = page.evaluate("window.__spoken")
    assert spoken == [
        {
            "text": "Ik wist waar ik moest zijn met mijn hulpvraag. Helemaal mee eens. Mee eens. "
            "Neutraal. Niet mee eens. Helemaal niet mee eens. Weet niet. Niet van toepassing.",
            "lang": "nl",
        }
    ]
    assert button.inner_text() == "Stop met voorlezen"
    cancels = page.evaluate("window.__cancels")
    button.click()
    assert page.evaluate("window.__cancels") == cancels + 1
    assert len(page.evaluate("window.__spoken")) == 1, "a second press stops, it does not re-read"
    assert button.inner_text() == "Lees voor"
    click_and_wait(page, ".lang-switch button")
    page.locator("#q-wmo_1 button.read-aloud").click()
    english = page.evaluate("window.__spoken")[-1]
    assert english["lang"] == "en"
    assert english["text"].startswith("I knew where to go with my request for help.")
    context.close()

    no_js = chromium.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False)
    page = no_js.new_page()
    page.goto(f"{live_server.url}/k/{invite(SurveyFactory(in_fieldwork=True)).code}")
    click_and_wait(page, ".code-form button")
    click_and_wait(page, "text=Begin met de vragen")
    assert page.locator("button.read-aloud").count() > 0
    assert not page.locator("button.read-aloud").first.is_visible()
    click_and_wait(page, "button[value=next]")
    page.check("#q-contact_zelf-0")  # ja: the contact page follows
    click_and_wait(page, "button[value=next]")
    page.check("input[name=contact_manier][value=anders]")
    click_and_wait(page, "button[value=next]")  # "Anders" without saying what: an error
    page.click(".error-summary a")
    assert "#f-contact_manier__other" in page.url
    page.fill("#f-contact_manier__other", "via de buurvrouw")
    click_and_wait(page, "button[value=next]")
    assert "#" not in page.url, page.url
    assert page.url.endswith("/vragenlijst/gesprek/")
    no_js.close()
