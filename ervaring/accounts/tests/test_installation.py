"""The installation administrator makes an organisation and its first beheerder on a page:
only with a second factor, all or nothing, and the beheerder chooses their own password."""

import pytest
from django.core import mail

from ervaring.accounts.models import AuditEvent, Organisation, Staff
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, give_app, log_in
from ervaring.accounts.tests.test_invitations import STRONG, link_in, set_password

pytestmark = pytest.mark.django_db
URL = "/account/installatie/organisaties/"


@pytest.fixture
def operator(client):
    person = Staff.objects.create_superuser("operator", "op@example.org", PASSWORD)
    log_in(client, "operator", give_app(person))
    return person


def new(**changes):
    data = {"name": "Gemeente Ede", "slug": "", "first_name": "Anouk", "last_name": "Bakker",
            "username": "a.bakker", "email": "a.bakker@ede.example"}  # fmt: skip
    return {**data, **changes}


def test_the_operator_makes_an_organisation_whose_beheerder_chooses_a_password(client, operator):
    assert client.get("/account/start/")["Location"] == URL  # the operator's first page
    response = client.post(URL, new())
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Gemeente Ede")
    assert organisation.slug == "gemeente-ede"  # made from the name
    beheerder = Staff.objects.get(username="a.bakker")
    assert (beheerder.organisation, beheerder.role, beheerder.has_usable_password()) == (
        organisation,
        "beheerder",
        False,
    )
    (message,) = mail.outbox
    assert message.to == ["a.bakker@ede.example"] and "Gemeente Ede" in message.subject
    event = AuditEvent.objects.get(action="organisation.created")
    assert (event.organisation, event.actor) == (organisation, operator)
    page = client.get(URL).content.decode()
    assert "Gemeente Ede" in page and "gemeente-ede" in page
    client.logout()
    assert set_password(client, link_in(message), STRONG).status_code == 302
    beheerder.refresh_from_db()
    assert beheerder.check_password(STRONG)


def test_a_refused_beheerder_leaves_no_organisation_and_the_page_says_why(client, operator):
    StaffFactory(username="a.bakker")
    response = client.post(URL, new(slug="ede"))
    assert response.status_code == 422
    page = response.content.decode()
    assert "<title>Fout: " in page and "De gebruikersnaam &#x27;a.bakker&#x27; bestaat al" in page
    assert not Organisation.objects.filter(slug="ede").exists()
    assert mail.outbox == []
    response = client.post(URL, new(slug="Ede Stad!", email="geen-adres"))
    page = response.content.decode()
    assert "Korte naam in webadressen" in page and "E-mailadres van de beheerder" in page


def test_nobody_else_finds_the_page(client):
    superuser = Staff.objects.create_superuser("zonder", "z@example.org", PASSWORD)
    client.force_login(superuser)  # no second factor used
    assert client.get(URL).status_code == 404
    client.force_login(StaffFactory(beheerder=True))
    assert client.get(URL).status_code == 404
    assert client.post(URL, new()).status_code == 404
    assert not Organisation.objects.filter(name="Gemeente Ede").exists()
