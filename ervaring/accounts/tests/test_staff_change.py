"""A beheerder changes a colleague's role or team, or switches the account off: logged, and a
switched-off account is out at once; nobody can lock their own organisation out by a slip."""

import pytest
from django.test import Client

from ervaring.accounts.models import AuditEvent, Role, Staff
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


def url(person: Staff) -> str:
    return f"/account/medewerkers/{person.pk}/wijzigen/"


@pytest.fixture
def beheerder(client):
    staff = StaffFactory(beheerder=True)
    client.force_login(staff)
    return staff


def test_a_role_and_team_change_is_saved_and_logged(client, beheerder):
    person = StaffFactory(organisation=beheerder.organisation)
    team = TeamFactory(organisation=beheerder.organisation)
    response = client.post(
        url(person), {"role": Role.TEAMLEIDER, "team": team.pk, "is_active": "on"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.role, person.team) == (Role.TEAMLEIDER, team)
    event = AuditEvent.objects.get(action="staff.changed")
    assert event.target == person.username and event.details["was"].startswith("onderzoeker/")


def test_a_switched_off_account_cannot_log_in_and_its_session_ends(client, beheerder):
    person = StaffFactory(organisation=beheerder.organisation)
    theirs = Client()
    theirs.force_login(person)
    assert theirs.get("/account/mijn-gegevens/").status_code == 200
    client.post(url(person), {"role": Role.ONDERZOEKER, "team": ""})  # is_active unticked
    person.refresh_from_db()
    assert not person.is_active
    assert theirs.get("/account/mijn-gegevens/").status_code == 302  # back to the login page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": Role.ONDERZOEKER, "is_active": "on"}, "eigen rol niet veranderen"),
        ({"role": Role.BEHEERDER}, "eigen account niet uitzetten"),
    ],
)
def test_a_beheerder_cannot_demote_or_switch_off_themselves(client, beheerder, data, message):
    assert message in client.post(url(beheerder), {"team": "", **data}).content.decode()
    beheerder.refresh_from_db()
    assert beheerder.role == Role.BEHEERDER and beheerder.is_active


def test_a_team_role_needs_a_team_and_another_organisation_is_a_404(client, beheerder):
    person = StaffFactory(organisation=beheerder.organisation)
    page = client.post(url(person), {"role": Role.PROFESSIONAL, "team": "", "is_active": "on"})
    assert "hoort bij een team" in page.content.decode()
    assert client.get(url(StaffFactory())).status_code == 404
