"""Inviting staff and a new organisation's first beheerder: an account without a password, an
e-mail with a link that sets one under the password rules, once."""

import re

import pytest
from django.contrib.auth import authenticate
from django.core import mail
from django.core.management import CommandError, call_command

from ervaring.accounts.models import AuditEvent, Organisation, Role, Staff
from ervaring.accounts.tests.factories import StaffFactory, TeamFactory

pytestmark = pytest.mark.django_db
INVITE = "/account/medewerkers/uitnodigen/"
STRONG = "Zonnebloem-Akker-4182"


def invite(client, **changes):
    data = {"first_name": "Joke", "last_name": "de Vries", "username": "j.devries",
            "email": "joke@ede.example", "role": Role.ONDERZOEKER, "team": ""}  # fmt: skip
    data.update(changes)
    return client.post(INVITE, data)


def link_in(message) -> str:
    return re.search(r"https?://\S+/wachtwoord/nieuw/\S+/", message.body).group(0)


def set_password(client, link: str, password: str):
    path = link.split("://", 1)[1].split("/", 1)[1]
    form_page = client.get("/" + path, follow=True)
    return client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else "/" + path,
        {"new_password1": password, "new_password2": password},
    )


def test_an_invited_colleague_sets_a_password_once_and_can_log_in(client):
    beheerder = StaffFactory(beheerder=True)
    client.force_login(beheerder)
    assert invite(client).status_code == 302
    person = Staff.objects.get(username="j.devries")
    assert person.organisation == beheerder.organisation and not person.has_usable_password()
    assert AuditEvent.objects.filter(action="staff.invited", target="j.devries").exists()
    (message,) = mail.outbox
    assert message.to == ["joke@ede.example"] and "j.devries" in message.body
    link = link_in(message)
    client.logout()
    assert set_password(client, link, STRONG).status_code == 302
    assert authenticate(username="j.devries", password=STRONG) is not None
    again = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert "new_password1" not in again.content.decode()  # the link worked once


def test_the_password_rules_apply_to_an_invited_account(client):
    client.force_login(StaffFactory(beheerder=True))
    invite(client)
    client.logout()
    page = set_password(client, link_in(mail.outbox[0]), "welkom123")
    assert page.status_code == 200
    assert not Staff.objects.get(username="j.devries").has_usable_password()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"role": Role.TEAMLEIDER}, "hoort bij een team"),
        ({"username": "bestaat"}, "bestaat al"),
        ({"username": "Hoofd Letters"}, "kleine letters"),
    ],
)
def test_an_invitation_that_cannot_be_made_says_why(client, changes, message):
    StaffFactory(username="bestaat")
    client.force_login(StaffFactory(beheerder=True))
    page = invite(client, **changes).content.decode()
    assert message in page
    assert not mail.outbox


def test_a_team_of_another_organisation_cannot_be_chosen_and_others_get_no_page(client):
    client.force_login(StaffFactory(beheerder=True))
    foreign = TeamFactory()
    page = invite(client, role=Role.PROFESSIONAL, team=str(foreign.pk)).content.decode()
    assert "Selecteer een geldige keuze" in page and not mail.outbox
    client.force_login(StaffFactory())  # an onderzoeker
    assert client.get(INVITE).status_code == 404


def test_the_command_creates_an_organisation_and_invites_its_beheerder():
    call_command("create_organisation", slug="ede", name="Gemeente Ede", beheerder="bea",
                 email="bea@ede.example")  # fmt: skip
    organisation = Organisation.objects.get(slug="ede")
    bea = Staff.objects.get(username="bea")
    assert (bea.organisation, bea.role) == (organisation, Role.BEHEERDER)
    assert "Gemeente Ede" in mail.outbox[0].subject and link_in(mail.outbox[0])
    assert AuditEvent.objects.filter(organisation=organisation, action="organisation.created")
    with pytest.raises(CommandError, match="al een organisatie"):
        call_command("create_organisation", slug="ede", name="X", beheerder="b2",
                     email="b2@ede.example")  # fmt: skip
