"""The installation administrator's page for national figures in a real browser, scanned
with axe: empty, after a refused file (the problems named), after a good file."""

import pytest

from ervaring.accounts.models import Staff
from ervaring.accounts.tests.helpers import PASSWORD, log_in_browser

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_the_administrator_reads_a_national_file_and_sees_the_years(
    live_server, chromium, axe_scan, tmp_path
):
    Staff.objects.create_superuser("operator", "op@example.org", PASSWORD)
    bad = tmp_path / "fout.csv"
    bad.write_text("jaar;wet;vraag;percentage eens\n2025;wmo;wmo-2;veel\n", encoding="utf-8")
    good = tmp_path / "landelijk.csv"
    good.write_text("jaar;wet;vraag;percentage eens;n\n2025;wmo;wmo-2;72,45;9500\n", "utf-8")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log_in_browser(page, live_server.url, "operator")
    page.goto(live_server.url + "/beheer/installatie/landelijke-cijfers/")
    found = {"empty": axe_scan(page, "national-01-leeg")}
    assert "Er zijn nog geen landelijke cijfers." in page.content()
    page.set_input_files("#id_file", str(bad))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    found["refused"] = axe_scan(page, "national-02-fout")
    assert "Rij 2, kolom 'percentage eens': 'veel' is geen getal." in page.inner_text("main")
    page.set_input_files("#id_file", str(good))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    found["stored"] = axe_scan(page, "national-03-ingelezen")
    text = page.inner_text("main")
    assert "1 landelijk cijfer ingelezen (Wmo 2025)." in text
    assert "Gemeentelijke Monitor Sociaal Domein 2025" in text
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
