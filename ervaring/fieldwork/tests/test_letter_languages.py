"""The letter says, in each of the survey's other languages, that the questionnaire is in it."""

import subprocess
import unicodedata
from datetime import date

import pytest

from ervaring import languages
from ervaring.fieldwork.channels.letter import LetterText, Recipient, Sender, write_letters
from ervaring.fieldwork.language_lines import AVAILABLE, availability_lines
from ervaring.fieldwork.printing import letter_text
from ervaring.questionnaires.tests.factories import SurveyFactory


def catalogue_line(language):
    path = languages.LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
    (entry,) = [e for e in languages.read_po(path) if e.context == "letter_available"]
    assert entry.msgid == AVAILABLE
    return entry.msgstr


@pytest.mark.django_db
def test_the_letter_of_a_wmo_survey_names_each_of_its_languages_in_that_language():
    text = letter_text(SurveyFactory(), 0, date(2026, 11, 23))
    assert text.language_lines == tuple(
        (code, catalogue_line(code)) for code in ("en", "tr", "ar", "pl")
    )


def test_each_line_is_printed_and_arabic_reads_right_to_left(tmp_path):
    lines = availability_lines(("nl", "en", "tr", "ar", "pl", "uk"))
    path = tmp_path / "brief.pdf"
    recipient = Recipient(("Bewoner", "Dorpsstraat 1", "1234 AB Dorp"), "K7QM-4TXP-9HWD", "x")
    text = LetterText(
        "ervaring.example", date(2026, 12, 14), letter_date=date(2026, 11, 23), language_lines=lines
    )
    write_letters(path, Sender("Gemeente Voorbeeld"), text, [recipient])
    layer = subprocess.run(
        ["pdftotext", "-layout", path, "-"], capture_output=True, text=True, check=True
    ).stdout
    # Arabic is drawn in its joined letter forms; normalising them gives the letters back.
    readable = unicodedata.normalize("NFKC", layer)
    for code in ("en", "tr", "pl", "uk"):
        assert catalogue_line(code) in layer
    assert "هذا الاستبيان متوفر" in readable
    assert "ﻫﺬﺍ" in layer  # the joined forms, not loose letters


def test_a_dutch_only_survey_prints_no_language_lines():
    assert availability_lines(("nl",)) == ()
