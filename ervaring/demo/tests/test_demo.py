import pytest

from ervaring.accounts.models import Staff
from ervaring.demo.generator import seed_demo
from ervaring.fieldwork.models import Message, MessageStatus
from ervaring.responses import services
from ervaring.responses.models import Response

pytestmark = pytest.mark.django_db

SMALL = {"wmo_clients": 200, "jeugd_clients": 60, "invited": 120, "completed": 25, "partial": 5}


def test_the_demo_has_a_running_survey_with_answers_staff_per_role_and_usable_codes():
    summary = seed_demo(**SMALL)
    assert summary.created
    assert summary.wmo_survey.status == "veldwerk"
    assert set(Staff.objects.values_list("role", flat=True)) >= {
        "beheerder",
        "onderzoeker",
        "teamleider",
        "professional",
        "invoerder",
    }
    assert Response.objects.filter(completed_at__isnull=False).count() == 25
    assert Response.objects.filter(completed_at__isnull=True).count() == 5
    assert Message.objects.filter(status=MessageStatus.SENT).count() == 120
    assert len(summary.unused_codes) == 6
    response, _ = services.open_with_code(summary.unused_codes[0], "127.0.0.1")
    assert response.survey == summary.wmo_survey and not response.is_completed


def test_running_the_demo_twice_changes_nothing():
    first = seed_demo(**SMALL)
    counts = Response.objects.count(), Staff.objects.count()
    second = seed_demo(**SMALL)
    assert not second.created
    assert second.wmo_survey == first.wmo_survey
    assert (Response.objects.count(), Staff.objects.count()) == counts


def test_the_demo_logins_work_with_the_printed_password_and_no_second_factor(client):
    from django.urls import reverse

    from ervaring.demo.generator import DEMO_PASSWORD, staff_logins

    seed_demo(**SMALL)
    for username, _role in staff_logins():
        response = client.post(
            reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
        )
        assert response["Location"] == reverse("accounts:home"), username
        assert client.get(reverse("accounts:profile")).status_code == 200
        client.post(reverse("accounts:logout"))


def test_the_demo_has_scrubbed_coded_open_answers_a_second_coder_and_a_chapter():
    from ervaring.analysis import agreement, coding
    from ervaring.analysis.models import Quote
    from ervaring.reporting.report import build_report
    from ervaring.responses.models import Answer, OpenText

    summary = seed_demo(**SMALL)
    survey = summary.wmo_survey
    assert not Answer.objects.filter(other_text__gt="").exists()
    assert not Answer.objects.filter(value="De taxi is vaak te laat.").exists()
    texts = OpenText.objects.filter(survey=survey, is_scrubbed=True)
    assert texts.exists() and not texts.filter(text__contains="06-12345678").exists()
    goed = coding.find_question(survey, "open_goed")
    assert coding.counted_keys(coding.texts_of(survey, goed))
    assert Quote.objects.exists()
    assert agreement.agreement(survey, goed).items > 0
    assert len(agreement.disagreements(survey, goed)) == 2
    chapters = build_report(survey).open_chapters
    assert [c.id for c in chapters][:2] == ["open_goed", "open_beter"]


def test_the_demo_has_a_coded_interview_round_and_its_chapter():
    from ervaring.analysis.models import InterviewFragment
    from ervaring.reporting.report import build_report

    survey = seed_demo(**SMALL).wmo_survey
    fragments = InterviewFragment.objects.filter(interview__round__survey=survey)
    assert survey.interview_round.interviews.count() == 10
    assert not fragments.filter(is_scrubbed=False).exists()
    shown = " ".join(fragments.values_list("text", flat=True))
    for raw in ("06-12345678", "Yilmaz", "Pieter", "Molenlaan"):
        assert raw not in shown
    chapter = build_report(survey).interview_chapter
    plus = {row[0].text: row[1].text for row in chapter.tables[0].rows}
    # Counted by hand from TRANSCRIPTS: bejegening in 6 of 10 interviews, effect in 6.
    assert plus["Bejegening: goed"] == "ongeveer de helft (6 van 10)"
    assert len(chapter.quotes) == 3


def test_the_demo_has_eight_quarters_of_registration_figures_for_the_monitor(client):
    from ervaring.reporting.models import RegistrationMapping, RegistrationValue

    summary = seed_demo(**SMALL)
    quarters = set(RegistrationValue.objects.values_list("quarter", flat=True))
    assert len(quarters) == 8 and min(quarters) == "2024-K4" and max(quarters) == "2026-K3"
    assert RegistrationMapping.objects.filter(organisation=summary.organisation).exists()
    client.force_login(Staff.objects.get(username="onderzoeker"))
    page = client.get("/beheer/monitor/").content.decode()
    assert "Beslissingen binnen de wettelijke termijn" in page and "2026-K3" in page


def test_the_demo_has_three_years_of_complaints_named_only_from_the_threshold():
    """2025 Wmo: Baken 14 and De Linde 11 are named; Regiotaxi 6 and Samen 4 together are
    the rest (10). Jeugd: 3 + 2 + 1 = 6 in 2025, 4 and 7 before, nobody named."""
    from ervaring.analysis.complaint_services import find_summary

    summary = seed_demo(**SMALL)
    wmo = find_summary(summary.organisation, "wmo", 2026)
    assert (wmo.year, wmo.total, wmo.earlier) == (2025, 35, (19, 24, 2))
    assert [p.provider for p in wmo.providers] == ["Zorggroep Het Baken", "Thuiszorg De Linde"]
    jeugd = find_summary(summary.organisation, "jeugd", 2026)
    assert (jeugd.total, jeugd.earlier, jeugd.providers) == (6, (4, 7, 2), ())


def test_the_demo_report_shows_the_synthetic_national_figures_of_2025():
    """The demo file: 70 + half a point per question number, one point more in 2025, so
    wmo-2 ("snel geholpen") is 70 + 1 + 1 = 72,0 in 2025; the source says it is made up."""
    from ervaring.reporting.report import build_report

    summary = seed_demo(**SMALL)
    tables = [t.benchmark_table for t in build_report(summary.wmo_survey).themes]
    national = [t for t in tables if t and "Landelijk 2025" in t.header]
    assert national
    column = national[0].header.index("Landelijk 2025")
    figures = {row[0].text: row[column].text for t in national for row in t.rows}
    assert any("snel geholpen" in text and pct == "72,0%" for text, pct in figures.items())
    assert any("Synthetische voorbeeldcijfers" in note for t in national for note in t.notes)
    seed_demo(**SMALL)  # a second run leaves the imported figures as they are
