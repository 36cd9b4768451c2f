"""Tablet (kiosk) mode on the server: unlock, fresh responses, idle reset, no cache, lock."""

import re
import time

import pytest
from django.core.checks import run_checks
from django.urls import reverse

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork.models import Invitation
from ervaring.fieldwork.progress import record_progress
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses import kiosk, kiosk_views
from ervaring.responses.models import Answer, KioskSession, Response
from ervaring.responses.tests.formfill import fill

pytestmark = pytest.mark.django_db
PASSWORD = "geheim-wachtwoord-1"


@pytest.fixture
def survey():
    return SurveyFactory(in_fieldwork=True)


@pytest.fixture
def professional(survey):
    return StaffFactory(organisation=survey.organisation, professional=True)


@pytest.fixture
def tablet(client, survey, professional):
    """A client (browser) whose tablet the professional has unlocked with PIN 2468."""
    client.force_login(professional)
    unlocked = client.post(reverse("kiosk:unlock"), {"survey": survey.slug, "pin": "2468"})
    assert unlocked.status_code == 302 and unlocked["Location"] == reverse("kiosk:home")
    return client


def begin(client):
    return client.post(reverse("kiosk:begin"), follow=True)


def complete(client, first):
    current = first
    for _ in range(40):
        if not page_of(current):
            break
        current = client.post(
            current.request["PATH_INFO"], fill(current.content.decode()), follow=True
        )
    return current


def page_of(response):
    match = re.search(r"/kiosk/vraag/([a-z0-9_-]+)/$", response.request["PATH_INFO"])
    return match.group(1) if match else ""


def test_unlocking_logs_the_professional_out_and_shows_the_neutral_start_screen(
    tablet, professional
):
    assert "_auth_user_id" not in tablet.session
    home = tablet.get(reverse("kiosk:home"))
    assert "Geef uw mening" in home.content.decode()
    assert tablet.get(reverse("questionnaires:survey-list")).status_code == 302
    kiosk_session = KioskSession.objects.get()
    assert kiosk_session.team == professional.team and kiosk_session.pin_hash != "2468"
    assert AuditEvent.objects.filter(action="kiosk.unlocked", actor=professional).exists()


def test_only_professionals_and_team_leaders_unlock_a_tablet(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation))
    assert client.get(reverse("kiosk:unlock")).status_code == 404
    client.force_login(StaffFactory(organisation=survey.organisation, teamleider=True))
    assert survey.name in client.get(reverse("kiosk:unlock")).content.decode()


def test_a_tablet_that_was_not_unlocked_shows_no_survey(client, survey):
    page = client.get(reverse("kiosk:home"))
    assert "vergrendeld" in page.content.decode()
    assert client.post(reverse("kiosk:begin"))["Location"] == reverse("kiosk:home")
    assert not Response.objects.exists()


def test_each_client_gets_a_fresh_tablet_response_with_the_team(tablet, professional):
    first = begin(tablet)
    assert first.status_code == 200 and page_of(first)
    invitation = Invitation.objects.get()
    assert invitation.channel == "tablet" and invitation.team == professional.team
    response = Response.objects.get()
    assert response.channel == "tablet"
    assert response.attributes["team"] == professional.team.slug
    assert first["Cache-Control"].count("no-store") == 1


def test_after_completion_the_next_client_starts_in_a_new_session(tablet):
    first = begin(tablet)
    key_first = tablet.session.session_key
    done = complete(tablet, first)
    assert done.request["PATH_INFO"] == reverse("kiosk:thanks")
    assert "Geef de tablet terug" in done.content.decode()
    assert Response.objects.get().is_completed
    assert not Invitation.objects.get().is_completed  # recorded by the worker, not the request
    record_progress(Response.objects.get().survey)
    assert Invitation.objects.get().is_completed
    back = tablet.get(first.request["PATH_INFO"])
    assert back["Location"] == reverse("kiosk:home"), "the old page is not shown again"
    second = begin(tablet)
    assert tablet.session.session_key != key_first
    assert Response.objects.count() == 2
    assert "checked" not in second.content.decode()


