"""A new municipality starts on the pages only, in a real browser, up to its first letters.

The installation administrator makes Gemeente Ede and its first beheerder; the beheerder sets
a password from the e-mailed link, sets up the second factor, fills in the organisation (phone
with hours, signatory, return address, logo, house colour), adds a team, makes a survey,
imports a population, draws the sample, writes the survey's own letter text with a preview,
starts fieldwork and prints the letters. The letters are then read as a print shop would:
they carry Ede's name, logo, colour, signatory, phone number and the survey's own words.
Every new page gets an axe scan. It lives in the project-level tests because it crosses
every app on purpose.
"""

import base64
import email
import io
import re
import subprocess

import pytest
from PIL import Image

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.tests.helpers import PASSWORD, log_in_browser, totp
from ervaring.fieldwork.models import Invitation
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.tests.test_whole_cycle_browser import run_worker

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]
NEW_PASSWORD = "Veluwe-Heide-Schaap-2026"
ROWS = [
    ("E01", "Hulp bij het huishouden", "Bergstraat 1, 6711 AA Ede"),
    ("E02", "Individuele begeleiding", "Bergstraat 3, 6711 AA Ede"),
    ("E03", "Hulp bij het huishouden", "Heideweg 12, 6712 AB Ede"),
    ("E04", "Individuele begeleiding", "Heideweg 14, 6712 AB Ede"),
]


def logo_file(path):
    Image.new("RGB", (400, 160), (0, 104, 158)).save(path, "PNG")
    return path


def population_file(path):
    lines = ["Cliëntnummer;Voorziening;Geboortedatum;Geslacht;Wijkteam;Naam;Adres"]
    for ref, provision, address in ROWS:
        lines.append(f"{ref};{provision};01-03-1950;V;Wijkteam Ede-Zuid;Bewoner {ref};{address}")
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    return path


