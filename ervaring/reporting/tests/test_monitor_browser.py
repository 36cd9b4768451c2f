"""The quarterly monitor in a real browser: a first file read in through the column page,
then the monitor with its charts and tables, both scanned with axe at phone width."""

import datetime as dt

import pytest

from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.fieldwork.cohorts import set_continuous
from ervaring.reporting.tests.conftest import respond_many

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]
FILE = "Kwartaal;Aanvragen;Binnen termijn\n2026-K3;410;88\n2026-K4;395;91,5\n"


def test_first_import_and_the_monitor_have_no_axe_violations(
    live_server, chromium, axe_scan, world, tmp_path
):
    survey = world["survey"]
    set_continuous(survey, True)
    respond_many(survey, 12, {"wmo_2": 4}, on=dt.date(2026, 8, 3))
    export = tmp_path / "registratie.csv"
    export.write_text(FILE, encoding="utf-8")
    context = chromium.new_context(viewport={"width": 360, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in_browser(page, live_server.url, world["onderzoeker"].username)
    page.goto(live_server.url + "/beheer/monitor/")
    page.get_by_label("Bestand met registratiecijfers (CSV of Excel)").set_input_files(export)
    page.get_by_role("button", name="Bestand inlezen").click()
    page.wait_for_url("**/monitor/inlezen/*/")
    found = {"kolommen": axe_scan(page, "monitor-kolommen-telefoon")}
    page.get_by_label("Kolom met het kwartaal (bijvoorbeeld 2026-K3)").select_option("Kwartaal")
    page.get_by_label("Kolom 'Binnen termijn': naam van het cijfer").fill(
        "Beslissingen binnen de wettelijke termijn"
    )
    page.get_by_label("Kolom 'Binnen termijn': eenheid").select_option("percentage")
    page.get_by_role("button", name="Inlezen").click()
    page.wait_for_url("**/beheer/monitor/")
    assert "4 cijfers ingelezen" in page.content()
    page.get_by_label(
        "Ervaringsvraag naast Beslissingen binnen de wettelijke termijn"
    ).select_option("wmo-2")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Beslissingen binnen de wettelijke termijn")
    )
    with page.expect_navigation():
        section.get_by_role("button", name="Koppeling opslaan").click()
    assert "100% eens (n=12)" in page.content()
    found["monitor"] = axe_scan(page, "monitor-telefoon")
    context.close()
    assert errors == []
    assert {k: v for k, v in found.items() if v} == {}
