"""The paper questionnaire, read back from the PDF's text layer with pdftotext."""

import subprocess
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from ervaring.fieldwork.paper_form import entry_keys, instruction
from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.services import get_document
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


def pdf_pages(path):
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_every_page_carries_the_respondents_code_and_every_question_is_printed(tmp_path):
    survey = SurveyFactory(in_fieldwork=True)
    first, second = invite(survey), invite(survey)
    out = tmp_path / "papier.pdf"
    stdout = StringIO()
    call_command(
        "paper_questionnaire",
        "--survey",
        survey.slug,
        "--out",
        str(out),
        "--code",
        first.code,
        "--code",
        second.display_code.lower(),
        stdout=stdout,
    )
    pages = pdf_pages(out)
    assert stdout.getvalue().startswith(f"wrote {len(pages)} pages for 2 questionnaires")
    with_first = [p for p in pages if first.display_code in p]
    with_second = [p for p in pages if second.display_code in p]
    assert len(with_first) + len(with_second) == len(pages) >= 4
    assert all(p.count(first.display_code) >= 2 for p in with_first), "top and bottom"
    text = " ".join(" ".join(p.split()) for p in with_first)
    questionnaire = get_document(survey.current_version)
    for question in questionnaire.questions():
        start = " ".join(question.text.get("nl").split())[:40]
        assert start in text, question.id
    assert "Helemaal mee eens" in text and "Niet van toepassing" in text


def test_routing_is_printed_as_an_instruction(tmp_path):
    survey = SurveyFactory(in_fieldwork=True)
    out = tmp_path / "leeg.pdf"
    call_command("paper_questionnaire", "--survey", survey.slug, "--out", str(out))
    text = " ".join(" ".join(pdf_pages(out)).split())
    assert "Code: ____-____" in text
    assert "Alleen invullen als u vervoer krijgt" in text
    assert "Alleen invullen als u bij vraag" in text and "'Ja' heeft aangekruist" in text


def test_the_printed_numbers_are_the_data_entry_keys():
    survey = SurveyFactory()
    questionnaire = get_document(survey.current_version)
    agree = questionnaire.question("wmo_1")
    assert [(k.key, k.label) for k in entry_keys(agree)][:2] == [
        ("5", "Helemaal mee eens"),
        ("4", "Mee eens"),
    ]
    yesno = next(q for q in questionnaire.questions() if q.type == "yesno")
    assert [(k.key, k.value) for k in entry_keys(yesno)] == [("1", "ja"), ("2", "nee")]
    theme = questionnaire.theme("contact_ervaring")
    numbers = {q.id: n for n, q in enumerate(questionnaire.questions(), start=1)}
    assert instruction(theme.show_if, questionnaire, numbers).startswith(
        f"Alleen invullen als u bij vraag {numbers['contact_zelf']} 'Ja'"
    )


def test_a_code_of_another_survey_is_refused(tmp_path):
    survey = SurveyFactory(in_fieldwork=True)
    other = invite(SurveyFactory(in_fieldwork=True))
    with pytest.raises(CommandError, match="does not belong"):
        call_command(
            "paper_questionnaire",
            "--survey",
            survey.slug,
            "--out",
            str(tmp_path / "x.pdf"),
            "--code",
            other.code,
        )