def test_a_new_municipality_sets_itself_up_and_prints_letters_in_its_own_name(
    live_server, chromium, axe_scan, smtp_server, tmp_path
):
    Staff.objects.create_superuser("operator", "operator@example.org", PASSWORD)
    base = live_server.url
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors, found = [], {}
    page.on("pageerror", lambda error: errors.append(str(error)))

    def click(selector):
        with page.expect_navigation():
            page.click(selector)

    def scan(name):
        found[name] = axe_scan(page, f"onboarding-{name}")

    def message():
        return page.inner_text(".messages")

    # The installation administrator (with a second factor) makes Gemeente Ede.
    log_in_browser(page, base, "operator")
    assert page.url.endswith("/account/installatie/organisaties/")
    scan("installatie")
    page.fill("#id_name", "Gemeente Ede")
    page.fill("#id_slug", "ede")
    page.fill("#id_first_name", "Anouk")
    page.fill("#id_last_name", "Bakker")
    page.fill("#id_username", "a.bakker")
    page.fill("#id_email", "a.bakker@ede.example")
    click("main button[type=submit]")
    assert "Gemeente Ede is aangemaakt" in message()
    click("text=Uitloggen")

    # The beheerder chooses a password through the e-mailed link, then sets up the app.
    (invitation_mail,) = smtp_server.messages
    body = email.message_from_bytes(invitation_mail.content).get_payload(decode=True).decode()
    link = re.search(r"https?://\S+/wachtwoord/nieuw/\S+/", body).group(0)
    page.goto(base + "/" + link.split("://", 1)[1].split("/", 1)[1])
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    click("main button[type=submit]")
    click("main >> text=Inloggen")
    page.fill("#id_username", "a.bakker")
    page.fill("#id_password", NEW_PASSWORD)
    click("main button[type=submit]")
    assert page.url.endswith("/account/tweede-factor/instellen/")
    key = page.locator("code.secret").inner_text().replace(" ", "")
    page.fill("#id_code", totp(base64.b32decode(key + "=" * (-len(key) % 8)).hex()))
    click("main button[type=submit]")
    click("text=Ik heb de codes bewaard")

    # What clients will see of Ede: contact, signatory, logo and a house colour. A colour too
    # light for white text is refused with a darker tint of it, which is then taken.
    click("nav >> text=Organisatie")
    page.fill("#id_contact_phone", "14 0318")
    page.fill("#id_opening_hours", "ma-vr 9.00-17.00")
    page.fill("#id_contact_email", "onderzoek@ede.example")
    page.fill("#id_return_address", "Gemeente Ede, Postbus 9022, 6710 HK Ede")
    page.fill("#id_signatory_name", "J. de Wit")
    page.fill("#id_signatory_role", "wethouder Zorg en Welzijn")
    page.set_input_files("#id_logo_file", str(logo_file(tmp_path / "logo-ede.png")))
    page.fill("#id_house_colour", "#6cb4e4")
    click("main button[type=submit]")
    refusal = page.inner_text("main")
    assert "WCAG AA" in refusal
    tint = re.search(r"die wel kan: (#[0-9a-f]{6})", refusal).group(1)
    scan("organisatie-fout")
    page.set_input_files("#id_logo_file", str(tmp_path / "logo-ede.png"))
    page.fill("#id_house_colour", tint)
    click("main button[type=submit]")
    assert "zijn opgeslagen" in message()
    ede = Organisation.objects.get(slug="ede")
    assert (ede.house_colour, ede.signatory_name, bytes(ede.logo)[:4]) == (
        tint,
        "J. de Wit",
        b"\x89PNG",
    )
    scan("organisatie")

    # A team, named as the case system names it.
    click("nav >> text=Teams")
    scan("teams")
    page.fill("#id_name", "Wijkteam Ede-Zuid")
    click("main button[type=submit]")
    assert "Team Wijkteam Ede-Zuid is toegevoegd." in message()

    # A survey, its population and its sample.
    click("nav >> text=Onderzoeken")
    click('text="Nieuw onderzoek"')
    page.fill("#id_name", "CEO Wmo 2026")
    page.select_option("#id_template", "wmo")
    click('text="Onderzoek maken"')
    survey = Survey.objects.get(name="CEO Wmo 2026", organisation=ede)
    click('text="Naar de populatie"')
    page.set_input_files("#id_file", str(population_file(tmp_path / "clienten.csv")))
    click('text="Volgende: kolommen controleren"')
    click("main button:has-text('Inlezen')")
    run_worker()
    page.wait_for_url("**/populatie/")
    assert "4 cliënten ingelezen" in message()
    click('main >> text="Steekproef"')
    click('text="Ontwerp bekijken"')
    click('text="Steekproef trekken en uitnodigingen maken"')
    assert set(Invitation.objects.filter(survey=survey).values_list("channel", flat=True)) == {
        "brief"
    }

    # The survey's own words, seen before they are saved.
    click('main >> text="Terug naar CEO Wmo 2026"')
    click('main >> text="Teksten van brief, e-mail en sms"')
    scan("teksten")
    page.fill("#id_letter_subject", "Uw mening over de hulp van {organisatie}")
    page.fill("#id_extra_paragraph", "Uw antwoorden helpen ons de hulp in Ede beter te maken.")
    click("main button:has-text('Voorbeeld bekijken')")
    assert "Uw mening over de hulp van Gemeente Ede" in page.inner_text(".wording-preview")
    scan("teksten-voorbeeld")
    click("main button:has-text('Opslaan')")
    assert "Opgeslagen: onderwerp van de brief, extra alinea." in message()

    # Fieldwork starts; the letters are printed.
    click('main >> text="Terug naar CEO Wmo 2026"')
    click('main button:has-text("Veldwerk starten")')
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK
    click('main >> text="Naar de uitnodigingen en brieven"')
    click('text="Uitnodigingen versturen"')
    assert "4 uitnodigingen" in message()
    with page.expect_download() as download:
        page.click("main button:has-text('Brieven maken (PDF)')")
    pdf = tmp_path / "brieven.pdf"
    download.value.save_as(pdf)  # the browser's copy goes with its context
    context.close()

    text = " ".join(
        subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout.split()
    )
    assert text.count("Uw mening over de hulp van Gemeente Ede") == 4  # one letter each
    assert "Uw antwoorden helpen ons de hulp in Ede beter te maken." in text
    assert "bel 14 0318 (ma-vr 9.00-17.00) of mail naar onderzoek@ede.example" in text
    assert "J. de Wit wethouder Zorg en Welzijn" in text
    assert "Gemeente Ede, Postbus 9022, 6710 HK Ede" in text
    images = subprocess.run(["pdfimages", "-list", pdf], capture_output=True, text=True).stdout
    assert len(images.splitlines()[2:]) == 4  # the logo on each letter
    png = subprocess.run(
        ["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", pdf], capture_output=True
    ).stdout
    with Image.open(io.BytesIO(png)) as first:
        colours = {colour for _n, colour in first.convert("RGB").getcolors(1_000_000)}
    assert tuple(int(tint[i : i + 2], 16) for i in (1, 3, 5)) in colours
    assert errors == []
    assert {name: violations for name, violations in found.items() if violations} == {}
