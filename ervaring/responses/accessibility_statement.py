"""The accessibility statement of the respondent pages, after the Dutch model statement
(toegankelijkheidsverklaring, Besluit digitale toegankelijkheid overheid).

The model asks for: the status, the date, what the statement covers, how the pages were
tested, the known problems, how to reach the organisation, and where to complain. What we
say about testing must stay true, so every check names the test of this product's own test
suite that does it; `tests/test_accessibility_statement.py` fails when one of them is gone.
Written for respondents: B1 Dutch, no product or technique names.
"""

from dataclasses import dataclass
from datetime import date

from ervaring.dutch_dates import dutch_date


@dataclass(frozen=True)
class Check:
    """One way the pages are tested, in both languages, and the test that does it."""

    nl: str
    en: str
    test: str  # "path/to/test_file.py::test_name"


#: "gedeeltelijk" (partly) because of the known problems below and because no outside party
#: has audited the pages yet; "volledig" needs such an audit without findings.
STATUS = "gedeeltelijk"
STATUS_TEXT = {
    "nl": "Deze vragenlijst voldoet gedeeltelijk aan de regels.",
    "en": "This questionnaire partly meets the rules.",
}
#: When the statement was drawn up (and the checks below last changed).
DRAWN_UP = date(2026, 12, 4)

BROWSER = "ervaring/responses/tests/test_browser.py"
JOURNEYS = "ervaring/responses/tests/test_journeys_browser.py"
CHECKS = (
    Check(
        "Een computerprogramma controleert elke pagina op de regels van WCAG 2.2 (niveau A en AA).",
        "A computer program checks every page against the WCAG 2.2 rules (level A and AA).",
        f"{BROWSER}::test_error_page_is_accessible_and_names_the_field",
    ),
    Check(
        "We vullen de hele vragenlijst in met alleen het toetsenbord, op een klein scherm. "
        "Dat doen we in het Nederlands, het Engels en het Arabisch.",
        "We fill in the whole questionnaire with the keyboard only, on a small screen. "
        "We do that in Dutch, English and Arabic.",
        f"{JOURNEYS}::test_the_whole_path_keyboard_only_and_without_javascript_in_dutch_english"
        "_and_arabic",
    ),
    Check(
        "De vragenlijst werkt ook in een oude of eenvoudige browser. Dat testen we ook.",
        "The questionnaire also works in an old or simple browser. We test that too.",
        "ervaring/responses/tests/test_progress_count.py"
        "::test_the_step_total_never_changes_and_matches_the_welcome_page",
    ),
    Check(
        "We kijken of alles past op een scherm van 320 punten breed. Dat is 4 keer vergroot.",
        "We check that everything fits on a screen 320 points wide. That is 4 times enlarged.",
        f"{BROWSER}::test_read_aloud_at_four_times_zoom_and_a_clean_address",
    ),
)

#: Known problems, and what is being done about them.
KNOWN_ISSUES = (
    (
        "Een computer maakte de vertalingen in het Turks, Arabisch, Pools en Oekraïens. "
        "Een vertaler kijkt ze nog na.",
        "A computer made the Turkish, Arabic, Polish and Ukrainian translations. A translator "
        "will still check them.",
    ),
    (
        "Deze verklaring is er alleen in het Nederlands en het Engels.",
        "This statement is only in Dutch and English.",
    ),
    (
        "Voorlezen werkt alleen als uw browser een stem heeft.",
        "Reading aloud only works when your browser has a voice.",
    ),
    (
        "Niemand van buiten heeft de pagina's nog helemaal nagekeken. Dat gaan we laten doen.",
        "Nobody from outside has fully checked the pages yet. We will have that done.",
    ),
)

OMBUDSMAN = {
    "nl": (
        "Heeft uw gemeente een eigen ombudsman? Dan kunt u daar terecht. Anders gaat u naar "
        "de Nationale ombudsman: www.nationaleombudsman.nl of bel gratis 0800 33 55 555."
    ),
    "en": (
        "Does your municipality have its own ombudsman? Then you can go there. Otherwise, go to "
        "the National Ombudsman: www.nationaleombudsman.nl or call 0800 33 55 555 for free."
    ),
}


def drawn_up_text(language: str) -> str:
    """The statement's date as a respondent reads it ("4 december 2026")."""
    if language != "nl":
        return f"{DRAWN_UP.day} {DRAWN_UP:%B %Y}"
    return dutch_date(DRAWN_UP)


def statement(language: str) -> dict[str, object]:
    """What the page shows: Dutch, else English (the statement is not translated further,
    and English says so in its known issues, rather than Dutch by surprise)."""
    en = language != "nl"
    return {
        "status": STATUS_TEXT["en" if en else "nl"],
        "drawn_up": drawn_up_text(language),
        "checks": [check.en if en else check.nl for check in CHECKS],
        "known_issues": [english if en else dutch for dutch, english in KNOWN_ISSUES],
        "ombudsman": OMBUDSMAN["en" if en else "nl"],
    }