def test_the_tablet_client_checks_their_answers_before_sending(tablet):
    first = begin(tablet)
    current = first
    while page_of(current) != "nakijken":
        current = tablet.post(
            current.request["PATH_INFO"], fill(current.content.decode()), follow=True
        )
    html = current.content.decode()
    assert "Kijk uw antwoorden na" in html and not Response.objects.get().is_completed
    change = reverse("kiosk:page", kwargs={"page_id": page_of(first)}) + "?nakijken"
    assert f'href="{change}"' in html and "kiosk-dialog" in html
    back = tablet.post(change, fill(tablet.get(change).content.decode()), follow=True)
    assert back.request["PATH_INFO"] == reverse("kiosk:review")
    done = tablet.post(reverse("kiosk:review"), {"action": "next"}, follow=True)
    assert done.request["PATH_INFO"] == reverse("kiosk:thanks")
    assert Response.objects.get().is_completed


def test_an_idle_client_is_refused_on_the_server_and_their_page_not_stored(tablet, settings):
    settings.KIOSK_IDLE_SECONDS = 60
    first = begin(tablet)
    session = tablet.session
    session[kiosk_views.SESSION_ACTIVE] = time.time() - 61
    session.save()
    late = tablet.post(first.request["PATH_INFO"], fill(first.content.decode()))
    assert late["Location"] == reverse("kiosk:home")
    assert not Answer.objects.exists()
    assert kiosk_views.SESSION_CODE not in tablet.session
    assert tablet.get(first.request["PATH_INFO"])["Location"] == reverse("kiosk:home")


def test_stopping_returns_to_the_start_screen_and_forgets_the_client(tablet):
    first = begin(tablet)
    stopped = tablet.post(first.request["PATH_INFO"], {"action": "stop"})
    assert stopped["Location"] == reverse("kiosk:home")
    assert kiosk_views.SESSION_CODE not in tablet.session


def test_the_ordinary_respondent_pages_never_see_a_kiosk_response(tablet):
    begin(tablet)
    assert tablet.get(reverse("responses:survey"))["Location"] == reverse("responses:start")


def test_the_tablet_is_locked_with_the_pin_and_then_shows_nothing(tablet):
    assert tablet.post(reverse("kiosk:end"), {"secret": "1111"}).status_code == 422
    locked = tablet.post(reverse("kiosk:end"), {"secret": "2468"})
    assert "vergrendeld" in locked.content.decode()
    assert KioskSession.objects.get().ended_at is not None
    assert "vergrendeld" in tablet.get(reverse("kiosk:home")).content.decode()
    assert tablet.post(reverse("kiosk:begin"))["Location"] == reverse("kiosk:home")


def test_after_too_many_wrong_pins_only_the_password_unlocks(tablet):
    for _ in range(kiosk.MAX_PIN_ATTEMPTS):
        tablet.post(reverse("kiosk:end"), {"secret": "0000"})
    assert tablet.post(reverse("kiosk:end"), {"secret": "2468"}).status_code == 422
    assert tablet.post(reverse("kiosk:end"), {"secret": PASSWORD}).status_code == 200
    event = AuditEvent.objects.get(action="kiosk.ended")
    assert event.actor is not None


def test_closing_the_survey_stops_the_tablet(tablet, survey):
    questionnaires.close_fieldwork(survey)
    assert "vergrendeld" in tablet.get(reverse("kiosk:home")).content.decode()


def test_a_keep_alive_moves_the_servers_deadline_while_the_client_types(tablet, settings):
    first = begin(tablet)
    session = tablet.session
    stale = time.time() - settings.KIOSK_IDLE_SECONDS + 2  # two seconds before the reset
    session[kiosk_views.SESSION_ACTIVE] = stale
    session.save()
    alive = tablet.post(reverse("kiosk:keep-alive"))
    assert alive.status_code == 204 and "no-store" in alive["Cache-Control"]
    moved = tablet.session[kiosk_views.SESSION_ACTIVE] - stale
    assert moved >= settings.KIOSK_IDLE_SECONDS - 3, "the deadline counts from the keep-alive"
    sent = tablet.post(first.request["PATH_INFO"], fill(first.content.decode()))
    assert sent.status_code == 302 and sent["Location"] != reverse("kiosk:home")
    assert Answer.objects.exists()


def test_a_keep_alive_after_the_deadline_forgets_the_client(tablet, settings):
    first = begin(tablet)
    session = tablet.session
    session[kiosk_views.SESSION_ACTIVE] = time.time() - settings.KIOSK_IDLE_SECONDS - 1
    session.save()
    assert tablet.post(reverse("kiosk:keep-alive")).status_code == 410
    assert kiosk_views.SESSION_CODE not in tablet.session
    assert tablet.get(first.request["PATH_INFO"])["Location"] == reverse("kiosk:home")
    assert tablet.get(reverse("kiosk:keep-alive")).status_code == 405


