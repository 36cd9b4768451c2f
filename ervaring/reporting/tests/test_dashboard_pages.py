"""What the survey dashboard shows: filters, response figures, trends, query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ervaring.analysis import snapshots
from ervaring.analysis.services import record_trend
from ervaring.fieldwork import tasks as fieldwork_tasks
from ervaring.fieldwork.models import FieldworkFigures
from ervaring.fieldwork.progress import record_progress
from ervaring.reporting.tests.conftest import respond_many

pytestmark = pytest.mark.django_db


def dashboard_url(survey, query=""):
    return reverse("reporting:survey-dashboard", args=[survey.slug]) + query


def statement(board, qid):
    return next(s for s in board.statements if s.id == qid)


def test_statements_with_n_interval_and_last_year(client, world):
    survey = world["survey"]
    respond_many(survey, 8, {"wmo_1": 5})
    respond_many(survey, 4, {"wmo_1": 2})
    record_trend(survey.organisation, "wmo", timezone.localdate().year - 1, "wmo-1", 40.0, 200)
    client.force_login(world["onderzoeker"])
    page = client.get(dashboard_url(survey))
    wmo_1 = statement(page.context["board"], "wmo_1")
    assert wmo_1.row.n == 12
    assert wmo_1.row.pct_agree == pytest.approx(100 * 8 / 12)
    assert wmo_1.row.ci_low < wmo_1.row.pct_agree < wmo_1.row.ci_high
    assert wmo_1.previous is not None and wmo_1.previous.previous_pct == 40.0
    html = page.content.decode()
    assert "(n=12)" in html and "67%" in html
    assert f"{timezone.localdate().year - 1}: 40%" in html


def test_a_team_filter_shows_that_team_beside_the_whole(client, world):
    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 5}, team="noord")
    respond_many(survey, 10, {"wmo_1": 1}, team="zuid")
    client.force_login(world["onderzoeker"])
    board = client.get(dashboard_url(survey, "?team=zuid")).context["board"]
    wmo_1 = statement(board, "wmo_1")
    assert (wmo_1.row.n, wmo_1.row.pct_agree) == (10, 0.0)
    assert (wmo_1.reference.n, wmo_1.reference.pct_agree) == (20, 50.0)
    assert board.series.total == 10


def test_a_period_filter_counts_only_responses_completed_in_it(client, world):
    survey = world["survey"]
    today = timezone.localdate()
    respond_many(survey, 3, {"wmo_1": 5}, on=today - dt.timedelta(days=200))
    respond_many(survey, 11, {"wmo_1": 4}, on=today - dt.timedelta(days=5))
    client.force_login(world["onderzoeker"])
    since = (today - dt.timedelta(days=30)).isoformat()
    board = client.get(dashboard_url(survey, f"?van={since}")).context["board"]
    assert statement(board, "wmo_1").row.n == 11
    assert board.series.total == 11
    assert sum(n for _, n in board.series.per_day) == 11


@pytest.mark.parametrize(
    "query",
    ["?team=bestaat-niet", "?van=gisteren", "?wet=wmo-plus", "?van=2025-05-01&tot=2025-01-01"],
)
def test_invalid_filters_are_refused_and_the_whole_survey_is_shown(client, world, query):
    respond_many(world["survey"], 2, {"wmo_1": 5})
    client.force_login(world["onderzoeker"])
    page = client.get(dashboard_url(world["survey"], query))
    assert page.status_code == 400
    assert page.context["board"].selection.team is None
    assert 'class="field-error"' in page.content.decode()


def test_response_rates_per_team_stratum_and_channel(client, world):
    respond_many(world["survey"], 3, {"wmo_1": 5}, team="noord")
    record_progress(world["survey"])
    client.force_login(world["onderzoeker"])
    board = client.get(dashboard_url(world["survey"])).context["board"]
    assert board.fieldwork.totals.invited == 3 and board.fieldwork.totals.started == 3
    assert [row.key for row in board.fieldwork.by_team] == ["noord"]
    assert board.fieldwork.by_stratum and board.fieldwork.by_channel


def test_pages_show_the_workers_count_of_the_invitations_and_do_not_count_them(client, world):
    """Counting 100,000 invitations cost a page view 0.3 s once a minute (issue 16): the
    worker counts them on the schedule and the pages read its figures; older than the
    pages accept, they count for themselves again."""
    survey = world["survey"]
    respond_many(survey, 3, {"wmo_1": 5}, team="noord")
    record_progress(survey)
    fieldwork_tasks.count_fieldwork.call()
    respond_many(survey, 2, {"wmo_1": 5}, team="noord")  # invited after the worker counted
    record_progress(survey)
    client.force_login(world["onderzoeker"])
    live = reverse("reporting:survey-dashboard-live", args=[survey.slug])
    for url in (dashboard_url(survey), live):
        with CaptureQueriesContext(connection) as queries:
            page = client.get(url)
        assert page.context["board"].fieldwork.totals.sampled == 3
        assert not [q for q in queries if "fieldwork_invitation" in q["sql"]]
        counted = timezone.localtime(page.context["board"].fieldwork.counted_at)
        assert f"Stand van de uitnodigingen om {counted:%H:%M}" in page.content.decode()
    FieldworkFigures.objects.update(counted_at=timezone.now() - dt.timedelta(minutes=11))
    snapshots.clear()
    assert client.get(dashboard_url(survey)).context["board"].fieldwork.totals.sampled == 5


@pytest.mark.parametrize("responses", [3, 30])
def test_a_fixed_number_of_queries_whatever_the_number_of_responses(
    client, world, django_assert_max_num_queries, responses
):
    respond_many(world["survey"], responses, {"wmo_1": 5, "wmo_2": 3}, team="noord")
    client.force_login(world["onderzoeker"])
    with django_assert_max_num_queries(25):  # cold: the dataset is built
        client.get(dashboard_url(world["survey"], "?team=noord"))
    # warm: only state, survey, alerts, counts, and the codings for the theme counts
    with django_assert_max_num_queries(13):
        client.get(dashboard_url(world["survey"], "?team=noord"))
    client.force_login(world["leider_noord"])
    # 10, plus the audit record of this first look (ervaring.accounts.viewing), which the
    # session remembers, and the codings for the theme counts: constant, whatever the
    # number of responses.
    with django_assert_max_num_queries(13):
        client.get(reverse("reporting:team-dashboard", args=[world["survey"].slug, "noord"]))


def test_the_live_fragment_carries_the_data_version_which_changes_with_a_response(client, world):
    survey = world["survey"]
    respond_many(survey, 2, {"wmo_1": 5})
    client.force_login(world["onderzoeker"])
    live = reverse("reporting:survey-dashboard-live", args=[survey.slug])
    first = client.get(live).context["board"].version
    assert client.get(live).context["board"].version == first
    respond_many(survey, 1, {"wmo_1": 5})
    assert client.get(live).context["board"].version != first


def test_the_public_summary_is_off_by_default_and_suppresses_small_groups(client, world):
    survey = world["survey"]
    respond_many(survey, 12, {"wmo_1": 5})
    respond_many(survey, 3, {"wmo_2": 5})
    public = reverse("public-results:summary", args=[survey.slug])
    assert client.get(public).status_code == 404
    client.force_login(world["onderzoeker"])
    switch = reverse("reporting:public-summary-switch", args=[survey.slug])
    client.post(switch, {"is_enabled": "on"})
    client.logout()
    page = client.get(public)
    assert page.status_code == 200
    assert statement(page.context["board"], "wmo_1").row.n == 12
    assert statement(page.context["board"], "wmo_2").row.suppressed
    assert "te weinig antwoorden" in page.content.decode()
    client.force_login(world["onderzoeker"])
    client.post(switch, {})
    client.logout()
    assert client.get(public).status_code == 404


def test_only_researchers_switch_the_public_summary(client, world):
    client.force_login(world["leider_noord"])
    switch = reverse("reporting:public-summary-switch", args=[world["survey"].slug])
    assert client.post(switch, {"is_enabled": "on"}).status_code == 404


def test_the_first_view_after_a_new_response_shows_it_without_reading_the_answers(
    client, world, monkeypatch
):
    from ervaring.analysis import snapshots

    survey = world["survey"]
    respond_many(survey, 10, {"wmo_1": 5})
    client.force_login(world["onderzoeker"])
    live = reverse("reporting:survey-dashboard-live", args=[survey.slug])
    first = client.get(live).context["board"]

    def no_full_build(*args, **kwargs):
        raise AssertionError("the dashboard read every answer")

    monkeypatch.setattr(snapshots, "build_dataset", no_full_build)
    respond_many(survey, 1, {"wmo_1": 1})
    board = client.get(live).context["board"]
    assert board.version != first.version
    assert statement(board, "wmo_1").row.n == 11
    assert statement(board, "wmo_1").row.pct_agree == pytest.approx(1000 / 11)


def test_the_survey_dashboard_reads_the_response_state_once_per_view(client, world):
    """The filter options and the figures come from one snapshot: the state (an aggregate
    over every completed response) is read once, first view after a response or not."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    respond_many(world["survey"], 3, {"wmo_1": 5})
    client.force_login(world["onderzoeker"])
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            client.get(dashboard_url(world["survey"], "?team=noord"))
        states = [
            q["sql"]
            for q in queries
            if '"responses_response"' in q["sql"] and "COUNT(" in q["sql"] and "MAX(" in q["sql"]
        ]
        assert len(states) == 1, states
