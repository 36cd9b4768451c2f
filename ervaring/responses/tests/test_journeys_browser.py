"""The whole respondent path in Dutch, English and Arabic, in a real browser (issue 14).

Each language runs two journeys from the code form to the thank-you page: keyboard only with
JavaScript on a 360-px phone, and without JavaScript at 320 px (1280 px at 400 % zoom) with a
pointer. Turkish and Polish, the other languages of the standard questionnaires, run the
journey without JavaScript, so every page state is scanned in every language they ship in.
Every page state is scanned with axe, every page is checked for the language and direction
of ``<html>``, and at 320 px for text that is cut off or needs sideways scrolling. The
journeys type and choose the same things, so all eight must store the same answers.

One survey serves all eight journeys: the live server makes every test flush the database
afterwards, so the journeys share a single test, each one a subtest.
"""

from dataclasses import dataclass

import pytest

from ervaring import languages
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import open_texts
from ervaring.responses.models import OpenText, OpenTextKind, Response
from ervaring.responses.tests.test_browser import (
    active,
    answer_page_with_keyboard,
    cards_clickable_everywhere,
    click_and_wait,
    focused,
    press_and_wait,
    tab_to,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


@dataclass(frozen=True)
class Words:
    """What a respondent reads at the steps the journeys check, written out per language
    (from the translators' files), so a page that falls back to Dutch fails."""

    error_prefix: str
    errors_title: str
    to_review: str
    send: str
    review_heading: str
    thanks_heading: str
    other_row: str  # "Iemand anders, namelijk:" on the check-your-answers page, with the text


WORDS = {
    "nl": Words(
        error_prefix="Fout",
        errors_title="Er is een probleem",
        to_review="Terug naar het overzicht",
        send="Versturen",
        review_heading="Kijk uw antwoorden na",
        thanks_heading="Hartelijk dank!",
        other_row="Iemand anders, namelijk: Mijn buurvrouw",
    ),
    "en": Words(
        error_prefix="Error",
        errors_title="There is a problem",
        to_review="Back to the overview",
        send="Send",
        review_heading="Check your answers",
        thanks_heading="Thank you!",
        other_row="Somebody else, namely: Mijn buurvrouw",
    ),
    "ar": Words(
        error_prefix="خطأ",
        errors_title="توجد مشكلة",
        to_review="العودة إلى الملخص",
        send="أرسل",
        review_heading="راجع إجاباتك",
        thanks_heading="شكرًا جزيلًا!",
        other_row="شخص آخر، وهو: Mijn buurvrouw",
    ),
}
DIRECTION = {"nl": "ltr", "en": "ltr", "ar": "rtl", "tr": "ltr", "pl": "ltr"}
#: The journeys per scenario: keyboard only in three languages, without JavaScript in all five
#: of the standard questionnaires (Ukrainian has the pages but no standard questionnaire).
LANGUAGES = {"toetsenbord": ("nl", "en", "ar"), "zonder-js": ("nl", "en", "ar", "tr", "pl")}


def words_from_translators(language, questionnaire):
    """The `Words` of a language the journeys do not spell out: read straight from its
    translators' file and the questionnaire's own option text, so Dutch still fails."""
    path = languages.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    found = {entry.context: entry.msgstr for entry in languages.read_po(path) if entry.msgid}
    other = next(o for o in questionnaire.question("ingevuld_door").options if o.other)
    fixed = ("error_prefix", "errors_title", "to_review", "send", "review_heading")
    return Words(
        **{name: found[name] for name in (*fixed, "thanks_heading")},
        other_row=f"{other.label[language]} Mijn buurvrouw",
    )


OTHER_BOX = "#f-ingevuld_door__other"

#: Which side of its container each thing hugs: the radio in its option card, and the text of
#: the progress step ("Stap 1 van 10") and of the first question within <main>.
SIDES = """() => {
    const side = (inner, outer) =>
        inner.left - outer.left < outer.right - inner.right ? 'left' : 'right';
    const textBox = element => {
        const range = document.createRange();
        range.selectNodeContents(element);
        return range.getBoundingClientRect();
    };
    const main = document.querySelector('main').getBoundingClientRect();
    const card = document.querySelector('main .option');
    return {
        radio: side(card.querySelector('input').getBoundingClientRect(),
                    card.getBoundingClientRect()),
        step: side(textBox(document.querySelector('.progress-label')), main),
        question: side(textBox(document.querySelector('main legend')), main),
    };
}"""

#: Text that cannot be read whole: outside the viewport's width, or cut off by an ancestor
#: that hides its overflow. Visually hidden texts (for screen readers) and the skip link
#: (on screen once focused) are meant to be off screen.
CLIPPED = """() => {
    const width = document.documentElement.clientWidth, clipped = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!node.textContent.trim() || element.closest('.visually-hidden, .skip-link')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const cut = [...range.getClientRects()].some(rect => {
            if (rect.width === 0) return false;
            if (rect.left < -0.5 || rect.right > width + 0.5) return true;
            for (let box = element; box && box !== document.body; box = box.parentElement) {
                const style = getComputedStyle(box);
                if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
                const outer = box.getBoundingClientRect();
                if (rect.left < outer.left - 0.5 || rect.right > outer.right + 0.5
                    || rect.top < outer.top - 0.5 || rect.bottom > outer.bottom + 0.5) return true;
            }
            return false;
        });
        if (cut) clipped.push(node.textContent.trim().slice(0, 60));
    }
    return {sideways: document.documentElement.scrollWidth > width, clipped};
}"""


class Journey:
    """One respondent's path: scans each page state with axe under a name and checks the
    language and direction of every page it lands on. ``scanned`` gives the page axe runs
    in (see :class:`ScriptlessCopy`), by default the journey's own page."""

    def __init__(self, page, language, axe_scan, label, scanned=None):
        self.page, self.language, self.axe_scan, self.label = page, language, axe_scan, label
        self.scanned = scanned or (lambda page: page)
        self.words = WORDS[language]
        self.violations: dict[str, list] = {}

    def scan(self, state):
        page = self.page
        assert page.get_attribute("html", "lang") == self.language, (state, page.url)
        assert page.get_attribute("html", "dir") == DIRECTION[self.language], (state, page.url)
        name = f"{self.label}-{self.language}-{state}"
        self.violations[state] = self.axe_scan(self.scanned(page), name)

    def page_state(self):
        """A page's name for the scan: its last path part (`over_u`, `nakijken`, ...)."""
        return self.page.url.split("#")[0].rstrip("/").rsplit("/", 1)[-1]


class ScriptlessCopy:
    """axe cannot run in a page with JavaScript off (its timers never fire there), so each
    state of the no-JS journey is scanned in a copy: the page's HTML served again at its own
    address to a page of the same size that loads the same style sheets but none of the
    site's scripts, so axe sees what a browser without JavaScript shows."""

    def __init__(self, context):
        self.page = context.new_page()
        self.html = ""
        self.page.route("**/*.js", lambda route: route.abort())
        self.page.route(lambda url: "/static/" not in url, self._serve)

    def _serve(self, route):
        route.fulfill(body=self.html, content_type="text/html; charset=utf-8")

    def __call__(self, page):
        self.html = page.content()
        self.page.goto(page.url.split("#")[0])
        return self.page


def keyboard_journey(page, issued, language, axe_scan):
    """Code entry, every page, the check-your-answers page, sending and thank-you, with the
    keyboard only on a phone with JavaScript; then the privacy and accessibility statements.
    Returns the axe violations per page state."""
    journey = Journey(page, language, axe_scan, "toetsenbord")
    if language != "nl":
        tab_to(page, lambda e: e["tag"] == "button" and e["value"] == language)
        press_and_wait(page, "Enter")
    journey.scan("start")
    tab_to(page, lambda e: e["id"] == "code")
    page.keyboard.type(issued.display_code)
    press_and_wait(page, "Enter")
    journey.scan("welkom")
    tab_to(
        page,
        lambda e: e["tag"] == "a" and "/vragenlijst/" in active(page, "getAttribute('href')"),
    )
    press_and_wait(page, "Enter")
    check_mirrored_layout(page, language)
    for _ in range(40):
        if "/vragenlijst/klaar/" in page.url:
            break
        state = journey.page_state()
        journey.scan(state)
        if state == "over_u":
            answer_other_with_keyboard(journey)
        elif state == "nakijken":
            review_and_send_with_keyboard(journey)
        else:
            answer_page_with_keyboard(page)
    assert "/vragenlijst/klaar/" in page.url
    journey.scan("klaar")
    assert page.inner_text("main h1") == journey.words.thanks_heading
    site = page.url.split("/vragenlijst/")[0]
    for statement in ("privacy", "toegankelijkheid"):  # the footer's links, in the same language
        page.goto(f"{site}/{statement}/")
        journey.scan(statement)
    return journey.violations


def check_mirrored_layout(page, language):
    """On the first question page: in Arabic the radio sits right in its card and the step
    and question text start at the right; in Dutch and English all on the left. In Arabic,
    every option card is still one whole target."""
    side = "right" if DIRECTION[language] == "rtl" else "left"
    assert page.evaluate(SIDES) == {"radio": side, "step": side, "question": side}
    if DIRECTION[language] == "rtl":
        assert cards_clickable_everywhere(page) == []


def answer_other_with_keyboard(journey):
    """On "Over u": choose "Iemand anders, namelijk" with the arrow keys (its box appears
    right under it), send it empty, follow the focused error summary to the box, fill it in
    and answer the rest; the error state is scanned too."""
    page, words = journey.page, journey.words
    assert page.is_hidden(OTHER_BOX + "-wrap"), "the box shows only once its option is chosen"
    tab_to(page, lambda e: e["name"] == "ingevuld_door")
    for _ in range(3):
        page.keyboard.press("ArrowDown")
    assert focused(page)["value"] == "ander" and page.is_visible(OTHER_BOX)
    page.keyboard.press("Tab")
    assert active(page, "id") == OTHER_BOX[1:], "the box is the next tab stop after its option"
    tab_to(page, lambda e: e["tag"] == "button" and e["value"] == "next")
    press_and_wait(page, "Enter")
    assert active(page, "className") == "error-summary", "focus on the summary after an error"
    assert page.title().startswith(f"{words.error_prefix}: ")
    assert words.errors_title in page.inner_text(".error-summary h2")
    journey.scan("over_u-fout")
    page.keyboard.press("Tab")
    assert active(page, "getAttribute('href')") == OTHER_BOX
    page.keyboard.press("Enter")
    assert active(page, "id") == OTHER_BOX[1:], "the summary link puts focus in the box itself"
    assert page.get_attribute(OTHER_BOX, "aria-invalid") == "true"
    page.keyboard.type("Mijn buurvrouw")
    answer_page_with_keyboard(page)


def review_and_send_with_keyboard(journey):
    """On the check-your-answers page: "Wijzig" for "Over u" and back with the keyboard,
    then send."""
    page, words = journey.page, journey.words
    assert page.inner_text("main h1") == words.review_heading
    assert words.other_row in page.inner_text("main")
    review = page.url
    tab_to(
        page,
        lambda e: (
            e["tag"] == "a"
            and active(page, "className") == "review-change"
            and "/over_u/" in active(page, "getAttribute('href')")
        ),
    )
    press_and_wait(page, "Enter")
    assert "/vragenlijst/over_u/" in page.url and page.is_checked("#q-ingevuld_door-3")
    assert page.input_value(OTHER_BOX) == "Mijn buurvrouw"
    tab_to(page, lambda e: e["tag"] == "button" and e["value"] == "next")
    assert active(page, "textContent") == words.to_review
    press_and_wait(page, "Enter")
    assert page.url == review
    tab_to(page, lambda e: e["tag"] == "button" and e["value"] == "next")
    assert active(page, "textContent") == words.send
    press_and_wait(page, "Enter")


def no_script_journey(page, issued, language, axe_scan, copy):
    """The same path without JavaScript at 320 px, with a pointer: every "Anders" box is
    visible from the start, the error summary's link is a plain anchor. Each page state is
    also checked for cut-off text. Returns the axe violations per page state."""
    journey = Journey(page, language, axe_scan, "zonder-js", scanned=copy)
    not_readable = {}

    def check(state):
        journey.scan(state)
        found = page.evaluate(CLIPPED)
        if found["sideways"] or found["clipped"]:
            not_readable[state] = found

    if language != "nl":
        click_and_wait(page, f"button[lang={language}]")
    click_and_wait(page, ".code-form button")  # nothing typed: an error names the field
    assert page.get_attribute("#code", "aria-invalid") == "true"
    check("start-fout")
    page.fill("#code", issued.display_code)
    click_and_wait(page, ".code-form button")
    check("welkom")
    click_and_wait(page, "main a.button--primary")
    for _ in range(40):
        if "/vragenlijst/klaar/" in page.url:
            break
        state = journey.page_state()
        check(state)
        if state == "over_u":
            assert page.is_visible(OTHER_BOX), "without JavaScript every box is visible"
            page.check("#q-ingevuld_door-3")
            click_and_wait(page, "button[value=next]")
            assert page.title().startswith(f"{journey.words.error_prefix}: ")
            check("over_u-fout")
            page.click(f".error-summary a[href='{OTHER_BOX}']")
            assert page.url.endswith(OTHER_BOX)
            assert page.get_attribute(OTHER_BOX, "aria-invalid") == "true"
            page.fill(OTHER_BOX, "Mijn buurvrouw")
            answer_page_with_pointer(page)
        elif state == "nakijken":
            assert journey.words.other_row in page.inner_text("main")
        else:
            answer_page_with_pointer(page)
        click_and_wait(page, "button[value=next]")
    assert "/vragenlijst/klaar/" in page.url
    check("klaar")
    assert page.inner_text("main h1") == journey.words.thanks_heading
    assert not_readable == {}
    return journey.violations


def answer_page_with_pointer(page):
    """Choose and type what the keyboard journey does: the second option of each radio group
    (its first arrow press), the first box of each checkbox group, "3" in a number field and
    the same sentence in an open question; "Anders" boxes stay empty, a group already
    answered stays as it is."""
    for group in page.locator("main fieldset").all():
        if group.locator("input:checked").count():
            continue
        radios = group.locator("input[type=radio]")
        if radios.count():
            radios.nth(1).check()
        else:
            group.locator("input[type=checkbox]").first.check()
    for field in page.locator("main textarea").all():
        field.fill("De hulp is goed.")
    for field in page.locator("main input.input--number").all():
        field.fill("3")


def stored_answers(response):
    return {a.question_id: a.value for a in response.answers.all()}


def test_the_whole_path_keyboard_only_and_without_javascript_in_dutch_english_and_arabic(
    live_server, chromium, axe_scan, subtests, monkeypatch
):
    survey = SurveyFactory(in_fieldwork=True)
    questionnaire = get_document(survey.current_version)
    for language in ("tr", "pl"):
        monkeypatch.setitem(WORDS, language, words_from_translators(language, questionnaire))
    answers = {}
    for scenario, journey_languages in LANGUAGES.items():
        for language in journey_languages:
            with subtests.test(scenario=scenario, language=language):
                issued = invite(survey, provision_groups=("huishoudelijke_hulp", "vervoer"))
                if scenario == "toetsenbord":
                    context = chromium.new_context(viewport={"width": 360, "height": 740})
                    contexts = [context]
                else:
                    context = chromium.new_context(
                        viewport={"width": 320, "height": 640}, java_script_enabled=False
                    )
                    scan_context = chromium.new_context(viewport={"width": 320, "height": 640})
                    contexts = [context, scan_context]
                page = context.new_page()
                page.goto(live_server.url + "/")
                try:
                    if scenario == "toetsenbord":
                        violations = keyboard_journey(page, issued, language, axe_scan)
                    else:
                        copy = ScriptlessCopy(scan_context)
                        violations = no_script_journey(page, issued, language, axe_scan, copy)
                finally:
                    for opened in contexts:
                        opened.close()
                assert {state: v for state, v in violations.items() if v} == {}
                response = Response.objects.exclude(completed_at=None).latest("completed_at")
                assert response.is_completed and response.language == language
                other = OpenText.objects.get(response=response, kind=OpenTextKind.OTHER)
                assert open_texts.decrypt(other) == "Mijn buurvrouw"
                answers[scenario, language] = stored_answers(response)
    first = answers["toetsenbord", "nl"]
    assert {"wmo_1", "hh_op_tijd", "vv_op_tijd", "open_goed", "ingevuld_door"} <= set(first)
    assert first["ingevuld_door"] == "ander"
    assert {journey: a for journey, a in answers.items() if a != first} == {}
