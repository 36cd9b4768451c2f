"""The beheerder's API-key page and the API documentation, in a real browser with axe."""

import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.api.models import ApiKey

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_a_beheerder_makes_and_revokes_a_key_adds_a_webhook_and_reads_the_docs(
    live_server, chromium, axe_scan
):
    StaffFactory(username="bea", beheerder=True)
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    found = {}
    log_in_browser(page, live_server.url, "bea")
    with page.expect_navigation():
        page.click("text=API-sleutels")
    found["empty"] = axe_scan(page, "api-01-sleutels")
    with page.expect_navigation():
        page.click("text=Sleutel maken")
    found["error"] = axe_scan(page, "api-02-sleutels-fout")
    assert "minstens één toepassing" in page.inner_text(".error-summary")
    page.fill("#id_name", "Zaaksysteem")
    page.get_by_label("Cliënten uitnodigen").check()
    with page.expect_navigation():
        page.click("text=Sleutel maken")
    secret = page.input_value("#nieuwe-sleutel")
    assert secret.startswith(ApiKey.objects.get().prefix + "_")
    found["made"] = axe_scan(page, "api-03-sleutel-gemaakt")
    with page.expect_navigation():
        page.click("text=Intrekken")
    assert "werkt niet meer" in page.inner_text("main")
    assert ApiKey.objects.get().revoked_at is not None
    with page.expect_navigation():
        page.click("main >> text=Webhooks")
    page.fill("#id_url", live_server.url + "/ontvanger")
    page.get_by_label("Een signaal gaat open").check()
    with page.expect_navigation():
        page.click("text=Webhook toevoegen")
    assert page.input_value("#geheim").startswith("whsec_")
    found["webhooks"] = axe_scan(page, "api-04-webhooks")
    with page.expect_navigation():
        page.click("main >> text=documentatie van de API")
    found["docs"] = axe_scan(page, "api-05-documentatie")
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
