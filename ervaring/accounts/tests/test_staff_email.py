"""Staff e-mail addresses: set by the person themselves or by their organisation's beheerder.

Issue 9: signals went to nobody because no page let anyone set an address.
"""

import pytest
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def org():
    return OrganisationFactory()


def test_a_staff_member_sets_their_own_address_and_it_is_logged(client, org):
    leider = StaffFactory(organisation=org, teamleider=True)
    client.force_login(leider)
    response = client.post(reverse("accounts:profile"), {"email": " Leider@Example.org "})
    assert response.status_code == 302
    leider.refresh_from_db()
    assert leider.email == "Leider@example.org"  # the domain in lower case
    event = AuditEvent.objects.get(action="staff.email_changed")
    assert (event.actor, event.target, event.details) == (
        leider,
        leider.username,
        {"is_empty": False},
    )


def test_an_invalid_address_is_refused_with_a_dutch_message_and_nothing_changes(client, org):
    person = StaffFactory(organisation=org, email="oud@example.org")
    client.force_login(person)
    page = client.post(reverse("accounts:profile"), {"email": "geen-adres"}).content.decode()
    assert "Dit is geen geldig e-mailadres" in page and 'aria-invalid="true"' in page
    person.refresh_from_db()
    assert person.email == "oud@example.org" and not AuditEvent.objects.exists()


def test_the_beheerder_sets_a_colleagues_address(client, org):
    beheerder = StaffFactory(organisation=org, beheerder=True)
    onderzoeker = StaffFactory(organisation=org)
    client.force_login(beheerder)
    listing = client.get(reverse("accounts:staff-list")).content.decode()
    assert onderzoeker.username in listing
    url = reverse("accounts:staff-email", args=[onderzoeker.pk])
    assert client.post(url, {"email": "o@example.org"}).status_code == 302
    onderzoeker.refresh_from_db()
    assert onderzoeker.email == "o@example.org"


@pytest.mark.parametrize("role", ["onderzoeker", "teamleider", "professional", "invoerder"])
def test_only_the_beheerder_manages_other_staff(client, org, role):
    person = StaffFactory(organisation=org, **{role: True} if role != "onderzoeker" else {})
    colleague = StaffFactory(organisation=org, email="c@example.org")
    client.force_login(person)
    assert client.get(reverse("accounts:staff-list")).status_code == 404
    url = reverse("accounts:staff-email", args=[colleague.pk])
    assert client.post(url, {"email": "x@example.org"}).status_code == 404
    colleague.refresh_from_db()
    assert colleague.email == "c@example.org"


def test_another_organisations_staff_is_not_found(client, org):
    beheerder = StaffFactory(organisation=org, beheerder=True)
    stranger = StaffFactory(organisation=OrganisationFactory(), email="s@example.org")
    client.force_login(beheerder)
    url = reverse("accounts:staff-email", args=[stranger.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": "x@example.org"}).status_code == 404
    assert stranger.username not in client.get(reverse("accounts:staff-list")).content.decode()
