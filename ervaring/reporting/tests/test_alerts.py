"""Alerts: crossing the threshold, one mail, a note, recovery, history.

The mail goes through a real SMTP server on 127.0.0.1 (the ``smtp_server`` fixture).
"""

import datetime as dt
from email import message_from_bytes

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ervaring.analysis import alerts, snapshots
from ervaring.analysis.models import Alert, AlertRule
from ervaring.analysis.tasks import evaluate_alerts as evaluate_task
from ervaring.reporting.tests.conftest import respond_many

pytestmark = pytest.mark.django_db


def evaluate(survey):
    snapshots.clear()
    return alerts.evaluate_alerts(survey)


def mails(inbox):
    return [(sorted(m.rcpt_tos), message_from_bytes(m.content)) for m in inbox.messages]


def test_the_default_rule_follows_the_plan(world):
    (rule,) = alerts.get_rules(world["survey"])
    assert (rule.threshold_pct, rule.min_n, rule.window_days, rule.is_per_team) == (
        20,
        10,
        90,
        True,
    )


def test_no_alert_on_fewer_than_ten_answers(world, smtp_server):
    respond_many(world["survey"], 9, {"wmo_1": 1}, team="noord")
    assert evaluate(world["survey"]).opened == []
    assert smtp_server.messages == []


def test_crossing_opens_alerts_and_mails_once_per_scope(world, smtp_server):
    survey = world["survey"]
    respond_many(survey, 8, {"wmo_1": 5}, team="noord")
    respond_many(survey, 3, {"wmo_1": 2}, team="noord")  # 27% oneens in Noord
    respond_many(survey, 12, {"wmo_1": 5}, team="zuid")  # 0% in Zuid; overall 13%
    report = evaluate(survey)
    assert [(a.question_id, a.team_slug) for a in report.opened] == [("wmo_1", "noord")]
    assert report.mails == 1
    ((recipients, mail),) = mails(smtp_server)
    assert recipients == ["leider.noord@example.org", "onderzoek@example.org"]
    body = mail.get_payload(decode=True).decode()
    assert "Wijkteam Noord" in mail["Subject"]
    assert "Ik wist waar ik moest zijn met mijn hulpvraag.: 27% oneens (n=11" in body
    assert "/dashboard/team/noord/" in body


def test_no_repeated_mail_while_it_stays_above(world, smtp_server):
    survey = world["survey"]
    respond_many(survey, 7, {"wmo_1": 5})
    respond_many(survey, 3, {"wmo_1": 1})
    assert len(evaluate(survey).opened) == 2  # overall and Noord (everyone is in Noord)
    sent = len(smtp_server.messages)
    respond_many(survey, 2, {"wmo_1": 1})  # worse
    report = evaluate(survey)
    assert report.opened == [] and report.mails == 0
    assert len(smtp_server.messages) == sent
    overall = Alert.objects.get(team_slug="")
    assert overall.peak_pct == pytest.approx(500 / 12) and overall.n == 12
    assert Alert.objects.count() == 2


def test_recovery_closes_the_alert_and_a_new_crossing_is_a_new_episode(world, smtp_server):
    survey = world["survey"]
    respond_many(survey, 7, {"wmo_1": 5})
    respond_many(survey, 3, {"wmo_1": 1})
    evaluate(survey)
    respond_many(survey, 10, {"wmo_1": 5})  # 15% oneens
    report = evaluate(survey)
    assert len(report.recovered) == 2
    overall = Alert.objects.get(team_slug="")
    assert overall.recovered_at is not None and overall.recovered_pct == pytest.approx(15)
    respond_many(survey, 10, {"wmo_1": 1})  # 43% oneens again
    report = evaluate(survey)
    assert len(report.opened) == 2
    assert Alert.objects.filter(team_slug="").count() == 2  # history kept
    assert len(smtp_server.messages) == 4  # overall + Noord, twice


def test_the_rolling_window_forgets_old_answers(world, smtp_server):
    survey = world["survey"]
    old = timezone.localdate() - dt.timedelta(days=120)
    respond_many(survey, 10, {"wmo_1": 1}, on=old)
    assert evaluate(survey).opened == []
    AlertRule.objects.filter(survey=survey).update(window_days=None)  # whole period
    assert len(evaluate(survey).opened) == 2


def test_evaluation_is_safe_to_run_twice(world, smtp_server):
    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 1})
    evaluate(survey)
    evaluate(survey)
    assert Alert.objects.count() == 2 and len(smtp_server.messages) == 2


