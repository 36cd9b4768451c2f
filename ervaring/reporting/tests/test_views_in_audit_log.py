"""Opening a dashboard or the report is in the audit log (issue 11: "who viewed what"); the
refreshed part of a dashboard and a second look within the quarter are not."""

import pytest
from django.urls import reverse

from ervaring.accounts.models import AuditEvent

pytestmark = pytest.mark.django_db


def viewed(action):
    return list(AuditEvent.objects.filter(action=action).values_list("actor_label", "target"))


def test_dashboards_and_the_report_page_are_logged_once_per_look(client, world):
    survey = world["survey"]
    client.force_login(world["onderzoeker"])
    for _ in range(2):
        client.get(reverse("reporting:survey-dashboard", args=[survey.slug]))
        client.get(reverse("reporting:survey-dashboard-live", args=[survey.slug]))
    client.get(reverse("reporting:report", args=[survey.slug]))
    who = world["onderzoeker"].username
    assert viewed("reporting.viewed.dashboard") == [(who, survey.slug)]
    assert viewed("reporting.viewed.report") == [(who, survey.slug)]
    client.force_login(world["leider_noord"])
    client.get(reverse("reporting:team-dashboard", args=[survey.slug, "noord"]))
    client.get(reverse("reporting:team-dashboard-live", args=[survey.slug, "noord"]))
    assert viewed("reporting.viewed.team_dashboard") == [
        (world["leider_noord"].username, f"{survey.slug}/noord")
    ]


def test_a_page_someone_may_not_see_logs_nothing(client, world):
    client.force_login(world["other_org"])
    response = client.get(reverse("reporting:survey-dashboard", args=[world["survey"].slug]))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action__startswith="reporting.viewed").exists()
