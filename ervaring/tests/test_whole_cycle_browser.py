"""The whole cycle a project leader goes through, on the staff pages only, in a real browser.

New survey; import a municipal export (one row per provision, the address in one column,
provision names the questionnaire does not all know) through the background worker with its
progress page; draw the sample; send before fieldwork starts (held, and the page says so);
start fieldwork and send; clients answer; reminders; close; report. After every step the
database is checked against figures worked out by hand from the file below, and every page the
project leader sees gets an axe scan.

The worker's jobs run as in production: `run-schedule` enqueues the periodic ones, pages
enqueue theirs, and `db_worker --batch` runs the queue between steps. Respondents answer over
HTTP (their pages have browser tests of their own). It lives in the project-level tests because
it crosses every app on purpose.
"""

import email
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client as Respondent
from django.utils import timezone

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.accounts.tests.helpers import log_in_browser
from ervaring.fieldwork import population_uploads
from ervaring.fieldwork.models import (
    Client,
    ContactDetails,
    Invitation,
    Message,
    MessageStatus,
    ProvisionChoice,
)
from ervaring.questionnaires.models import Survey, SurveyStatus
from ervaring.responses.models import Response
from ervaring.responses.tests.test_respondent_flow import answer_pages, start

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

# (client, provision as the case system names it, address in one column, e-mail). Clients 2,
# 5 and 9 have a second provision on a row of their own: 15 rows, 12 clients.
ROWS = [
    ("C01", "Hulp bij het huishouden", "Kerkstraat 19-2, 1234 AB Ede"),
    ("C02", "Individuele begeleiding", "Dorpsweg 4 A, 1234 AC Ede"),
    ("C02", "Hulp bij het huishouden", "Dorpsweg 4 A, 1234 AC Ede"),
    ("C03", "Gezinscoaching", "Molenlaan 7, 1235 BA Ede"),
    ("C04", "Hulp bij het huishouden", "Stationsplein 1 bis, 1235 BB Ede"),
    ("C05", "Gezinscoaching", "Beekstraat 12 hs, 1235 BC Ede"),
    ("C05", "Individuele begeleiding", "Beekstraat 12 hs, 1235 BC Ede"),
    ("C06", "Individuele begeleiding", "Kerkstraat 21, 1234 AB Ede"),
    ("C07", "Hulp bij het huishouden", "Kerkstraat 23, 1234 AB Ede"),
    ("C08", "Gezinscoaching", "Dorpsweg 6, 1234 AC Ede"),
    ("C09", "Hulp bij het huishouden", "Molenlaan 9, 1235 BA Ede"),
    ("C09", "Gezinscoaching", "Molenlaan 9, 1235 BA Ede"),
    ("C10", "Individuele begeleiding", "Beekstraat 14, 1235 BC Ede"),
    ("C11", "Hulp bij het huishouden", "Beekstraat 16, 1235 BC Ede"),
    ("C12", "Individuele begeleiding", "Dorpsweg 8, 1234 AC Ede"),
]
# Worked out from ROWS: Hulp bij het huishouden is the questionnaire's block, "Individuele
# begeleiding" a known synonym of begeleiding, and the project leader puts Gezinscoaching
# under begeleiding too.
GROUPS = {
    "C01": ["huishoudelijke_hulp"],
    "C02": ["begeleiding", "huishoudelijke_hulp"],
    "C03": ["begeleiding"],
    "C04": ["huishoudelijke_hulp"],
    "C05": ["begeleiding"],
    "C06": ["begeleiding"],
    "C07": ["huishoudelijke_hulp"],
    "C08": ["begeleiding"],
    "C09": ["begeleiding", "huishoudelijke_hulp"],
    "C10": ["begeleiding"],
    "C11": ["huishoudelijke_hulp"],
    "C12": ["begeleiding"],
}
RESPONDENTS = ("C01", "C02", "C05", "C09")


def export_file(path):
    lines = ["Cliëntnummer;Voorziening;Geboortedatum;Geslacht;Wijkteam;Naam;Adres;E-mail"]
    for ref, provision, address in ROWS:
        number = int(ref[1:])  # a client's rows agree on everything but the provision
        lines.append(
            f"{ref};{provision};0{1 + number % 9}-03-19{40 + number};{'VM'[number % 2]};Noord;"
            f"Client {ref};{address};{ref.lower()}@example.org"
        )
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


