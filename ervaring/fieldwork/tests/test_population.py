"""Reading and checking population files (pure: no database)."""

from dataclasses import fields as dataclass_fields
from dataclasses import replace
from datetime import date

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ervaring.fieldwork.population import cells, checking, fields, provisions, reading, records
from ervaring.fieldwork.tests import odd_files
from ervaring.fieldwork.tests.population_files import HEADERS, csv_bytes, row, xlsx_bytes
from ervaring.questionnaires.standard import load_template

OPTIONS = cells.ParseOptions(
    survey_law="wmo", teams={"noord": "noord", "wijkteamnoord": "noord"}, today=date(2026, 6, 1)
)
WMO = provisions.catalogue_for(load_template("wmo"), "wmo")


def parse(data: bytes, mapping: dict[str, str] | None = None) -> records.ParsedPopulation:
    """Check a file and give every provision name its group, as the import does."""
    table = reading.read_table(data)
    mapping = mapping or fields.suggest_mapping(table.headers)
    parsed = checking.parse_population(table, mapping, OPTIONS)
    matches = provisions.match_names(parsed.provision_counts(), WMO)
    groups = {m.key: m.group for m in matches if m.group}
    if len(groups) < len(matches):
        return parsed
    return replace(parsed, clients=checking.assign_groups(parsed, groups))


def only_problem(result: records.ParsedPopulation) -> records.Problem:
    assert len(result.problems) == 1, result.problems
    return result.problems[0]


def test_common_dutch_headers_are_recognised_including_parent_contact_columns():
    mapping = fields.suggest_mapping(
        ["Clientnr", "WET", "Product", "Geb.datum", "geslacht", "Wijkteam", "e-mail",
         "E-mail ouder", "Mobiel nummer", "Mobiel verzorger", "Straatnaam", "Huisnr", "PC",
         "Woonplaats", "Onbekende kolom"]
    )  # fmt: skip
    assert mapping == {
        "client_ref": "Clientnr",
        "law": "WET",
        "provision_groups": "Product",
        "birth_date": "Geb.datum",
        "gender": "geslacht",
        "team": "Wijkteam",
        "email": "e-mail",
        "parent_email": "E-mail ouder",
        "mobile": "Mobiel nummer",
        "parent_mobile": "Mobiel verzorger",
        "street": "Straatnaam",
        "house_number": "Huisnr",
        "postcode": "PC",
        "town": "Woonplaats",
    }


@pytest.mark.parametrize(
    ("encoding", "bom", "sep", "expected"),
    [
        ("cp1252", False, ";", "windows-1252"),
        ("utf-8", True, ";", "utf-8-sig"),
        ("utf-8", False, ",", "utf-8"),
    ],
)
def test_encoding_and_separator_are_detected(encoding, bom, sep, expected):
    data = csv_bytes(
        [row("1001", name="Zoë Ĳssel".replace("Ĳ", "IJ"))], encoding=encoding, bom=bom, sep=sep
    )
    table = reading.read_table(data)
    assert table.encoding == expected
    assert table.delimiter == sep
    assert table.headers[0] == "Cliëntnummer"
    result = parse(data)
    assert result.is_valid, result.problems
    assert next(iter(result.clients)).name == "Zoë IJssel"


def test_row_numbers_are_as_in_the_file_with_the_header_as_row_one_and_blank_lines_counted():
    data = csv_bytes(
        [row("1001"), row("1002"), row("1003", postcode="12345")], blank_lines_after=[0]
    )
    problem = only_problem(parse(data))
    assert (problem.row, problem.column) == (5, "Postcode")
    assert "postcode" in problem.message


