"""The column reader reads a file as the exact (row by row) reader does, or not at all.

The exact reader (`fieldwork.population.reading`, Python's csv module) is the reference: for
every file below, PyArrow's reading gives the same rows and cells, or gives None so the file
goes the exact way. The size threshold is lowered so that small files take the fast path.
"""

from pathlib import Path

import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from ervaring.analysis import analyse, columnar, files

HEADER = "respnr;team;v1;v2\n"


@pytest.fixture(autouse=True)
def every_file_by_columns(monkeypatch):
    monkeypatch.setattr(columnar, "MIN_BYTES", 0)


def write(tmp_path: Path, text: str, encoding: str = "utf-8", bom: bytes = b"") -> Path:
    path = tmp_path / "respondenten.csv"
    path.write_bytes(bom + text.encode(encoding))
    return path


REGULAR = {
    "semicolons": HEADER + "1;noord;mee eens;neutraal\n2;zuid;;niet mee eens\n",
    "title above the header": "Export CEO 2026\n\n" + HEADER + "1;noord;mee eens;1\n",
    "blank and empty rows": HEADER + "1;noord;mee eens;2\n\n;;;\n2;zuid;neutraal;\n",
    "spaces around cells": HEADER + " 1 ; noord;  mee eens ;\u00a0neutraal\u00a0\n2;zuid;x;y\n",
    "quoted separators": HEADER + '1;"noord; oost";"mee eens";"a ""b"""\n',
    "commas": "respnr,team,v1\n1,noord,mee eens\n2,zuid,neutraal\n",
    "tabs": "respnr\tteam\tv1\n1\tnoord\tmee eens\n",
    "no final line end": HEADER + "1;noord;mee eens;2",
    "windows line ends": HEADER.replace("\n", "\r\n") + "1;noord;mee eens;2\r\n",
    "duplicate and empty header names": "team;team;;v1\nnoord;zuid;x;mee eens\n",
    "accents": HEADER + "1;Zuidoost-Één;mee eens;2\n",
}


@pytest.mark.parametrize("text", REGULAR.values(), ids=REGULAR.keys())
def test_a_regular_file_reads_as_the_exact_reader_reads_it(tmp_path, text):
    path = write(tmp_path, text)
    frame = columnar.read_columns(path)
    assert frame is not None
    assert as_rows(frame) == as_rows(files.read_exact(path).frame)


@pytest.mark.parametrize(
    ("encoding", "bom"), [("cp1252", b""), ("utf-8", b"\xef\xbb\xbf")], ids=["cp1252", "bom"]
)
def test_windows_1252_and_a_byte_order_mark_read_alike(tmp_path, encoding, bom):
    path = write(tmp_path, HEADER + "1;Zuidoost-Één;mee eens;café\n", encoding, bom)
    frame = columnar.read_columns(path)
    assert frame is not None
    assert list(frame.columns) == ["respnr", "team", "v1", "v2"]
    assert as_rows(frame) == [["1", "Zuidoost-Één", "mee eens", "café"]]


IRREGULAR = {
    "a row with a cell too many": HEADER + "1;noord;mee eens;2;x\n",
    "a short row": HEADER + "1;noord;mee eens\n2;zuid;neutraal;3\n",
    "a line break inside a quoted cell": HEADER + '1;noord;"mee\neens";2\n',
}


@pytest.mark.parametrize("text", IRREGULAR.values(), ids=IRREGULAR.keys())
def test_an_irregular_file_goes_the_exact_way(tmp_path, text):
    path = write(tmp_path, text)
    assert columnar.read_columns(path) is None


def test_utf16_goes_the_exact_way(tmp_path):
    assert columnar.read_columns(write(tmp_path, HEADER + "1;a;b;c\n", "utf-16")) is None


def test_a_bad_answer_names_its_file_line_though_the_file_was_read_by_columns(tmp_path):
    # Line 1 title, 2 blank, 3 header, 4-5 respondents, 6 blank, 7 the bad answer (row 3).
    text = "Export\n\n" + HEADER + "1;noord;mee eens;neutraal\n2;noord;neutraal;mee eens\n\n"
    path = write(tmp_path, text + "3;noord;mee eens;misschien\n")
    table = files.read_table(path)
    assert table.source == path  # read by columns
    with pytest.raises(files.AnalyseError) as error:
        analyse.analyse_table(table, "team", {"noord": 40})
    assert "row 3 (line 7), column 'v2': unknown answer 'misschien'" in str(error.value)


