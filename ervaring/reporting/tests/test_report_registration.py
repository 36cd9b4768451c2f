"""The report and raadsbrief put the registration figures beside the experience figures."""

import re
from decimal import Decimal

import pytest

from ervaring.reporting.council_letter_forms import load_council_letter
from ervaring.reporting.models import RegistrationIndicator, RegistrationValue
from ervaring.reporting.report import build_report
from ervaring.reporting.report_render import render_html
from ervaring.reporting.tests.survey_data import make_survey
from ervaring.reporting.tests.test_report_language import (
    DECIMAL_POINT,
    ENGLISH,
    IDENTIFIER,
    LAW_ARTICLE,
    visible_text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = make_survey(one_provision=True)
    org = survey.organisation
    in_time = RegistrationIndicator.objects.create(
        organisation=org,
        name="Beslissingen binnen de wettelijke termijn",
        unit="percentage",
        law="wmo",
        experience_question="wmo-2",
    )
    requests = RegistrationIndicator.objects.create(
        organisation=org, name="Nieuwe aanvragen", unit="aantal", law="wmo"
    )
    youth = RegistrationIndicator.objects.create(
        organisation=org, name="Jeugdhulp gestart", unit="aantal", law="jeugd"
    )
    for quarter, pct, count in (("2025-K4", "84.5", 1180), ("2026-K1", "88", 1204)):
        RegistrationValue.objects.create(indicator=in_time, quarter=quarter, value=Decimal(pct))
        RegistrationValue.objects.create(indicator=requests, quarter=quarter, value=count)
        RegistrationValue.objects.create(indicator=youth, quarter=quarter, value=7)
    return survey


def test_report_has_the_section_with_dutch_numbers(survey):
    report = build_report(survey)
    text = visible_text(render_html(report))
    assert "Registratiecijfers per kwartaal" in text
    assert (
        "Nieuwe aanvragen: 1204 in het eerste kwartaal van 2026, tegen 1180 in het "
        "vierde kwartaal van 2025." in text
    )
    assert "84,5%" in text and "Jeugdhulp gestart" not in text  # a Wmo survey: no youth figures
    row = next(r for r in report.registration.table.rows if r[0].text.startswith("Beslissingen"))
    statement = next(s for t in report.themes for s in t.statements if s.question_id == "wmo_2")
    assert (
        row[-1].text == f"{int(statement.agree + 0.5)}% (n={statement.n})"
    )  # as the theme shows it
    words = set(re.findall(r"[a-z]+", text.lower()))
    assert not (words & ENGLISH) and not IDENTIFIER.findall(text)
    assert not DECIMAL_POINT.findall(LAW_ARTICLE.sub("", text))


def test_raadsbrief_has_the_sentences(survey):
    letter = load_council_letter(survey, build_report(survey))
    assert any(
        s.startswith("Beslissingen binnen de wettelijke termijn: 88%") for s in letter.registration
    )
    assert any("het eens met 'Ik werd snel geholpen'" in s for s in letter.registration)


def test_no_section_without_registration_figures():
    report = build_report(make_survey(one_provision=True))
    assert report.registration is None
    assert "Registratiecijfers" not in render_html(report)
