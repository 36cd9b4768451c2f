"""Who reaches which dashboard: a matrix of people against URLs and parameters.

Anything not allowed is a 404 (never a 403), so another team's or organisation's survey
cannot even be told apart from one that does not exist.
"""

import pytest
from django.urls import reverse

from ervaring.reporting.tests.conftest import respond_many

pytestmark = pytest.mark.django_db

SURVEY = "survey"
NOORD = "team-noord"
ZUID = "team-zuid"
PAGES = {
    SURVEY: ("reporting:survey-dashboard", ()),
    f"{SURVEY}-live": ("reporting:survey-dashboard-live", ()),
    NOORD: ("reporting:team-dashboard", ("noord",)),
    f"{NOORD}-live": ("reporting:team-dashboard-live", ("noord",)),
    ZUID: ("reporting:team-dashboard", ("zuid",)),
    f"{ZUID}-live": ("reporting:team-dashboard-live", ("zuid",)),
}
# person -> pages they may open (every other page is a 404)
ALLOWED = {
    "onderzoeker": set(PAGES),
    "beheerder": set(PAGES),
    "leider_noord": {NOORD, f"{NOORD}-live"},
    "prof_noord": {NOORD, f"{NOORD}-live"},
    "leider_zuid": {ZUID, f"{ZUID}-live"},
    "invoerder": set(),
    "other_org": set(),
}


@pytest.fixture
def answered(world):
    survey = world["survey"]
    respond_many(survey, 12, {"wmo_1": 5}, team="noord")
    respond_many(survey, 11, {"wmo_1": 1}, team="zuid")
    return world


def url(world, page, query=""):
    name, extra = PAGES[page]
    return reverse(name, args=[world["survey"].slug, *extra]) + query


@pytest.mark.parametrize("person", sorted(ALLOWED))
@pytest.mark.parametrize("page", sorted(PAGES))
@pytest.mark.parametrize("query", ["", "?team=zuid", "?team=noord&stratum=huishoudelijke_hulp"])
def test_permission_matrix(client, answered, person, page, query):
    client.force_login(answered[person])
    response = client.get(url(answered, page, query))
    if page in ALLOWED[person]:
        assert response.status_code in (200, 400)
    else:
        assert response.status_code == 404


def test_another_organisations_survey_is_not_found_even_for_its_own_team_slug(client, answered):
    other = answered["other_survey"]
    client.force_login(answered["leider_noord"])
    for name, extra in PAGES.values():
        response = client.get(reverse(name, args=[other.slug, *extra]))
        assert response.status_code == 404


def test_signed_out_visitors_go_to_the_login_page(client, answered):
    for page in PAGES:
        response = client.get(url(answered, page))
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]


def test_a_team_parameter_on_a_team_dashboard_never_shows_that_team(client, answered):
    client.force_login(answered["leider_noord"])
    page = client.get(url(answered, NOORD, "?team=zuid"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wijkteam Zuid" not in html
    assert "(n=12)" in html  # Noord's own n
    assert "(n=11)" not in html  # Zuid's n appears nowhere
    board = page.context["board"]
    assert board.team.slug == "noord"
    assert {s.row.group for s in board.statements} == {"noord"}


def test_a_team_under_the_minimum_is_suppressed_on_its_own_dashboard(client, world):
    survey = world["survey"]
    respond_many(survey, 14, {"wmo_1": 5}, team="noord")
    respond_many(survey, 4, {"wmo_1": 1}, team="zuid")
    client.force_login(world["leider_zuid"])
    board = client.get(url(world, ZUID)).context["board"]
    wmo_1 = next(s for s in board.statements if s.id == "wmo_1")
    assert wmo_1.row.suppressed and wmo_1.row.n is None and wmo_1.row.pct_agree is None
    # and by complementary suppression Noord as well, so the total cannot give Zuid away
    client.force_login(world["leider_noord"])
    board = client.get(url(world, NOORD)).context["board"]
    assert next(s for s in board.statements if s.id == "wmo_1").row.suppressed


def test_team_members_see_a_list_of_their_own_dashboards(client, answered):
    client.force_login(answered["prof_noord"])
    html = client.get(reverse("reporting:my-dashboards")).content.decode()
    assert url(answered, NOORD) in html
    assert url(answered, ZUID) not in html