def test_cells_are_normalised():
    data = csv_bytes(
        [row("1001", born="1-2-1950", postcode="1234ab", number="12 a", mobile="06-12345678",
             email="Iemand@Voorbeeld.NL", gender="man", team="wijkteam noord")]
    )  # fmt: skip
    (client,) = parse(data).clients
    assert client.birth_date == date(1950, 2, 1)
    assert client.birth_year == 1950
    assert client.postcode == "1234 AB"
    assert client.house_number == "12A"
    assert client.mobile == "+31612345678"
    assert client.email == "Iemand@voorbeeld.nl"
    assert (client.gender, client.team, client.law) == ("man", "noord", "wmo")


@pytest.mark.parametrize("born", ["1950-02-01", "01-02-1950", "01/02/1950", "1950-02-01 00:00:00"])
def test_dutch_and_iso_dates_are_read(born):
    (client,) = parse(csv_bytes([row("1001", born=born)])).clients
    assert client.birth_date == date(1950, 2, 1)


def test_a_birth_year_alone_is_accepted_in_the_birth_date_column():
    (client,) = parse(csv_bytes([row("1001", born="1950")])).clients
    assert (client.birth_date, client.birth_year) == (None, 1950)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31-02-1950", "bestaat niet"),
        ("12-03-2030", "toekomst"),
        ("gisteren", "Geen geldige datum"),
    ],
)
def test_bad_dates_are_reported(value, message):
    assert message in only_problem(parse(csv_bytes([row("1001", born=value)]))).message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0612", "Geen geldig telefoonnummer"),
        ("0201234567", "geen mobiel nummer"),  # a landline cannot get an SMS
        ("bellen", "Geen geldig telefoonnummer"),
    ],
)
def test_invalid_mobile_numbers_are_reported(value, message):
    problem = only_problem(parse(csv_bytes([row("1001", mobile=value)])))
    assert problem.column == "Mobiel"
    assert message in problem.message


def test_international_mobile_number_with_a_plus_is_not_mistaken_for_a_formula():
    (client,) = parse(csv_bytes([row("1001", mobile="+32 470 12 34 56")])).clients
    assert client.mobile == "+32470123456"


@pytest.mark.parametrize(
    "value", ['=HYPERLINK("http://example.invalid","klik")', "+SUM(1,2)", "@cmd", "-2+3"]
)
def test_a_formula_in_a_name_is_reported_as_suspicious(value):
    problem = only_problem(parse(csv_bytes([row("1001", name=value)])))
    assert (problem.row, problem.column) == (2, "Naam")
    assert "formule" in problem.message


def test_a_lone_dash_counts_as_empty():
    (client,) = parse(csv_bytes([row("1001", email="-", name="-")])).clients
    assert (client.email, client.name) == ("", "")


def test_the_same_client_on_several_rows_merges_provisions():
    data = csv_bytes(
        [row("1001", "Huishoudelijke hulp"), row("1002", "Begeleiding; Vervoer"),
         row("1001", "Begeleiding", email="a@example.org")]
    )  # fmt: skip
    result = parse(data)
    assert result.is_valid and result.rows_read == 3
    first, second = result.clients
    assert first.provision_groups == ("huishoudelijke_hulp", "begeleiding")
    assert first.email == "a@example.org"  # an empty cell does not conflict with a filled one
    assert second.provision_groups == ("begeleiding", "vervoer")


def test_merging_one_client_never_changes_another_with_the_same_cell_text():
    """260 clients, 35 of them on a second row with a second provision (one row per
    provision, as case systems export). Worked out by hand: every client has 'Begeleiding'
    on its first row, clients 0-34 also 'Vervoer' on a second row; so begeleiding 260,
    vervoer 35, and no client has more than two groups."""
    rows = [row(str(1000 + i), "Begeleiding") for i in range(260)]
    rows += [row(str(1000 + i), "Vervoer") for i in range(35)]
    result = parse(csv_bytes(rows))
    assert result.is_valid and len(result.clients) == 260
    counts: dict[str, int] = {}
    for client in result.clients:
        for group in client.provision_groups:
            counts[group] = counts.get(group, 0) + 1
    assert counts == {"begeleiding": 260, "vervoer": 35}
    by_ref = {c.client_ref: c.provision_groups for c in result.clients}
    assert by_ref["1000"] == ("begeleiding", "vervoer")
    assert by_ref["1100"] == ("begeleiding",)


