"""The opt-out link: a GET only asks, the button (POST) records the objection."""

import pytest
from django.conf import settings

from ervaring.fieldwork import codes, opt_out, outbox, reminders, sending
from ervaring.fieldwork.models import Invitation, Message, OptOut
from ervaring.fieldwork.tests.sending_helpers import age_sent_messages, email_rows, sampled_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation():
    survey = sampled_survey(email_rows(1))
    outbox.queue_invitations(survey)
    sending.send_due_messages()
    return Invitation.objects.select_related("client").get(survey=survey)


def path_of(invitation):
    return opt_out.opt_out_link(invitation.pk).removeprefix(settings.PUBLIC_BASE_URL)


def test_the_email_carries_the_opt_out_link_of_its_invitation(invitation):
    from django.core import mail

    assert opt_out.opt_out_link(invitation.pk) in mail.outbox[0].body


def test_opening_the_link_does_not_opt_out(client, invitation):
    page = client.get(path_of(invitation))
    assert page.status_code == 200
    assert "Ik doe niet mee" in page.content.decode()
    invitation.refresh_from_db()
    assert not invitation.is_opted_out
    assert not OptOut.objects.exists()


def test_pressing_the_button_opts_out_and_stops_reminders(client, invitation):
    page = client.post(path_of(invitation))
    assert page.status_code == 200 and "U doet niet mee" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.is_opted_out
    expected = codes.client_ref_hash(invitation.client.client_ref, settings.CODE_KEY)
    assert OptOut.objects.filter(
        organisation=invitation.survey.organisation, client_hash=expected
    ).exists()
    age_sent_messages(days=30)
    assert reminders.queue_due_reminders(invitation.survey) == {1: 0, 2: 0}


def test_a_queued_reminder_is_cancelled_by_the_opt_out(client, invitation):
    age_sent_messages(days=7)
    reminders.queue_due_reminders(invitation.survey)
    client.post(path_of(invitation))
    assert Message.objects.get(reminder_number=1).status == "cancelled"


def test_pressing_twice_is_harmless(client, invitation):
    client.post(path_of(invitation))
    again = client.post(path_of(invitation))
    assert again.status_code == 200 and OptOut.objects.count() == 1


@pytest.mark.parametrize("token", ["1-aaaaaaaaaaaaaaaa", "abc", "999999-x"])
def test_a_wrong_token_is_not_found_and_changes_nothing(client, invitation, token):
    assert client.post(f"/afmelden/{token}/").status_code == 404
    invitation.refresh_from_db()
    assert not invitation.is_opted_out


def test_a_token_for_another_invitation_does_not_fit(invitation):
    token = opt_out.opt_out_token(invitation.pk)
    number, mac = token.split("-")
    assert opt_out.find_invitation_by_token(f"{int(number) + 1}-{mac}") is None


def test_the_email_and_the_code_page_after_an_opt_out_give_the_organisations_number(
    client, invitation
):
    """'Bel ons' without a number leaves a client with nothing to do."""
    from django.core import mail

    organisation = invitation.survey.organisation
    organisation.contact_phone, organisation.contact_email = "14 0318", "vragen@ede.example"
    organisation.save()
    # The first e-mail went out before the number was set: send it again.
    Message.objects.filter(invitation=invitation).update(status="queued")
    sending.send_due_messages()
    sentence = "Heeft u vragen? Bel 14 0318 of mail naar vragen@ede.example."
    assert sentence in mail.outbox[-1].body
    assert sentence in mail.outbox[-1].alternatives[0].content

    client.post(path_of(invitation))
    code = codes.decrypt_code(invitation.code_encrypted, settings.CODE_KEY)
    page = client.post("/", {"code": code}).content.decode()
    assert "Wilt u toch meedoen? Bel 14 0318 of mail naar vragen@ede.example." in page


def test_the_opt_out_page_speaks_the_language_chosen_on_the_respondent_pages(client, invitation):
    """In English, Arabic and the rest the page is whole: no Dutch left, right-to-left in
    Arabic, and the switch lists only the survey's languages."""
    from django.urls import reverse

    path = path_of(invitation)
    english = client.post(reverse("responses:language"), {"lang": "en", "next": path}, follow=True)
    html = english.content.decode()
    assert '<html lang="en" dir="ltr">' in html
    assert "I do not want to take part" in html and "Ik doe niet mee" not in html
    assert "Meedoen is vrijwillig" not in html and "Taking part is voluntary" in html
    arabic = client.post(reverse("responses:language"), {"lang": "ar", "next": path}, follow=True)
    assert '<html lang="ar" dir="rtl">' in arabic.content.decode()
    assert 'value="uk"' not in arabic.content.decode()  # the Wmo survey has no Ukrainian
