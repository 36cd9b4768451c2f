"""Typing in an earlier year's figures: stored for the organisation, compared in the report,
refused with a reason when they cannot be right, and only for those who manage surveys."""

import pytest

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis.models import TrendResult
from ervaring.reporting.report import build_report
from ervaring.reporting.tests.survey_data import YEAR, make_survey

pytestmark = pytest.mark.django_db
URL = "/beheer/eerdere-jaren/"


def figure(**changes):
    return {"question": "wmo-2", "year": str(YEAR - 1), "pct_agree": "61,5", "n": "300",
            "population": "", **changes}  # fmt: skip


def test_a_typed_in_figure_is_compared_in_this_years_report(client):
    survey = make_survey()
    client.force_login(StaffFactory(organisation=survey.organisation))
    assert "wmo-2: Ik werd snel geholpen." in client.get(URL).content.decode()
    assert client.post(URL, figure()).status_code == 302
    stored = TrendResult.objects.get(organisation=survey.organisation)
    assert (stored.law, stored.year, stored.pct_agree, stored.n) == ("wmo", YEAR - 1, 61.5, 300)
    assert AuditEvent.objects.filter(action="trend.added").exists()
    contact = next(t for t in build_report(survey).themes if t.id == "contact")
    row = next(r for r in contact.trend_table.rows if r[0].text.startswith("Ik werd snel"))
    assert row[1].text == "62%"  # 61.5 printed half up


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": str(YEAR + 5)}, "nog moet komen"),
        ({"pct_agree": "101"}, "hoogstens 100"),
        ({"population": "100"}, "De populatie is kleiner dan het aantal antwoorden"),
        ({"question": "wmo-99"}, "geen beschikbare keuze"),
    ],
)
def test_a_figure_that_cannot_be_right_is_refused(client, changes, message):
    client.force_login(StaffFactory())
    page = client.post(URL, figure(**changes)).content.decode()
    assert message in page
    assert not TrendResult.objects.exists()


def test_the_same_question_and_year_twice_says_what_to_do(client):
    client.force_login(StaffFactory())
    client.post(URL, figure())
    page = client.post(URL, figure(pct_agree="70")).content.decode()
    assert "al een cijfer ingevoerd" in page
    assert TrendResult.objects.get().pct_agree == 61.5


def test_only_the_organisations_researchers_see_and_remove_its_figures(client):
    owner = StaffFactory()
    client.force_login(owner)
    client.post(URL, figure())
    stored = TrendResult.objects.get()
    client.force_login(StaffFactory())  # another organisation
    assert client.post(f"{URL}{stored.pk}/verwijderen/").status_code == 404
    assert "wmo-2" not in client.get(URL).content.decode().split("Ingevoerd")[1]
    client.force_login(StaffFactory(organisation=owner.organisation, teamleider=True))
    assert client.get(URL).status_code == 404
    client.force_login(owner)
    assert client.post(f"{URL}{stored.pk}/verwijderen/").status_code == 302
    assert not TrendResult.objects.exists()