def test_a_conflicting_duplicate_is_an_error_naming_both_rows():
    data = csv_bytes([row("1001"), row("1001", "Vervoer", born="13-03-1945")])
    problem = only_problem(parse(data))
    assert (problem.row, problem.column) == (3, "Geboortedatum")
    assert "rij 2" in problem.message


def test_unknown_team_and_other_law_are_errors():
    data = csv_bytes([row("1001", team="Zuid"), row("1002", law="Jeugdwet")])
    problems = parse(data).problems
    assert [(p.row, p.column) for p in problems] == [(2, "Wijkteam"), (3, "Wet")]


def test_a_mapping_without_required_fields_is_refused_before_any_row():
    result = parse(csv_bytes([row("1001")]), {"client_ref": "Cliëntnummer"})
    assert [p.row for p in result.problems] == [None]
    assert "Voorziening" in result.problems[0].message


def test_xlsx_cells_become_the_same_text_as_in_a_csv():
    # Excel drops the leading 0 of a phone number typed as a number; it still reads.
    cells = [1001, "Wmo", "Begeleiding", date(1950, 2, 1), "V", "Noord", "Noord", "Testpersoon",
             "Teststraat", 1, "1234 AB", "Voorbeeld", "", 612345678]  # fmt: skip
    data = xlsx_bytes([cells])
    result = parse(data)
    assert result.is_valid, result.problems
    (client,) = result.clients
    assert (client.client_ref, client.birth_date, client.house_number, client.mobile) == (
        "1001", date(1950, 2, 1), "1", "+31612345678"
    )  # fmt: skip


def test_problem_list_csv_neutralises_formulas():
    text = checking.problems_csv([records.Problem(2, "Naam", "formule", "=HYPERLINK(1)")])
    assert text.splitlines() == ["rij;kolom;probleem;waarde", "2;Naam;formule;'=HYPERLINK(1)"]


def test_headers_constant_matches_what_suggest_mapping_needs():
    assert set(fields.suggest_mapping(HEADERS)) >= {
        "client_ref",
        "provision_groups",
        "parent_email",
    }


# --- What keeps a million rows fast and small ----------------------------------------------

# A national number (mostly in the 06 range), typed with now and then a space or a dash.
_TYPED_NUMBERS = st.builds(
    lambda digits, gaps: "".join(d + gaps[i % len(gaps)] for i, d in enumerate(digits)).strip(),
    st.from_regex(r"\A6[0-9]{8}\Z") | st.from_regex(r"\A(970[0-9]{8}|[1-9][0-9]{5,10})\Z"),
    st.lists(st.sampled_from(["", "", "", " ", "-"]), min_size=1, max_size=4),
)


@settings(max_examples=500, deadline=None)
@given(
    prefix=st.sampled_from(["0", "0 ", "+31", "+31 ", "0031", "00 31 ", "+32 ", "", "-"]),
    rest=_TYPED_NUMBERS,
    mobile_only=st.booleans(),
)
def test_the_quick_way_for_dutch_mobile_numbers_agrees_with_phonenumbers(prefix, rest, mobile_only):
    """Whatever the quick way accepts, `phonenumbers` reads as the same mobile number."""
    text = prefix + rest
    quick = cells.dutch_mobile(text)
    if not quick:
        return
    number = phonenumbers.parse(text, "NL")
    assert phonenumbers.is_valid_number(number)
    assert phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
    assert quick == phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert cells.parse_phone(text, mobile_only=mobile_only) == (quick, True)


def test_common_ways_of_writing_a_dutch_mobile_number_take_the_quick_way():
    for text in ("0612345678", "06-12345678", "06 1234 5678", "+31612345678", "+31 6 12345678",
                 "0031612345678"):  # fmt: skip
        assert cells.dutch_mobile(text) == "+31612345678", text
    for text in ("0201234567", "0661234567", "+32470123456", "06123456", "(06) 12345678"):
        assert cells.dutch_mobile(text) == "", text


