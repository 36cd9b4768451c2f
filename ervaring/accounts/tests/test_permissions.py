import pytest
from django.contrib.auth.models import AnonymousUser

from ervaring.accounts import permissions
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory()


@pytest.fixture
def people(org):
    return {
        "beheerder": StaffFactory(organisation=org, beheerder=True),
        "onderzoeker": StaffFactory(organisation=org),
        "teamleider": StaffFactory(organisation=org, teamleider=True),
        "professional": StaffFactory(organisation=org, professional=True),
        "buiten": StaffFactory(organisation=OrganisationFactory(), beheerder=True),
        "anoniem": AnonymousUser(),
    }


class Owned:
    def __init__(self, organisation_id, pk=None):
        self.organisation_id = organisation_id
        self.pk = pk


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("beheerder", True),
        ("onderzoeker", True),
        ("teamleider", False),
        ("professional", False),
        ("buiten", False),
        ("anoniem", False),
    ],
)
def test_only_own_admins_and_researchers_manage_a_survey(people, org, who, expected):
    assert permissions.can_manage_survey(people[who], Owned(org.pk)) is expected
    assert permissions.can_view_survey(people[who], Owned(org.pk)) is expected


def test_team_members_see_only_their_own_team(people, org):
    own = people["teamleider"].team
    other = TeamFactory(organisation=org)
    assert permissions.can_view_team(people["teamleider"], own)
    assert not permissions.can_view_team(people["teamleider"], other)
    assert not permissions.can_view_team(people["professional"], own)
    assert permissions.can_view_team(people["professional"], people["professional"].team)
    assert permissions.can_view_team(people["onderzoeker"], other)
    assert not permissions.can_view_team(people["buiten"], own)


def test_inviting_clients_is_for_social_team_staff(people):
    allowed = {who for who, user in people.items() if permissions.can_invite_clients(user)}
    assert allowed == {"teamleider", "professional"}


def test_only_the_beheerder_manages_staff(people):
    allowed = {who for who, user in people.items() if permissions.can_manage_staff(user)}
    assert allowed == {"beheerder", "buiten"}


def test_an_inactive_account_has_no_rights(people, org):
    user = people["beheerder"]
    user.is_active = False
    assert not permissions.can_manage_survey(user, Owned(org.pk))


def test_a_team_role_without_team_is_refused_by_the_database(org):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        StaffFactory(organisation=org, role="professional", team=None)


def test_data_entry_is_for_invoerders_and_researchers_of_the_same_organisation(org, people):
    survey = Owned(org.pk)
    invoerder = StaffFactory(organisation=org, invoerder=True)
    assert permissions.can_enter_data(invoerder, survey)
    assert permissions.can_enter_data(people["onderzoeker"], survey)
    assert not permissions.can_enter_data(invoerder, Owned(OrganisationFactory().pk))
    for who in ("beheerder", "teamleider", "professional", "buiten", "anoniem"):
        assert not permissions.can_enter_data(people[who], survey), who
    assert not permissions.can_manage_surveys(invoerder)


def test_a_kiosk_is_unlocked_by_professionals_and_team_leaders_only(people):
    assert permissions.can_run_kiosk(people["professional"])
    assert permissions.can_run_kiosk(people["teamleider"])
    for who in ("beheerder", "onderzoeker", "anoniem"):
        assert not permissions.can_run_kiosk(people[who]), who


@pytest.mark.parametrize(
    ("who", "first", "absent"),
    [
        ("onderzoeker", "/beheer/", "Cliënt uitnodigen"),
        ("professional", "/beheer/dashboards/", "Onderzoeken"),
        ("teamleider", "/beheer/dashboards/", "Invoer papier en telefoon"),
    ],
)
def test_after_login_each_role_lands_on_its_own_first_page(client, people, who, first, absent):
    client.force_login(people[who])
    landing = client.get("/account/start/")
    assert landing.status_code == 302 and landing["Location"] == first
    page = client.get(first).content.decode()
    assert absent not in page
