"""Importing a combined address column: split into the parts a letter needs, and a clear
notice (import, sample page, letter run) for every client a letter cannot reach."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.fieldwork import outbox
from ervaring.fieldwork import population_services as services
from ervaring.fieldwork.models import ContactDetails
from ervaring.fieldwork.population import fields
from ervaring.fieldwork.population_summary import address_gaps
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.fieldwork.tests.sending_helpers import sampled_survey
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db

HEADERS = ("Clientnummer", "Product", "Adres", "Postcode", "Woonplaats", "E-mail")


def addresses(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    return csv_bytes(
        [[ref, "Begeleiding", address, postcode, town, email]
         for ref, address, postcode, town, email in rows],
        headers=HEADERS,
    )  # fmt: skip


def test_an_adres_column_is_recognised_as_street_and_number_together():
    assert fields.suggest_mapping(HEADERS)["address"] == "Adres"
    # Beside a house-number column, "Adres" is only the street.
    assert fields.suggest_mapping(["Adres", "Huisnummer"]) == {
        "street": "Adres",
        "house_number": "Huisnummer",
    }
    assert fields.suggest_mapping(["Adres ouder"]) == {"parent_address": "Adres ouder"}


def test_a_combined_address_column_gives_letters_a_full_address():
    survey = SurveyFactory()
    data = addresses(
        [("1", "Kerkstraat 19-2", "1234 AB", "Plaats", ""),
         ("2", "1e Van Swindenstraat 12 hs", "1091 AA", "Amsterdam", ""),
         ("3", "Laan 1940-1945 3", "", "", ""),  # no postcode or town column values
         ("4", "Markt 1 A, 5211 JV 's-Hertogenbosch", "", "", "")]
    )  # fmt: skip
    result = services.import_population(survey, data)
    assert result.is_imported, result.problems
    got = {
        c.client.client_ref: (c.street, c.house_number, c.postcode, c.town)
        for c in ContactDetails.objects.select_related("client")
    }
    assert got == {
        "1": ("Kerkstraat", "19-2", "1234 AB", "Plaats"),
        "2": ("1e Van Swindenstraat", "12-HS", "1091 AA", "Amsterdam"),
        "3": ("Laan 1940-1945", "3", "", ""),
        "4": ("Markt", "1A", "5211 JV", "'s-Hertogenbosch"),
    }
    # Client 3 has no postcode or town: one notice, naming its row.
    assert [n.text for n in result.notices] == [
        "1 van de 4 cliënten hebben geen volledig adres (straat, huisnummer, postcode en "
        "woonplaats) en kunnen dus geen brief krijgen. (rij 4)"
    ]
    assert address_gaps(survey).without_address == 1


def test_addresses_without_a_readable_number_are_listed_by_row_and_counted():
    survey = SurveyFactory()
    rows = [(str(i), "Kerkstraat 5", "1234 AB", "Plaats", "") for i in range(1, 4)]
    rows += [(str(i), "Kerkstraat", "1234 AB", "Plaats", "a@example.org") for i in range(4, 17)]
    result = services.import_population(survey, addresses(rows))
    assert result.is_imported  # incomplete addresses do not stop the import ...
    texts = [n.text for n in result.notices]
    # ... but are named: rows 5 to 17 (header is row 1), the first ten listed.
    assert texts == [
        "Kolom 'Adres': Er staat geen huisnummer in het adres. Die cliënten hebben geen volledig "
        "adres. (rijen 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 en verder)",
        "13 van de 16 cliënten hebben geen volledig adres (straat, huisnummer, postcode en "
        "woonplaats) en kunnen dus geen brief krijgen. (rijen 5, 6, 7, 8, 9, 10, 11, 12, 13, "
        "14 en verder)",
    ]
    assert result.notices[0].count == 13
    gaps = address_gaps(survey)
    assert (gaps.clients, gaps.without_address, gaps.without_any_channel) == (16, 13, 0)


def test_an_address_that_contradicts_the_postcode_column_is_a_problem():
    survey = SurveyFactory()
    data = addresses([("1", "Kerkstraat 19, 1234 AB Plaats", "9999 ZZ", "Plaats", "")])
    result = services.import_population(survey, data)
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (2, "Adres", "In dit adres staat een andere postcode dan in de kolom 'Postcode'.")
    ]
    assert not ContactDetails.objects.exists()


def test_a_file_without_address_columns_says_nobody_can_get_a_letter():
    survey = SurveyFactory()
    data = csv_bytes([["1", "Begeleiding"]], headers=["Clientnummer", "Product"])
    result = services.import_population(survey, data)
    assert [n.text for n in result.notices] == [
        "Er is geen kolom met een adres gekoppeld: geen enkele cliënt kan een brief krijgen."
    ]


def test_the_sample_page_warns_before_drawing(client):
    survey = SurveyFactory()
    rows = [("1", "Kerkstraat 5", "1234 AB", "Plaats", ""),
            ("2", "Kerkstraat", "1234 AB", "Plaats", "b@example.org"),
            ("3", "Kerkstraat", "1234 AB", "Plaats", "")]  # fmt: skip
    services.import_population(survey, addresses(rows))
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.get(reverse("fieldwork:sample", args=[survey.slug])).content.decode()
    assert (
        "2 van de 3 cliënten hebben geen volledig adres (straat, huisnummer, postcode en "
        "woonplaats) en kunnen geen brief krijgen. 1 van hen hebben ook geen e-mailadres of "
        "mobiel nummer: zij krijgen geen uitnodiging."
    ) in page


def test_the_letter_step_warns_before_printing(client, tmp_path):
    rows = [row("1"), row("2", number="", email="b@example.org"), row("3", number="")]
    survey = sampled_survey(rows)
    outbox.queue_invitations(survey)
    client.force_login(StaffFactory(organisation=survey.organisation))
    page = client.get(reverse("fieldwork:outbox", args=[survey.slug])).content.decode()
    letters = page.split("<h2>Brieven</h2>", 1)[1]
    assert letters.lstrip().startswith(
        '<p class="warning">Let op: 2 van de 3 cliënten hebben geen volledig adres'
    )
    err, out = StringIO(), StringIO()
    call_command("letters", "--survey", survey.slug, "--out", str(tmp_path / "b.pdf"),
                 stdout=out, stderr=err)  # fmt: skip
    assert err.getvalue().startswith("Let op: 2 van de 3 cliënten hebben geen volledig adres")
    assert "1 van hen hebben ook geen e-mailadres" in err.getvalue()
    assert out.getvalue().startswith("wrote 1 letters")