_CELL_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffd"),
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(
    texts=st.fixed_dictionaries(
        {f.name: _CELL_TEXT for f in dataclass_fields(records.ClientRecord) if f.type is str}
    ),
    row_number=st.integers(min_value=2, max_value=2_000_000),
    names=st.lists(_CELL_TEXT, max_size=3).map(tuple),
    groups=st.lists(_CELL_TEXT.filter(bool), max_size=3).map(tuple),
    born=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2026, 6, 1)),
    year=st.none() | st.integers(min_value=1900, max_value=2026),
)
def test_a_packed_client_unpacks_to_the_same_record(texts, row_number, names, groups, born, year):
    """Clients are kept packed in one string while the file is checked; nothing of a checked
    value (text without control characters) may be lost or moved to another field."""
    record = records.ClientRecord(
        **texts,
        first_row=row_number,
        provision_names=tuple(name for name in names if name),
        provision_groups=groups,
        birth_date=born,
        birth_year=year,
    )
    assert records.unpack(records.pack(record)) == record


def test_a_file_reads_the_same_as_its_bytes_and_stays_open(tmp_path):
    data = csv_bytes([row("1001"), row("1002", "Vervoer")], encoding="cp1252")
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    with path.open("rb") as file:
        from_file = reading.read_table(file)
        rows = list(from_file.rows)
        assert not file.closed
    from_bytes = reading.read_table(data)
    assert (from_file.headers, from_file.encoding, rows) == (
        from_bytes.headers,
        from_bytes.encoding,
        list(from_bytes.rows),
    )


def test_progress_says_reading_is_done_only_when_every_row_is_read():
    """An XLSX without a used range gives no row estimate (as here, made so by hand); the
    progress must not then claim after 10,000 rows that every row is read."""
    table = reading.read_table(csv_bytes([row(str(n)) for n in range(20_005)]))
    table.row_estimate = 0
    told = []
    checking.parse_population(
        table, fields.suggest_mapping(table.headers), OPTIONS, lambda *step: told.append(step)
    )
    assert told[0][0] == 10_000 and told[0][1] > 10_000
    assert [step for step in told if step[0] == step[1]] == [(20_005, 20_005)]


def test_a_title_without_separators_above_the_header_does_not_hide_the_separator():
    """A title line typed above a ';' export has no separator; the header below it decides."""
    data = b"Export Wmo 2026\r\n" + csv_bytes([row("1001")], sep=";")
    table = reading.read_table(data)
    assert (table.delimiter, table.header_row, table.headers[0]) == (";", 2, "Cliëntnummer")


def test_xlsx_text_leaves_out_phonetic_guides_and_joins_rich_text_runs():
    """Japanese-style phonetic guides (<rPh>) are not part of what Excel shows in the cell;
    rich-text runs are, in shared and in inline strings alike."""
    guide = "<rPh sb='0' eb='1'><t>ガイド</t></rPh>"
    shared = ["<t>Naam</t>", "<t>Nr</t>", f"<r><t>Zoë </t></r>{guide}<r><rPr/><t>Jansen</t></r>"]
    inline = f'<c r="B2" t="inlineStr"><is><r><t>10</t></r>{guide}<r><t>01</t></r></is></c>'
    rows = (
        f'<row r="1">{odd_files.cell("A1", 0, kind="s")}{odd_files.cell("B1", 1, kind="s")}'
        f'</row><row r="2">{odd_files.cell("A2", 2, kind="s")}{inline}</row>'
    )
    table = reading.read_table(odd_files.xlsx(odd_files.sheet(rows), shared=shared))
    assert (table.headers, list(table.rows)) == (["Naam", "Nr"], [(2, ["Zoë Jansen", "1001"])])
