"""Theme counts of the coded open answers on the dashboards, counted by hand (issue 12).

Team noord: 12 coded respondents, zuid: 11 (minimum group size 10).
- bejegening-plus: noord 10 (10/12 = 83%), zuid 10 (10/11 = 91%), total 20/23 = 87%.
- uitvoering-klus: noord 10, zuid 2, total 12/23 = 52%. Zuid's 2 is under 10, and
  12 - 10 would give it away, so noord's 10 is hidden too; the total stays.
"""

import pytest
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.models import CoderRole
from ervaring.analysis.tests.open_answers import answered, texts_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(world):
    survey = world["survey"]
    codebook_services.ensure_codebook(survey)
    coder = StaffFactory(organisation=survey.organisation)
    for i in range(23):
        answered(survey, {"open_goed": f"prima hulp {i}"}, team="noord" if i < 12 else "zuid")
    for i, text in enumerate(texts_for(survey)):
        in_team = i if i < 12 else i - 12
        keys = {"bejegening-plus"} if in_team < 10 else set()
        if (i < 12 and in_team < 10) or (i >= 12 and in_team < 2):
            keys.add("uitvoering-klus")
        coding.save_codes(text, CoderRole.FIRST, keys, coder=coder)
    return world


def get(client, world, person, team=None):
    client.force_login(world[person])
    survey = world["survey"]
    if team is None:
        return client.get(reverse("reporting:survey-dashboard", args=[survey.slug]))
    return client.get(reverse("reporting:team-dashboard", args=[survey.slug, team]))


def themes(response):
    return {row.key: row.cells for row in response.context["board"].themes.rows}


def test_the_survey_dashboard_shows_every_team_and_the_total(client, coded):
    response = get(client, coded, "onderzoeker")
    board = response.context["board"]
    assert board.themes.columns == ("Totaal", "Wijkteam Noord", "Wijkteam Zuid")
    assert board.themes.bases == ("23", "12", "11")
    found = themes(response)
    assert found["bejegening-plus"] == ("20 (87%)", "10 (83%)", "10 (91%)")
    assert found["uitvoering-klus"] == ("12 (52%)", "·", "·")


def test_a_team_member_sees_only_their_own_teams_counts(client, coded):
    for person in ("leider_noord", "prof_noord"):
        response = get(client, coded, person, "noord")
        board = response.context["board"]
        assert board.themes.columns == ("Wijkteam Noord",)
        assert themes(response)["bejegening-plus"] == ("10 (83%)",)
        assert themes(response)["uitvoering-klus"] == ("·",)
        html = response.content.decode()
        assert "10 (91%)" not in html and "20 (87%)" not in html and "12 (52%)" not in html
    response = get(client, coded, "leider_zuid", "zuid")
    assert themes(response)["bejegening-plus"] == ("10 (91%)",)


def test_another_team_or_organisation_gets_a_404(client, coded):
    assert get(client, coded, "leider_noord", "zuid").status_code == 404
    assert get(client, coded, "other_org", "noord").status_code == 404
    assert get(client, coded, "other_org").status_code == 404
    assert get(client, coded, "prof_noord").status_code == 404


def test_without_coded_answers_there_is_no_theme_table(client, world):
    response = get(client, world, "onderzoeker")
    assert response.context["board"].themes is None
