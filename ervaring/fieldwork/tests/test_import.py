"""Importing a population: all or nothing, row-level problems, mappings, re-import."""

import json

import pytest
from django.core.management import CommandError, call_command

from ervaring.accounts.models import AuditEvent
from ervaring.accounts.tests.factories import TeamFactory
from ervaring.fieldwork import population_services as services
from ervaring.fieldwork import population_writer
from ervaring.fieldwork.management.commands import import_population as import_command
from ervaring.fieldwork.models import Client, ColumnMapping, ContactDetails
from ervaring.fieldwork.tests.factories import invite
from ervaring.fieldwork.tests.population_files import csv_bytes, row, xlsx_bytes
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db

MESSY_ROWS = [
    row("1001", "Huishoudelijke hulp", email="a.test@example.org"),
    row("1002", "Begeleiding", mobile="06-1234"),  # too short
    row("1001", "Vervoer"),  # same client: provisions merge
    row("1003", "Hulpmiddelen", name='=HYPERLINK("http://example.invalid","Klik")'),
    row("1004", "Begeleiding", born="01-01-1950"),
    row("1004", "Vervoer", born="02-01-1950"),  # same client, other birth date
    row("1005", "Woningaanpassing", mobile="0201234567"),  # landline in the mobile column
]
CLEAN_ROWS = [
    row("1001", "Huishoudelijke hulp", email="a.test@example.org"),
    row("1002", "Begeleiding", mobile="06-12345678"),
    row("1001", "Vervoer"),
    row("1003", "Hulpmiddelen", name="Klik"),
    row("1004", "Begeleiding", born="01-01-1950"),
    row("1004", "Vervoer", born="01-01-1950"),
    row("1005", "Woningaanpassing", mobile=""),
]


@pytest.fixture
def survey():
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


def run_import(survey, path, *extra: str) -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    try:
        call_command(
            "import_population", "--survey", survey.slug, str(path), *extra, stdout=out, stderr=err
        )
    finally:
        run_import.stderr = err.getvalue()  # type: ignore[attr-defined]
    return out.getvalue()


def test_messy_export_gives_a_row_level_report_and_changes_nothing(survey, tmp_path):
    services.import_population(survey, csv_bytes([row("0001")]))  # an earlier population
    messy = tmp_path / "export.csv"
    messy.write_bytes(csv_bytes(MESSY_ROWS, encoding="cp1252", blank_lines_after=[1, 3]))
    problems_csv = tmp_path / "problemen.csv"
    with pytest.raises(CommandError, match="4 problem"):
        run_import(survey, messy, "--problems-csv", str(problems_csv))
    report = run_import.stderr.splitlines()  # type: ignore[attr-defined]
    # Rows as a spreadsheet shows them: header is row 1, the blank lines count.
    assert report == [
        "rij 3, kolom 'Mobiel': Geen geldig telefoonnummer. [06-1234]",
        "rij 6, kolom 'Naam': Deze waarde begint als een formule (bijvoorbeeld uit Excel) en "
        "wordt daarom niet ingelezen. Haal de formule weg. "
        '[=HYPERLINK("http://example.invalid","Klik")]',
        "rij 9, kolom 'Geboortedatum': Cliënt 1004 staat ook op rij 8, maar daar met een "
        "andere waarde in deze kolom. [02-01-1950]",
        "rij 10, kolom 'Mobiel': Dit is geen mobiel nummer; een sms kan er niet heen. [0201234567]",
    ]
    listed = problems_csv.read_text(encoding="utf-8-sig").splitlines()
    assert listed[0] == "rij;kolom;probleem;waarde"
    assert len(listed) == 5
    assert "'=HYPERLINK" in listed[2]  # the list itself cannot run the formula
    assert list(Client.objects.filter(survey=survey).values_list("client_ref", flat=True)) == [
        "0001"
    ]


