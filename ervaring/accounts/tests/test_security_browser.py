"""The login flow in a real browser with an axe scan on every page: setting up the second
factor by reading the key off the page, the recovery codes, Mijn gegevens, the audit log."""

import base64
import re

import pytest

from ervaring.accounts.models import SecurityKey
from ervaring.accounts.tests.factories import StaffFactory
from ervaring.accounts.tests.helpers import PASSWORD, log_in_browser, totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_a_new_beheerder_sets_up_the_app_and_reads_the_log(live_server, chromium, axe_scan):
    StaffFactory(beheerder=True, username="bea")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    base = live_server.url
    found = {}
    page.goto(base + "/account/inloggen/")
    page.fill("#id_username", "bea")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert page.url.endswith("/account/tweede-factor/instellen/")
    found["setup"] = axe_scan(page, "security-01-tweede-factor-instellen")
    # Read the key as a person without a camera would, and compute the app's code from it.
    key = page.locator("code.secret").inner_text().replace(" ", "")
    key_hex = base64.b32decode(key + "=" * (-len(key) % 8)).hex()
    page.fill("#id_code", totp(key_hex))
    with page.expect_navigation():
        page.click("main button[type=submit]")
    found["codes"] = axe_scan(page, "security-02-herstelcodes")
    codes = re.findall(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", page.content())
    assert len(codes) == 10
    with page.expect_navigation():
        page.click("text=Ik heb de codes bewaard")
    assert page.url.endswith("/beheer/")  # on to where the login was going
    page.goto(base + "/account/mijn-gegevens/")
    found["profile"] = axe_scan(page, "security-03-mijn-gegevens")
    assert "nog 10 herstelcodes" in page.content()
    with page.expect_navigation():
        page.click("nav >> text=Logboek")
    found["log"] = axe_scan(page, "security-04-logboek")
    assert "Tweede factor ingesteld" in page.content() and "Ingelogd" in page.content()
    page.goto(base + "/account/wachtwoord/wijzigen/")
    found["password"] = axe_scan(page, "security-05-wachtwoord")
    with page.expect_navigation():
        page.click("text=Uitloggen")
    page.goto(base + "/account/wachtwoord/vergeten/")
    found["reset"] = axe_scan(page, "security-06-wachtwoord-vergeten")
    page.goto(base + "/account/inloggen/")
    page.fill("#id_username", "bea")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    found["code"] = axe_scan(page, "security-07-code")
    page.fill("#id_code", codes[0])
    with page.expect_navigation():
        page.click("main button[type=submit]")
    assert "nog 9 over" in page.content()
    context.close()
    assert {k: v for k, v in found.items() if v} == {}


def test_a_security_key_is_added_and_used_to_log_in(live_server, chromium, axe_scan, settings):
    """Chromium's own virtual authenticator (CTAP2 over USB, with user verification) plays
    the key: the page's script, the browser's WebAuthn and the server's checks all run."""
    assert live_server.url.startswith("http://localhost:")  # a secure context with a host name
    settings.WEBAUTHN_RP_ID, settings.WEBAUTHN_ORIGIN = "localhost", live_server.url
    StaffFactory(beheerder=True, username="kees")
    context = chromium.new_context(viewport={"width": 360, "height": 800}, locale="nl-NL")
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    authenticator = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )["authenticatorId"]
    found = {}
    log_in_browser(page, live_server.url, "kees", "/account/mijn-gegevens/")
    page.goto(live_server.url + "/account/mijn-gegevens/")
    page.fill("#id_key_name", "YubiKey op kantoor")
    with page.expect_navigation():
        page.click("text=Sleutel toevoegen")
    assert "De sleutel ‘YubiKey op kantoor’ is toegevoegd." in page.content()
    found["keys"] = axe_scan(page, "security-08-sleutels")
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator})
    assert len(credentials["credentials"]) == 1
    with page.expect_navigation():
        page.click("text=Uitloggen")
    page.goto(live_server.url + "/account/inloggen/")
    page.fill("#id_username", "kees")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    found["login"] = axe_scan(page, "security-09-inloggen-met-sleutel")
    with page.expect_navigation():
        page.click("text=Inloggen met uw beveiligingssleutel")
    page.goto(live_server.url + "/account/mijn-gegevens/")
    assert "YubiKey op kantoor" in page.inner_text("main")
    assert SecurityKey.objects.get(user__username="kees").sign_count >= 1
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