def test_without_a_client_a_keep_alive_keeps_nothing_alive(tablet):
    assert tablet.post(reverse("kiosk:keep-alive")).status_code == 410


def test_the_page_carries_the_timeouts_and_the_dialog_for_the_script(tablet, settings):
    settings.KIOSK_IDLE_SECONDS, settings.KIOSK_WARNING_SECONDS = 240, 45
    html = begin(tablet).content.decode()
    assert 'data-idle-seconds="240"' in html and 'data-warning-seconds="45"' in html
    assert f'data-keepalive-url="{reverse("kiosk:keep-alive")}"' in html
    assert '<dialog id="kiosk-dialog"' in html and "Bent u er nog?" in html
    assert "Ja, ik ga verder" in html and 'aria-live="polite"' in html
    assert "Doet u 4 minuten niets?" in html


def links_and_actions(html):
    found = re.findall(r'<a [^>]*href="([^"#][^"]*)"', html)
    return found + re.findall(r'<form [^>]*action="([^"]+)"', html)


def test_every_link_on_a_kiosk_page_stays_in_the_kiosk(tablet):
    pages = [tablet.get(reverse("kiosk:home")), begin(tablet)]
    pages += [tablet.get(reverse("kiosk:privacy")), tablet.get(reverse("kiosk:accessibility"))]
    pages.append(complete(tablet, pages[1]))
    pages += [tablet.get(reverse("kiosk:privacy")), tablet.get(reverse("kiosk:end"))]
    for page in pages:
        assert page.status_code == 200, page.request["PATH_INFO"]
        targets = links_and_actions(page.content.decode())
        assert targets, page.request["PATH_INFO"]
        outside = [t for t in targets if not t.startswith("/kiosk/")]
        assert outside == [], page.request["PATH_INFO"]


def test_the_statements_lead_back_to_the_clients_page_and_keep_the_client(tablet):
    first = begin(tablet)
    where = first.request["PATH_INFO"]
    statement = tablet.get(reverse("kiosk:privacy"))
    assert "no-store" in statement["Cache-Control"]
    assert f'<a href="{where}">Terug naar de vragen</a>' in statement.content.decode()
    assert "Geef de tablet" not in statement.content.decode()
    assert page_of(tablet.get(where)) == page_of(first), "the client goes on where they were"
    tablet.post(where, {"action": "stop"})
    after = tablet.get(reverse("kiosk:accessibility")).content.decode()
    assert f'<a href="{reverse("kiosk:home")}">Naar het begin</a>' in after


def test_the_kiosk_language_switch_returns_only_to_kiosk_pages(tablet):
    first = begin(tablet)
    where = first.request["PATH_INFO"]
    switched = tablet.post(reverse("kiosk:language"), {"lang": "en", "next": where})
    assert switched["Location"] == where
    assert '<html lang="en" dir="ltr">' in tablet.get(where).content.decode()
    away = tablet.post(reverse("kiosk:language"), {"lang": "nl", "next": "/privacy/"})
    assert away["Location"] == reverse("kiosk:home")


def test_no_form_history_on_the_tablet(tablet):
    html = begin(tablet).content.decode()
    for _ in range(10):
        if "<textarea" in html:
            break
        html = tablet.post(page_path(html), fill(html), follow=True).content.decode()
    assert re.search(r'<form method="post"[^>]* class="page-form" autocomplete="off">', html)
    fields = re.findall(r"<(?:textarea|input)\b[^>]*>", html)
    typed = [f for f in fields if "<textarea" in f or 'type="text"' in f]
    assert any("<textarea" in f for f in typed)
    assert all('autocomplete="off"' in f for f in typed), typed


def page_path(html):
    return re.search(r'name="next" value="(/kiosk/vraag/[a-z0-9_-]+/)"', html).group(1)


def test_a_keep_alive_slower_than_the_quiet_time_before_the_dialog_is_flagged(settings):
    assert not [m for m in run_checks() if m.id == "ervaring.W002"], "the defaults are fine"
    settings.KIOSK_KEEPALIVE_SECONDS = 120
    assert [m.id for m in run_checks() if m.id == "ervaring.W002"] == ["ervaring.W002"]
