"""Importing registration figures: all or nothing, refusals naming the row, mapping reuse."""

from decimal import Decimal

import pytest

from ervaring.accounts.tests.factories import OrganisationFactory
from ervaring.reporting.models import RegistrationIndicator, RegistrationMapping, RegistrationValue
from ervaring.reporting.registration import parse_quarter
from ervaring.reporting.registration_services import (
    RegistrationImportError,
    find_mapping,
    import_registration,
    mapping_fits,
    read_headers,
)

WIDE = {
    "layout": "wide",
    "quarter": "Kwartaal",
    "columns": {
        "Nieuwe aanvragen": {"name": "Nieuwe aanvragen Wmo", "unit": "aantal", "law": "wmo"},
        "Binnen termijn (%)": {
            "name": "Beslissingen binnen de wettelijke termijn",
            "unit": "percentage",
            "law": "wmo",
        },
        "Wachttijd": {"name": "Gemiddelde wachttijd", "unit": "dagen", "law": ""},
    },
}
GOOD = (
    "Kwartaal;Nieuwe aanvragen;Binnen termijn (%);Wachttijd\n"
    "2026-K1;1.204;87,5;21\n"
    "2026 Q2;1100;91;18,5\n"
)


def csv(text: str) -> bytes:
    return text.encode("cp1252")


def stored():
    return sorted(
        (v.indicator.name, v.quarter, v.value)
        for v in RegistrationValue.objects.select_related("indicator")
    )


@pytest.fixture
def org(db):
    return OrganisationFactory()


def test_wide_file_is_stored_per_indicator_and_quarter(org):
    result = import_registration(org, csv(GOOD), WIDE)
    assert result.values == 6 and result.quarters == ("2026-K1", "2026-K2")
    assert stored() == [
        ("Beslissingen binnen de wettelijke termijn", "2026-K1", Decimal("87.50")),
        ("Beslissingen binnen de wettelijke termijn", "2026-K2", Decimal("91.00")),
        ("Gemiddelde wachttijd", "2026-K1", Decimal("21.00")),
        ("Gemiddelde wachttijd", "2026-K2", Decimal("18.50")),
        ("Nieuwe aanvragen Wmo", "2026-K1", Decimal("1204.00")),
        ("Nieuwe aanvragen Wmo", "2026-K2", Decimal("1100.00")),
    ]
    units = dict(RegistrationIndicator.objects.values_list("name", "unit"))
    assert units["Gemiddelde wachttijd"] == "dagen"


def test_long_file_with_unit_column(org):
    text = (
        "Periode,Indicator,Waarde,Eenheid\nK3 2026,Bezwaren,12,aantal\nK3 2026,Klachten,4,aantal\n"
    )
    mapping = {
        "layout": "long",
        "quarter": "Periode",
        "indicator": "Indicator",
        "value": "Waarde",
        "unit": "Eenheid",
    }
    import_registration(org, csv(text), mapping)
    assert stored() == [
        ("Bezwaren", "2026-K3", Decimal("12.00")),
        ("Klachten", "2026-K3", Decimal("4.00")),
    ]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("2026-K3;100;101;20", "Rij 4, kolom 'Binnen termijn (%)': 101 is meer dan 100"),
        ("2026-K3;-5;90;20", "Rij 4, kolom 'Nieuwe aanvragen': -5 is negatief"),
        ("2026-K3;10,5;90;20", "Rij 4, kolom 'Nieuwe aanvragen': 10,5 is geen heel getal"),
        ("juli 2026;10;90;20", "Rij 4, kolom 'Kwartaal': 'juli 2026' is geen kwartaal"),
        ("2026-K5;10;90;20", "Rij 4, kolom 'Kwartaal': '2026-K5' is geen kwartaal"),
        ("2026-K3;veel;90;20", "Rij 4, kolom 'Nieuwe aanvragen': 'veel' is geen getal"),
        ("2026-K1;10;90;20", "Rij 4: Nieuwe aanvragen Wmo in 2026-K1 staat ook al in rij 2"),
    ],
)
def test_impossible_value_refuses_the_whole_file(org, row, message):
    with pytest.raises(RegistrationImportError) as refused:
        import_registration(org, csv(GOOD + row + "\n"), WIDE)
    assert any(p.startswith(message) for p in refused.value.problems), refused.value.problems
    assert stored() == []
    assert not RegistrationIndicator.objects.exists()
    assert not RegistrationMapping.objects.exists()


def test_new_indicator_without_unit_in_long_file_is_refused(org):
    text = "Periode,Indicator,Waarde\n2026-K3,Bezwaren,12\n"
    mapping = {"layout": "long", "quarter": "Periode", "indicator": "Indicator", "value": "Waarde"}
    with pytest.raises(RegistrationImportError) as refused:
        import_registration(org, csv(text), mapping)
    assert refused.value.problems == [
        "Rij 2: de indicator 'Bezwaren' is nieuw en heeft geen eenheid; vul de eenheid in "
        "(aantal, percentage of dagen)."
    ]


def test_a_file_cannot_change_an_indicators_unit(org):
    import_registration(org, csv(GOOD), WIDE)
    other = {**WIDE, "columns": {"Wachttijd": {"name": "Gemiddelde wachttijd", "unit": "aantal"}}}
    with pytest.raises(RegistrationImportError) as refused:
        import_registration(org, csv("Kwartaal;Wachttijd\n2026-K3;20\n"), other)
    assert "staat al als dagen" in refused.value.problems[0]
    assert len(stored()) == 6


def test_mapping_is_saved_and_fits_next_quarters_file(org):
    import_registration(org, csv(GOOD), WIDE)
    saved = find_mapping(org)
    assert saved == WIDE
    next_quarter = csv(
        "Kwartaal;Nieuwe aanvragen;Binnen termijn (%);Wachttijd\n2026-K3;990;93;17\n"
    )
    assert mapping_fits(saved, read_headers(next_quarter))
    assert not mapping_fits(saved, ["Periode", "Aanvragen"])
    import_registration(org, next_quarter, saved)
    assert ("Nieuwe aanvragen Wmo", "2026-K3", Decimal("990.00")) in stored()


def test_xlsx_file_is_read_like_csv(org):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kwartaal", "Nieuwe aanvragen", "Binnen termijn (%)", "Wachttijd"])
    sheet.append(["2026-K1", 1204, 87.5, 21])
    out = __import__("io").BytesIO()
    book.save(out)
    import_registration(org, out.getvalue(), WIDE)
    assert ("Beslissingen binnen de wettelijke termijn", "2026-K1", Decimal("87.50")) in stored()


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2026-K3", "2026-K3"),
        ("2026 q3", "2026-K3"),
        ("K4-2025", "2025-K4"),
        ("2026/Q1", "2026-K1"),
    ],
)
def test_quarter_spellings(text, quarter):
    assert parse_quarter(text) == quarter