def run_worker():
    """What cron and the worker do every few minutes: enqueue the periodic jobs, run the
    queue (with whatever the pages enqueued), and stop."""
    call_command("run_schedule", verbosity=0)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def codes_by_client(inbox):
    """Client -> login code, from the invitation e-mails the SMTP server received."""
    codes = {}
    for envelope in inbox.messages:
        message = email.message_from_bytes(envelope.content)
        body = "".join(
            part.get_payload(decode=True).decode()
            for part in message.walk()
            if part.get_content_type() == "text/plain"
        )
        ref = envelope.rcpt_tos[0].split("@")[0].upper()
        codes.setdefault(ref, re.search(r"/k/(\w+)", body).group(1))
    return codes


def test_a_project_leader_runs_a_whole_survey_on_the_staff_pages(
    live_server, chromium, axe_scan, smtp_server, tmp_path, monkeypatch
):
    monkeypatch.setattr(population_uploads, "INLINE_MAX_BYTES", 0)  # every file to the worker
    leader = StaffFactory(username="petra")
    TeamFactory(organisation=leader.organisation, slug="noord", name="Wijkteam Noord")
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    found = {}

    def click(selector):
        with page.expect_navigation():
            page.click(selector)

    def scan(name):
        found[name] = axe_scan(page, f"cycle-{name}")

    def message():
        return page.inner_text(".messages")

    # Log in and make a new survey from the standard Wmo questionnaire.
    log_in_browser(page, live_server.url, "petra")
    click('text="Nieuw onderzoek"')
    scan("nieuw")
    page.fill("#id_name", "CEO Wmo 2026")
    page.select_option("#id_template", "wmo")
    click('text="Onderzoek maken"')
    survey = Survey.objects.get(name="CEO Wmo 2026")
    assert (survey.status, survey.organisation) == (SurveyStatus.CONCEPT, leader.organisation)
    # The stappenplan says what comes next and leads there.
    assert "Nu aan de beurt: stap 2, populatie inlezen." in page.inner_text("main")
    scan("stappenplan")

    # Import: upload, check the columns, and the worker reads the file.
    click('text="Naar de populatie"')
    page.set_input_files("#id_file", str(export_file(tmp_path / "export Wmo.csv")))
    click('text="Volgende: kolommen controleren"')
    assert page.input_value("#id_field_address") == "Adres"  # street and number together
    scan("kolommen")
    click("main button:has-text('Inlezen')")
    assert page.url.endswith("/populatie/inlezen/")
    assert "staat klaar om gelezen te worden" in page.inner_text("#import-text")
    assert page.locator("progress#import-bar").count() == 1
    scan("inlezen")
    assert not Client.objects.exists()
    run_worker()
    page.wait_for_url("**/populatie/voorzieningen/")  # the page's script saw it was done
    scan("voorzieningen")
    assert "Gezinscoaching (4 cliënten)" in page.inner_text("main")
    assert not Client.objects.exists()  # nothing written before every name has a group
    page.select_option("#id_provision__gezinscoaching", "begeleiding")
    click("main button:has-text('Inlezen')")
    run_worker()
    page.wait_for_url("**/populatie/")
    assert "12 cliënten ingelezen uit 15 rijen (3 rijen samengevoegd" in message()
    scan("populatie")
    clients = Client.objects.filter(survey=survey)
    assert dict(clients.values_list("client_ref", "provision_groups")) == GROUPS
    first = ContactDetails.objects.get(client__client_ref="C01")
    assert (first.street, first.house_number, first.postcode, first.town) == (
        "Kerkstraat",
        "19-2",
        "1234 AB",
        "Ede",
    )
    assert dict(ProvisionChoice.objects.values_list("label", "group")) == {
        "Gezinscoaching": "begeleiding"
    }

    # Sample: everyone (a census of 12).
    click('main >> text="Steekproef"')
    click('text="Ontwerp bekijken"')
    scan("steekproef")
    click('text="Steekproef trekken en uitnodigingen maken"')
    assert "De steekproef is getrokken: 12 uitnodigingen." in message()
    invitations = Invitation.objects.filter(survey=survey)
    assert invitations.count() == 12
    assert set(invitations.values_list("channel", flat=True)) == {"email"}
    two = invitations.get(client__client_ref="C09").attributes["provision_groups"]
    assert sorted(two) == GROUPS["C09"]

    # Send before fieldwork starts: queued and held, and the page says why.
    click('main >> text="Uitnodigingen"')
    assert "Het veldwerk is nog niet gestart" in page.inner_text("main")
    click('text="Uitnodigingen klaarzetten"')
    assert "12 uitnodigingen klaargezet." in message()
    assert "gaan uit zodra u het veldwerk start; tot dan wachten ze" in message()
    scan("uitnodigingen-wachten")
    run_worker()
    messages = Message.objects.filter(survey=survey)
    assert list(messages.values_list("status", flat=True).distinct()) == [MessageStatus.QUEUED]
    assert messages.count() == 12 and smtp_server.messages == []

    # Start fieldwork: the held invitations go out with the next run of the worker.
    click('main >> text="Terug naar CEO Wmo 2026"')
    assert "Nu aan de beurt: stap 5, veldwerk starten." in page.inner_text("main")
    click('main button:has-text("Veldwerk starten")')
    assert "Het veldwerk is gestart." in message()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.FIELDWORK
    run_worker()
    assert messages.filter(status=MessageStatus.SENT).count() == 12
    assert sorted(e.rcpt_tos[0] for e in smtp_server.messages) == sorted(
        f"{ref.lower()}@example.org" for ref in GROUPS
    )

    # Four clients answer from the code in their e-mail.
    codes = codes_by_client(smtp_server)
    for ref in RESPONDENTS:
        respondent = Respondent()
        done = answer_pages(respondent, start(respondent, codes[ref]))
        assert "Hartelijk dank" in done.content.decode()
    completed = Response.objects.filter(survey=survey, completed_at__isnull=False)
    assert completed.count() == 4
    assert sorted(sorted(r.attributes["provision_groups"]) for r in completed) == sorted(
        GROUPS[ref] for ref in RESPONDENTS
    )
    run_worker()  # records who completed, so they get no reminder
    assert invitations.filter(is_completed=True).count() == 4

    # A week later: reminders to the eight who did not answer, once.
    Message.objects.filter(survey=survey).update(sent_at=timezone.now() - timedelta(days=8))
    page.goto(f"{live_server.url}/veldwerk/{survey.slug}/uitnodigingen/")
    click('text="Herinneringen die nu aan de beurt zijn versturen"')
    assert "8 herinneringen klaargezet." in message()
    run_worker()
    reminded = messages.filter(reminder_number=1)
    assert reminded.filter(status=MessageStatus.SENT).count() == 8
    assert sorted(e.rcpt_tos[0] for e in smtp_server.messages[12:]) == sorted(
        f"{ref.lower()}@example.org" for ref in GROUPS if ref not in RESPONDENTS
    )
    scan("uitnodigingen-verstuurd")

    # Close: no more answers, contact data deleted at once.
    page.goto(f"{live_server.url}/beheer/onderzoek/{survey.slug}/stappen/")
    click('main a:text-is("Veldwerk afsluiten")')
    scan("afsluiten")
    click('text="Veldwerk definitief afsluiten"')
    assert "Alle contactgegevens zijn gewist." in message()
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.CLOSED
    assert not ContactDetails.objects.filter(client__survey=survey).exists()
    assert not clients.exclude(client_ref__startswith="gewist-").exists()

    # The report: 4 respondents of 12 invited is 33%.
    page.goto(f"{live_server.url}/beheer/onderzoek/{survey.slug}/stappen/")
    assert "Nu aan de beurt: stap 9, rapport en raadsbrief." in page.inner_text("main")
    click('text="Naar het rapport"')
    assert "4 respondenten (33%)" in page.inner_text("#methode")
    # With 4 respondents a chi-square cannot be computed: said in words, never as "nan".
    assert not re.search(r"\bnan\b", page.inner_text("main"), re.IGNORECASE)
    scan("rapport")

    # The files: the report as PDF downloaded from the pages; the data file is refused.
    click('text="Alle bestanden (databestand, monitor, papieren vragenlijst)"')
    scan("bestanden")
    with page.expect_download() as pdf:
        page.click('text="Rapport (PDF, toegankelijk)"')
    assert pdf.value.path().read_bytes().startswith(b"%PDF")
    # With 4 respondents every one would be recognisable: the page says so, offers no file.
    assert "Export geweigerd: 4 respondenten" in page.inner_text("main")
    assert page.locator('text="Databestand (CSV)"').count() == 0
    context.close()
    assert errors == []
    assert {name: violations for name, violations in found.items() if violations} == {}