def test_an_unknown_group_names_its_row_and_line(tmp_path):
    path = write(tmp_path, HEADER + "1;noord;mee eens;neutraal\n2;west;neutraal;mee eens\n")
    with pytest.raises(files.AnalyseError, match=r"row 2 \(line 3\), column 'team': group 'west'"):
        analyse.analyse_table(files.read_table(path), "team", {"noord": 40})


def test_the_results_are_the_same_whichever_way_the_file_is_read(tmp_path, monkeypatch):
    rows = [
        f"{i};{'noord' if i % 3 else 'zuid'};{LABELS[i % 5]};{LABELS[i * 7 % 6]}"
        for i in range(400)
    ]
    path = write(tmp_path, "Export\n" + HEADER + "\n".join(rows) + "\n")
    population = {"noord": 900, "zuid": 500}
    by_columns = analyse.analyse_table(files.read_table(path), "team", population)
    monkeypatch.setattr(columnar, "MIN_BYTES", float("inf"))
    exact = files.read_table(path)
    assert exact.source is None
    assert analyse.analyse_table(exact, "team", population) == by_columns


LABELS = ["helemaal mee eens", "mee eens", "neutraal", "niet mee eens", "weet niet", ""]


def as_rows(frame) -> list[list[str]]:
    return [[str(value) for value in row] for row in frame.astype(object).itertuples(index=False)]


TRICKY = ["mee eens", "Mee Eens", " mee  eens ", "MEE\u00a0EENS", "weet\tniet", "1.0", "12"]
TRICKY += ["123.000", "a.b", "N.V.T.", "nvt", "", "\u00b2", "\u0130", "x\u2003y", "R-12/b"]


def test_values_normalised_in_bulk_are_those_normalised_one_by_one():
    import pyarrow as pa

    normal = columnar.normalised(pa.array(TRICKY, type=pa.large_string()), files.normalise_label)
    assert normal.to_pylist() == [files.normalise_label(value) for value in TRICKY]


@pytest.mark.parametrize(
    ("first", "identifier"),
    [(["A1", "b2", "c3"], True), (["A1", "a1", "c3"], False), (["7", "8", "7"], False)],
)
def test_a_first_column_is_an_identifier_only_with_a_distinct_value_in_every_row(
    tmp_path, monkeypatch, first, identifier
):
    monkeypatch.setattr(files, "BULK_VALUES", 2)  # the values are looked up by PyArrow
    rows = [f"{code};noord;mee eens" for code in first]
    table = files.read_table(write(tmp_path, "code;team;v1\n" + "\n".join(rows) + "\n"))
    assert table.source is not None  # read by columns
    recognised = files.recognise_columns(table, "team", files.QuestionsFile())
    assert list(recognised.questions) == ["v1"]
    assert recognised.identifiers == (["code"] if identifier else [])
    assert recognised.skipped == ([] if identifier else ["code"])


def test_bad_answers_deep_in_a_large_file_are_named_by_row_line_and_column(tmp_path):
    # 120,000 respondent numbers: the values go the bulk way (files.BULK_VALUES).
    rows = [
        f"{i};{'noord' if i % 2 else 'zuid'};{LABELS[i % 4]};{LABELS[i % 5]}"
        for i in range(1, 120_001)
    ]
    for i in range(70_000, 70_012):
        rows[i] = f"{i + 1};zuid;mee eens;misschien"  # data rows 70,001-70,012
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n")
    table = files.read_table(path)
    assert table.source == path
    with pytest.raises(files.AnalyseError) as error:
        analyse.analyse_table(table, "team", {"noord": 200_000, "zuid": 200_000})
    lines = str(error.value).splitlines()
    assert lines[0].startswith("row 70001 (line 70002), column 'v2': unknown answer 'misschien'")
    assert lines[9].startswith("row 70010 (line 70011), column 'v2'")
    assert lines[10:] == ["... and 2 more"]
    out = tmp_path / "resultaten.json"
    population = tmp_path / "populatie.csv"
    population.write_text("group,population\nnoord,200000\nzuid,200000\n")
    with pytest.raises(CommandError, match=r"row 70001 \(line 70002\), column 'v2'"):
        call_command("analyse", "--responses", str(path), "--population", str(population),
                     "--by", "team", "--out", str(out))  # fmt: skip
    assert not out.exists()  # nothing is written


