"""The beheerder adds and renames teams on a page; the short name stays, so files and
dashboards that named the team keep matching; other organisations' teams are out of reach."""

import pytest

from ervaring.accounts.models import AuditEvent, Team
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db
URL = "/account/teams/"


@pytest.fixture
def beheerder(client):
    person = StaffFactory(beheerder=True)
    client.force_login(person)
    return person


def test_a_team_is_added_renamed_and_logged_and_keeps_its_short_name(client, beheerder):
    assert URL in client.get("/account/mijn-gegevens/").content.decode()  # in the menu
    assert client.post(URL, {"name": "  Wijkteam   Noord "}).status_code == 302
    team = Team.objects.get(organisation=beheerder.organisation)
    assert (team.name, team.slug) == ("Wijkteam Noord", "wijkteam-noord")
    assert client.post(f"{URL}{team.pk}/", {"name": "Sociaal team Noord"}).status_code == 302
    team.refresh_from_db()
    assert (team.name, team.slug) == ("Sociaal team Noord", "wijkteam-noord")
    assert list(
        AuditEvent.objects.filter(action__startswith="team.").values_list("action", flat=True)
    ) == ["team.renamed", "team.created"]
    assert "Sociaal team Noord" in client.get(URL).content.decode()


def test_a_second_team_of_the_same_name_is_refused_with_the_reason(client, beheerder):
    client.post(URL, {"name": "Wijkteam Zuid"})
    response = client.post(URL, {"name": "wijkteam zuid"})
    assert response.status_code == 422
    assert "Er is al een team dat ‘wijkteam zuid’ heet." in response.content.decode()
    assert Team.objects.filter(organisation=beheerder.organisation).count() == 1


def test_teams_of_another_organisation_and_other_roles_are_refused(client, beheerder):
    other = TeamFactory(name="Ander team")
    assert client.post(f"{URL}{other.pk}/", {"name": "Overgenomen"}).status_code == 404
    other.refresh_from_db()
    assert other.name == "Ander team"
    client.force_login(StaffFactory(organisation=beheerder.organisation))  # an onderzoeker
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"name": "Nieuw"}).status_code == 404