def test_the_cleaned_export_imports_and_says_how_many(survey, tmp_path):
    clean = tmp_path / "export.csv"
    clean.write_bytes(csv_bytes(CLEAN_ROWS, encoding="cp1252", bom=False, blank_lines_after=[1]))
    out = run_import(survey, clean)
    assert out.splitlines()[-1] == "imported 5 clients"
    client = Client.objects.get(survey=survey, client_ref="1001")
    assert client.provision_groups == ["huishoudelijke_hulp", "vervoer"]
    assert client.team.slug == "noord"
    assert client.contact.email == "a.test@example.org"
    assert ContactDetails.objects.get(client__client_ref="1002").mobile == "+31612345678"
    event = AuditEvent.objects.get(action="population_imported")
    assert event.details["clients"] == 5 and event.details["rows"] == 7


def test_a_utf8_file_with_bom_and_commas_imports(survey, tmp_path):
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes(CLEAN_ROWS, sep=",", bom=True))
    assert run_import(survey, path).splitlines()[-1] == "imported 5 clients"


def test_an_xlsx_export_imports(survey, tmp_path):
    path = tmp_path / "export.xlsx"
    path.write_bytes(xlsx_bytes(CLEAN_ROWS))
    assert run_import(survey, path).splitlines()[-1] == "imported 5 clients"
    assert Client.objects.get(client_ref="1004").contact.birth_date.isoformat() == "1950-01-01"


def test_a_mapping_is_saved_and_reused_for_unusual_headers(survey, tmp_path):
    headers = ["Nr", "Soort zorg", "Jaar", "Team"]
    data = csv_bytes([["A1", "Begeleiding", "1950", "noord"]], headers=headers)
    path = tmp_path / "leverancier.csv"
    path.write_bytes(data)
    mapping_file = tmp_path / "koppeling.json"
    mapping = {
        "client_ref": "Nr",
        "provision_groups": "Soort zorg",
        "birth_year": "Jaar",
        "team": "Team",
    }
    mapping_file.write_text(json.dumps(mapping))
    with pytest.raises(CommandError):
        run_import(survey, path)  # the headers are not recognised by themselves
    run_import(survey, path, "--mapping", str(mapping_file), "--save-mapping", "Leverancier X")
    assert ColumnMapping.objects.get(organisation=survey.organisation).mapping == mapping
    out = run_import(survey, path, "--mapping", "Leverancier X")
    assert out.splitlines()[-1] == "imported 1 clients"
    assert Client.objects.get(client_ref="A1").birth_year == 1950


def test_reimport_replaces_the_population_until_someone_is_invited(survey):
    services.import_population(survey, csv_bytes([row("1"), row("2")]))
    services.import_population(survey, csv_bytes([row("3")]))
    assert list(Client.objects.values_list("client_ref", flat=True)) == ["3"]
    invite(survey)
    with pytest.raises(services.PopulationError, match="al mensen uitgenodigd"):
        services.import_population(survey, csv_bytes([row("4")]))
    assert list(Client.objects.values_list("client_ref", flat=True)) == ["3"]


def test_a_file_that_is_no_table_is_a_clear_error(survey, tmp_path):
    path = tmp_path / "leeg.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match="leeg"):
        run_import(survey, path)


def test_the_command_prints_progress_lines_while_reading_and_writing(survey, tmp_path, monkeypatch):
    monkeypatch.setattr(import_command, "PROGRESS_FROM", 10)
    monkeypatch.setattr(population_writer, "BATCH_SIZE", 8)
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row(str(n)) for n in range(20)]))
    assert run_import(survey, path).splitlines()[-1] == "imported 20 clients"
    lines = run_import.stderr.splitlines()  # type: ignore[attr-defined]
    assert lines == [
        "read 20 of 20 rows (100%)",
        "written 8 of 20 clients (40%)",
        "written 16 of 20 clients (80%)",
        "written 20 of 20 clients (100%)",
    ]