@pytest.mark.parametrize("bulk", [100_000, 1], ids=["one by one", "in bulk"])
def test_empty_cells_never_make_a_column_a_question(tmp_path, monkeypatch, bulk):
    # One answer among three filled cells is under half: a remark column, though the
    # questions file gives the empty cell a code.
    monkeypatch.setattr(files, "BULK_VALUES", bulk)
    cells = ["x", "y", "", "", "", "mee eens"]
    rows = [f"{i};noord;mee eens;{cell}" for i, cell in enumerate(cells, start=1)]
    table = files.read_table(write(tmp_path, HEADER + "\n".join(rows) + "\n"))
    coded_empty = files.QuestionsFile(codes={"": 4})
    recognised = files.recognise_columns(table, "team", coded_empty)
    assert list(recognised.questions) == ["v1"]
    assert recognised.skipped == ["v2"]


def distinct_rows(first: list[str]) -> str:
    rows = [
        f"{code};{'noord' if i % 2 else 'zuid'};{LABELS[i % 4]}" for i, code in enumerate(first)
    ]
    return "code;team;v1\n" + "\n".join(rows) + "\n"


def test_a_column_of_distinct_values_is_read_as_plain_text_as_the_exact_reader_reads_it(
    tmp_path,
):
    first = [f" {i} " if i % 7 else str(i) for i in range(300)]  # spaces around some
    first[5] = ""  # an empty cell
    text = distinct_rows(first).replace("\nzuid", "\n\n;;\nzuid", 1)  # and blank rows
    path = write(tmp_path, text)
    frame = columnar.read_columns(path)
    assert frame is not None
    assert not isinstance(frame["code"].dtype, pd.CategoricalDtype)  # plain text
    assert isinstance(frame["team"].dtype, pd.CategoricalDtype)
    assert as_rows(frame) == as_rows(files.read_exact(path).frame)


@pytest.mark.parametrize(("last", "identifier"), [("R300", True), ("r1", False)])
def test_plain_text_values_are_one_per_row_and_still_distinct_once_normalised(
    tmp_path, monkeypatch, last, identifier
):
    monkeypatch.setattr(files, "BULK_VALUES", 2)  # each row stands for itself
    first = [f"R{i}" for i in range(1, 300)] + [last]  # "r1" is "R1" once normalised
    table = files.read_table(write(tmp_path, distinct_rows(first)))
    assert not isinstance(table.frame["code"].dtype, pd.CategoricalDtype)
    recognised = files.recognise_columns(table, "team", files.QuestionsFile())
    assert list(recognised.questions) == ["v1"]
    assert recognised.identifiers == (["code"] if identifier else [])


def test_a_parse_started_in_the_background_gives_the_exact_readers_table(tmp_path):
    rows = [f"{i};{'noord' if i % 2 else ' zuid '};mee eens;{i % 5 + 1}" for i in range(300)]
    path = write(tmp_path, HEADER + "\n".join(rows) + "\n;;;\n")
    table = files.read_table(path, columnar.Background(path))
    assert table.source == path  # read by columns, not the exact way
    assert as_rows(table.frame) == as_rows(files.read_exact(path).frame)


def test_the_background_parse_hands_its_error_to_the_caller(tmp_path, monkeypatch):
    path = write(tmp_path, HEADER + "1;noord;mee eens;2\n")

    def unreadable(path: Path) -> None:
        raise PermissionError(f"no access to {path}")

    monkeypatch.setattr(columnar, "parse", unreadable)
    with pytest.raises(PermissionError, match="no access"):
        files.read_table(path, columnar.Background(path))


def test_a_parse_of_another_file_is_not_taken(tmp_path):
    path = write(tmp_path, HEADER + "1;noord;mee eens;2\n")
    other = tmp_path / "other.csv"
    other.write_text(HEADER + "1;zuid;neutraal;3\n", encoding="utf-8")
    started = columnar.Background(other)
    with pytest.raises(ValueError, match=r"other\.csv"):
        files.read_table(path, started)
    started.wait()
