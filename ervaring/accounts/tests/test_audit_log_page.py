"""The audit log page (issue 11): the beheerder reads who logged in, viewed or exported what,
changed a questionnaire or letter, or closed fieldwork; filterable and exportable as CSV."""

import csv
import io
from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.services import log_event
from ervaring.accounts.tests.factories import OrganisationFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("accounts:audit-log")


def at(day: int, hour: int = 12) -> datetime:
    return timezone.make_aware(datetime(2026, 3, day, hour))


@pytest.fixture
def org_log():
    org = OrganisationFactory(second_factor_policy="vrijwillig")
    bea = StaffFactory(organisation=org, beheerder=True, username="bea")
    rows = [
        ("staff.logged_in", "olaf", "olaf", 2),
        ("reporting.download.pdf", "olaf", "wmo-2026", 3),
        ("questionnaire.version_saved", "olaf", "wmo-2026", 4),
        ("survey.fieldwork_closed", "bea", "wmo-2026", 5),
        ("reporting.export", "=HYPERLINK(1)", "jeugd-2026", 6),
    ]
    for action, who, target, day in rows:
        event = log_event(action, organisation=org, actor_label=who, target=target)
        AuditEvent.objects.filter(pk=event.pk).update(at=at(day))
    other = OrganisationFactory()
    log_event("staff.logged_in", organisation=other, actor_label="geheim", target="geheim")
    return org, bea


def test_only_the_beheerder_reads_the_log_and_only_their_own_organisation(client, org_log):
    org, bea = org_log
    client.force_login(StaffFactory(organisation=org, username="olaf"))
    assert client.get(URL).status_code == 404
    client.force_login(bea)
    page = client.get(URL).content.decode()
    for label in (
        "Ingelogd",
        "Gedownload: pdf",
        "Vragenlijst gewijzigd",
        "Veldwerk gesloten",
        "Gegevens geëxporteerd",
    ):
        assert label in page
    assert "geheim" not in page
    assert "5 records" in page
    assert "Logboek" in page  # in the menu


def test_a_real_login_appears_in_the_log(client, org_log):
    from ervaring.accounts.tests.helpers import log_in

    org, _bea = org_log
    StaffFactory(organisation=org, username="ria", professional=True)
    log_in(client, "ria")
    client.post(reverse("accounts:logout"))
    log_in(client, "bea")
    page = client.get(URL, {"wie": "ria"}).content.decode()
    assert "Ingelogd" in page and "1 record" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"soort": "inloggen"}, ["staff.logged_in"]),
        # the export itself is logged first, by bea, and is "bekeken"
        ({"soort": "bekeken"}, ["audit.exported", "reporting.export", "reporting.download.pdf"]),
        ({"soort": "gewijzigd"}, ["questionnaire.version_saved"]),
        ({"soort": "veldwerk"}, ["survey.fieldwork_closed"]),
        ({"wie": "bea"}, ["audit.exported", "survey.fieldwork_closed"]),
        (
            {"van": "2026-03-03", "tot": "2026-03-04"},
            ["questionnaire.version_saved", "reporting.download.pdf"],
        ),
        ({"onderwerp": "JEUGD"}, ["reporting.export"]),
    ],
)
def test_the_filters_narrow_the_csv_export(client, org_log, query, expected):
    _org, bea = org_log
    client.force_login(bea)
    response = client.get(URL, {**query, "formaat": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert [r["code"] for r in rows] == expected


def test_the_csv_neutralises_formulas_and_the_export_itself_is_logged(client, org_log):
    _org, bea = org_log
    client.force_login(bea)
    response = client.get(URL, {"soort": "bekeken", "formaat": "csv"})
    assert response["Content-Disposition"].startswith('attachment; filename="logboek-')
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert rows[1]["wie"] == "'=HYPERLINK(1)"
    assert rows[1]["tijdstip"] == "2026-03-06 12:00:00"
    exported = AuditEvent.objects.get(action="audit.exported")
    assert exported.actor == bea and exported.details["soort"] == "bekeken"


def test_a_start_after_the_end_is_refused_in_dutch(client, org_log):
    _org, bea = org_log
    client.force_login(bea)
    page = client.get(URL, {"van": "2026-03-05", "tot": "2026-03-01"}).content.decode()
    assert "De einddatum ligt vóór de begindatum." in page


def test_a_page_view_is_logged_once_per_quarter_of_an_hour(client, org_log, monkeypatch):
    from django.test import RequestFactory

    from ervaring.accounts import viewing

    org, bea = org_log
    moment = {"t": 1_800_000_000.0}
    monkeypatch.setattr(viewing, "clock", lambda: moment["t"])
    request = RequestFactory().get("/")
    request.user = bea
    request.session = {}
    for minutes in (0, 5, 14):
        moment["t"] = 1_800_000_000.0 + minutes * 60
        viewing.log_page_view(request, "reporting.viewed.dashboard", organisation=org, target="a")
    viewing.log_page_view(request, "reporting.viewed.dashboard", organisation=org, target="b")
    moment["t"] += 16 * 60
    viewing.log_page_view(request, "reporting.viewed.dashboard", organisation=org, target="a")
    targets = AuditEvent.objects.filter(action="reporting.viewed.dashboard").order_by("pk")
    assert [e.target for e in targets] == ["a", "b", "a"]
    client.force_login(bea)
    assert "Dashboard bekeken" in client.get(URL, {"soort": "bekeken"}).content.decode()
