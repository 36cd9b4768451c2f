"""`ervaring scrub`: a column of someone else's file scrubbed, the rest copied, or nothing."""

import csv

import pytest
from django.core.management import CommandError, call_command


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, delimiter=";").writerows(rows)


def read_csv(path):
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


def test_the_column_is_scrubbed_and_the_rest_copied(tmp_path, capsys):
    source, out = tmp_path / "antwoorden.csv", tmp_path / "geschoond.csv"
    write_csv(
        source,
        [
            ["id", "Toelichting", "Cijfer"],
            ["1", "mevrouw jansen belt altijd terug op 06-12345678", "8"],
            ["2", "anja van team west, bsn 123456782", "=1+1"],
            ["3", "de wmo is goed geregeld, 3 keer per week", "7"],
        ],
    )
    teams = tmp_path / "teams.txt"
    teams.write_text("Team West\n", encoding="utf-8")
    names = tmp_path / "namen.txt"
    names.write_text("Anja de Vries\n", encoding="utf-8")
    call_command(
        "scrub", str(source), column="Toelichting", out=str(out), teams=str(teams), names=str(names)
    )
    assert read_csv(out) == [
        ["id", "Toelichting", "Cijfer"],
        ["1", "mevrouw [NAAM] belt altijd terug op [TELEFOON]", "8"],
        ["2", "[NAAM] van [TEAM], bsn [BSN]", "'=1+1"],
        ["3", "de wmo is goed geregeld, 3 keer per week", "7"],
    ]
    assert "scrubbed 3 rows" in capsys.readouterr().out


def test_a_missing_column_is_named_in_dutch_and_nothing_is_written(tmp_path):
    source, out = tmp_path / "antwoorden.csv", tmp_path / "geschoond.csv"
    write_csv(source, [["id", "Toelichting"], ["1", "prima"]])
    with pytest.raises(CommandError, match="Kolom 'Opmerking' staat niet in het bestand; wel: id"):
        call_command("scrub", str(source), column="Opmerking", out=str(out))
    assert list(tmp_path.iterdir()) == [source]


def test_the_input_file_is_never_overwritten(tmp_path):
    source = tmp_path / "antwoorden.csv"
    write_csv(source, [["id", "Toelichting"], ["1", "mevrouw jansen"]])
    with pytest.raises(CommandError, match="ander bestand"):
        call_command("scrub", str(source), column="Toelichting", out=str(source))