def test_the_alert_shows_on_both_dashboards_and_is_acknowledged_with_a_note(
    client, world, smtp_server
):
    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 1}, team="noord")
    evaluate(survey)
    team_alert = Alert.objects.get(team_slug="noord")
    team_url = reverse("reporting:team-dashboard", args=[survey.slug, "noord"])
    note_url = reverse("reporting:alert-acknowledge", args=[survey.slug, team_alert.pk])
    note = "besproken met team Noord, actie: terugbellen binnen 2 dagen"

    client.force_login(world["prof_noord"])  # sees it, may not sign it off
    assert "100% oneens" in client.get(team_url).content.decode()
    assert client.post(note_url, {"note": note}).status_code == 404
    client.force_login(world["leider_zuid"])
    assert client.post(note_url, {"note": note}).status_code == 404

    client.force_login(world["leider_noord"])
    response = client.post(note_url, {"note": note})
    assert response.status_code == 302 and response["Location"] == team_url
    team_alert.refresh_from_db()
    assert team_alert.note == note and team_alert.acknowledged_by == world["leider_noord"]
    assert note in client.get(team_url).content.decode()

    client.force_login(world["onderzoeker"])
    html = client.get(reverse("reporting:survey-dashboard", args=[survey.slug])).content.decode()
    assert note in html and "hele organisatie" in html


def test_a_recovered_alert_stays_in_the_history_on_the_dashboard(client, world, smtp_server):
    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 1})
    evaluate(survey)
    respond_many(survey, 50, {"wmo_1": 5})
    evaluate(survey)
    client.force_login(world["onderzoeker"])
    board = client.get(reverse("reporting:survey-dashboard", args=[survey.slug])).context["board"]
    assert board.open_alerts == [] and len(board.past_alerts) == 2


def test_the_task_and_the_command_evaluate(world, smtp_server, capsys):
    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 1})
    snapshots.clear()
    assert evaluate_task.call(survey.pk)[survey.slug]["opened"] == 2
    call_command("evaluate_alerts", "--survey", survey.slug)
    assert f"{survey.slug}: 0 nieuw, 0 hersteld, 2 open, 0 e-mail(s)" in capsys.readouterr().out


def test_an_alert_nobody_can_receive_stays_pending_and_is_mailed_once_someone_can(
    client, world, smtp_server
):
    """Issue 9: with no recipient, the alert used to be marked notified and never mailed."""
    survey = world["survey"]
    for person in (world["onderzoeker"], world["leider_noord"]):
        person.email = ""
        person.save()
    respond_many(survey, 7, {"wmo_1": 5}, team="noord")
    respond_many(survey, 3, {"wmo_1": 1}, team="noord")  # 30% oneens, overall and in Noord
    assert evaluate(survey).mails == 0 and smtp_server.messages == []
    assert Alert.objects.filter(notified_at=None).count() == 2
    client.force_login(world["beheerder"])
    page = client.get(reverse("reporting:survey-dashboard", args=[survey.slug])).content.decode()
    assert "Niemand krijgt een e-mail over deze signalen" in page
    assert "Wijkteam Noord: Er is geen onderzoeker en geen teamleider van dit team" in page
    assert "De hele organisatie: Er is geen onderzoeker met een e-mailadres" in page

    client.force_login(world["onderzoeker"])
    response = client.post(reverse("accounts:profile"), {"email": "onderzoek@example.org"})
    assert response.status_code == 302
    report = evaluate(survey)
    assert report.opened == [] and report.mails == 2  # the waiting episodes, not new ones
    assert [recipients for recipients, _ in mails(smtp_server)] == [["onderzoek@example.org"]] * 2
    assert Alert.objects.filter(notified_at=None).count() == 0
    page = client.get(reverse("reporting:survey-dashboard", args=[survey.slug])).content.decode()
    assert "Niemand krijgt een e-mail" not in page


def test_a_failed_alert_mail_is_sent_again_on_the_next_run(world, smtp_server, settings):
    survey = world["survey"]
    respond_many(survey, 7, {"wmo_1": 5}, team="zuid")
    respond_many(survey, 3, {"wmo_1": 1}, team="zuid")
    port = settings.MAILERS["default"]["OPTIONS"]["port"]
    settings.MAILERS = {
        **settings.MAILERS,
        "default": {
            **settings.MAILERS["default"],
            "OPTIONS": {**settings.MAILERS["default"]["OPTIONS"], "port": 1},
        },
    }
    assert evaluate(survey).mails == 0
    assert Alert.objects.filter(notified_at=None).count() == 2
    settings.MAILERS = {
        **settings.MAILERS,
        "default": {
            **settings.MAILERS["default"],
            "OPTIONS": {**settings.MAILERS["default"]["OPTIONS"], "port": port},
        },
    }
    assert evaluate(survey).mails == 2
    assert len(smtp_server.messages) == 2
