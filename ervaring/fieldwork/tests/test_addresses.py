"""Dutch address lines split into street, house number, postcode and town (pure)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ervaring.fieldwork.population.addresses import (
    AddressError,
    parse_address,
    read_house_number,
)

# (as the export has it, street, house number as a letter shows it, postcode, town).
# The shapes are those of municipal exports and the address register; each expectation is
# written out by hand, not produced by the parser.
READABLE = [
    ("Kerkstraat 19", "Kerkstraat", "19", "", ""),
    ("Kerkstraat 19-2", "Kerkstraat", "19-2", "", ""),
    ("Kerkstraat 19 - 2", "Kerkstraat", "19-2", "", ""),
    ("Kerkstraat 19/2", "Kerkstraat", "19-2", "", ""),
    ("Kerkstraat 19 2", "Kerkstraat", "19-2", "", ""),
    ("Kerkstraat 19 A", "Kerkstraat", "19A", "", ""),
    ("Kerkstraat 19a", "Kerkstraat", "19A", "", ""),
    ("Kerkstraat 19-a", "Kerkstraat", "19A", "", ""),
    ("Kerkstraat 19 bis", "Kerkstraat", "19-BIS", "", ""),
    ("Kerkstraat 19bis", "Kerkstraat", "19-BIS", "", ""),
    ("1e Van Swindenstraat 12 hs", "1e Van Swindenstraat", "12-HS", "", ""),
    ("2e Hugo de Grootstraat 4-III", "2e Hugo de Grootstraat", "4-III", "", ""),
    ("Jan van Gentstraat 7 zw", "Jan van Gentstraat", "7-ZW", "", ""),
    ("Lange Nieuwstraat 12 1 hoog", "Lange Nieuwstraat", "12-1 hoog", "", ""),
    ("Laan 1940-1945 3", "Laan 1940-1945", "3", "", ""),
    ("Plein 1944 12", "Plein 1944", "12", "", ""),
    ("Plein 40-45 12", "Plein 40-45", "12", "", ""),
    ("Straatweg 1012 hs", "Straatweg", "1012-HS", "", ""),
    ("Postbus 12", "Postbus", "12", "", ""),
    ("Kerkstraat 19, 1234 AB Plaats", "Kerkstraat", "19", "1234 AB", "Plaats"),
    ("Kerkstraat 19 1234AB PLAATS", "Kerkstraat", "19", "1234 AB", "PLAATS"),
    ("Kerkstraat 19-2, 1234 ab, Den Haag", "Kerkstraat", "19-2", "1234 AB", "Den Haag"),
    ("Markt 1 A  5211 JV  's-Hertogenbosch", "Markt", "1A", "5211 JV", "'s-Hertogenbosch"),
    ("Kerkstraat 19\n1234 AB Plaats", "Kerkstraat", "19", "1234 AB", "Plaats"),
    ("Kerkstraat\u00a019,", "Kerkstraat", "19", "", ""),
    ("Postbus 12, 9999 ZZ Voorbeeld", "Postbus", "12", "9999 ZZ", "Voorbeeld"),
    ("Kerkstraat 19 1234 AB", "Kerkstraat", "19", "1234 AB", ""),
]


@pytest.mark.parametrize(("text", "street", "number", "postcode", "town"), READABLE)
def test_real_shaped_address_lines_are_split(text, street, number, postcode, town):
    address = parse_address(text)
    assert (address.street, address.house_number, address.postcode, address.town) == (
        street,
        number,
        postcode,
        town,
    )
    assert address.note == ""


# Lines without a house number that can be read with certainty: the whole text stays the
# street, no number, and a note says why, so the import can list the row.
UNREADABLE = [
    ("Kerkstraat", "geen huisnummer"),
    ("Kerkstraat 19 Ede", "aan het eind"),  # a town without postcode is no addition
    ("19 Kerkstraat", "aan het eind"),
    ("Kerkstraat 0", "0 bestaat niet"),
    ("Kerkstraat 123456", "aan het eind"),
    ("Kerkstraat 19 2 A", "meer getallen"),
    ("12 2", "geen straatnaam"),
    ("onbekend", "geen huisnummer"),
]


@pytest.mark.parametrize(("text", "note"), UNREADABLE)
def test_an_address_without_a_certain_house_number_keeps_its_text_and_says_why(text, note):
    address = parse_address(text)
    assert address.house_number == ""
    assert address.street == " ".join(text.split())
    assert note in address.note
    assert not address.is_complete


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", (12, "")), ("12a", (12, "a")), ("12 A", (12, "A")), ("12-2", (12, "2")),
     ("12/2", (12, "2")), ("12 hs", (12, "hs")), ("4-III", (4, "III")),
     ("12 1 hoog", (12, "1 hoog")), ("012", (12, ""))],
)  # fmt: skip
def test_a_house_number_column_is_read_as_number_and_addition(text, expected):
    assert read_house_number(text) == expected


@pytest.mark.parametrize("text", ["", "a12", "0", "12 Ede", "123456", "twaalf"])
def test_a_house_number_column_that_is_no_number_is_refused(text):
    with pytest.raises(AddressError):
        read_house_number(text)


STREETS = st.sampled_from(
    ["Kerkstraat", "1e Van Swindenstraat", "Laan 1940-1945", "Plein 1944", "Dorpsstraat Oost"]
)
ADDITIONS = st.sampled_from(["", "A", "-2", "-III", " hs", " bis", "-B", " 1 hoog"])


@given(STREETS, st.integers(1, 99999), ADDITIONS)
def test_a_street_number_and_addition_written_together_come_apart_again(street, number, add):
    address = parse_address(f"{street} {number}{add}, 1234 AB Plaats")
    assert address.street == street
    assert address.house_number.startswith(str(number))
    assert address.house_number[len(str(number)) :].lstrip("-").lower() == add.strip(" -").lower()
    assert (address.postcode, address.town, address.is_complete) == ("1234 AB", "Plaats", True)


@given(st.text(max_size=200))
def test_any_text_gives_an_address_or_a_note_never_an_exception(text):
    address = parse_address(text)
    assert address.house_number or address.note or not text.strip(" ,\n\t")
