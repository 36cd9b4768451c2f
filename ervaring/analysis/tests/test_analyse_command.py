"""`ervaring analyse` on files written here, checked against figures worked out by hand.

The data: three groups (strata) A, B, C with populations 200, 60 and 10.

- A: 20 respondents; q1: 8 helemaal mee eens, 6 mee eens, 3 neutraal, 2 niet mee eens,
  1 weet niet -> 19 valid, 14 agree.
- B: 12 respondents; q1: 3 helemaal mee eens, 3 mee eens, 2 neutraal, 2 niet mee eens,
  1 helemaal niet mee eens, 1 niet van toepassing -> 11 valid, 6 agree.
- C: 3 respondents; q1: 1 mee eens, 2 neutraal -> 3 valid, 1 agree.
"""

import json
import math
import subprocess
import sys

import pandas as pd
import pyreadstat
import pytest
from django.core.management import CommandError, call_command
from scipy import stats

from ervaring.stats.tests.loading import modules_loaded_by

Z95 = 1.959963984540054
POPULATION = {"A": 200, "B": 60, "C": 10}
Q1 = {
    "A": ["Helemaal mee eens"] * 8
    + ["mee eens"] * 6
    + ["neutraal"] * 3
    + ["niet mee eens"] * 2
    + ["weet niet"],
    "B": ["helemaal mee eens"] * 3
    + ["MEE EENS"] * 3
    + ["Neutraal"] * 2
    + ["niet  mee eens"] * 2
    + ["Helemaal niet mee eens", "Niet van toepassing"],
    "C": ["mee eens", "neutraal", "neutraal"],
}


def respondent_frame() -> pd.DataFrame:
    rows = []
    for group, answers in Q1.items():
        for i, answer in enumerate(answers):
            rows.append(
                {
                    "respondent": f"R{len(rows) + 1:03d}",
                    "team": group,
                    "q1": answer,
                    # q2: everyone agrees except every third respondent, who is neutral.
                    "q2": "neutraal" if i % 3 == 2 else "mee eens",
                    "gemeente": "Voorbeeld",
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture
def files(tmp_path):
    responses = tmp_path / "R.csv"
    respondent_frame().to_csv(responses, index=False)
    population = tmp_path / "P.csv"
    lines = "".join(f"{g},{n}\n" for g, n in POPULATION.items())
    population.write_text("group,population\n" + lines)
    return responses, population, tmp_path


def run(responses, population, out, *extra, fmt="json"):
    call_command(
        "analyse",
        "--responses",
        str(responses),
        "--population",
        str(population),
        "--by",
        "team",
        "--format",
        fmt,
        "--out",
        str(out),
        *extra,
    )


def margin(n, big_n):
    return 100 * Z95 * math.sqrt(0.25 / n * (big_n - n) / (big_n - 1))


def test_group_figures_and_margins_follow_the_formulas(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json", "--min-n", "2")
    result = json.loads((tmp / "results.json").read_text())
    groups = {g["group"]: g for g in result["groups"]}
    assert [g["group"] for g in result["groups"]] == ["A", "B", "C"]
    assert groups["A"]["population"] == 200 and groups["A"]["respondents"] == 20
    # 1.959964 * sqrt(.25 / 20 * 180 / 199) * 100 = 1.959964 * 10.6332 = 20.8407
    assert groups["A"]["margin_of_error"] == pytest.approx(margin(20, 200), rel=1e-12)
    assert groups["A"]["margin_of_error"] == pytest.approx(20.8407, abs=1e-4)
    assert groups["B"]["margin_of_error"] == pytest.approx(margin(12, 60), rel=1e-12)
    assert groups["C"]["margin_of_error"] == pytest.approx(margin(3, 10), rel=1e-12)

    cells = result["questions"]["q1"]["groups"]
    assert cells["A"]["n"] == 19 and cells["A"]["n_excluded"] == 1
    assert cells["A"]["pct_agree"] == pytest.approx(100 * 14 / 19)
    assert cells["A"]["pct_neutral"] == pytest.approx(100 * 3 / 19)
    assert cells["A"]["pct_disagree"] == pytest.approx(100 * 2 / 19)
    assert cells["B"]["n"] == 11 and cells["B"]["n_excluded"] == 1
    assert cells["B"]["pct_agree"] == pytest.approx(100 * 6 / 11)
    assert cells["B"]["pct_disagree"] == pytest.approx(100 * 3 / 11)


def test_the_interval_of_a_group_is_the_logit_interval_with_fpc(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json", "--min-n", "2")
    cell = json.loads((tmp / "results.json").read_text())["questions"]["q1"]["groups"]["A"]
    # One stratum, a domain of 19 valid answers out of 20 respondents, N = 200:
    # v = (1 - 20/200) * 20/19 * p q / 19 (domain estimator), df = 19 - 1.
    p = 14 / 19
    se = math.sqrt((1 - 20 / 200) * 20 / 19 * p * (1 - p) / 19)
    t = stats.t.ppf(0.975, 18)
    logit = math.log(p / (1 - p))
    half = t * se / (p * (1 - p))
    assert cell["ci_low"] == pytest.approx(100 / (1 + math.exp(-(logit - half))), rel=1e-9)
    assert cell["ci_high"] == pytest.approx(100 / (1 + math.exp(-(logit + half))), rel=1e-9)


def test_the_total_is_stratified_with_design_weights(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json", "--min-n", "2")
    result = json.loads((tmp / "results.json").read_text())
    total = result["questions"]["q1"]["groups"]["totaal"]
    assert total["n"] == 19 + 11 + 3 and total["n_excluded"] == 2
    # Weights N_h / n_h per respondent (of all respondents of the stratum):
    w = {"A": 200 / 20, "B": 60 / 12, "C": 10 / 3}
    agree = w["A"] * 14 + w["B"] * 6 + w["C"] * 1
    valid = w["A"] * 19 + w["B"] * 11 + w["C"] * 3
    assert total["pct_agree"] == pytest.approx(100 * agree / valid, rel=1e-12)
    # Overall margin: sum_h W_h^2 * .25 / n_h * (N_h - n_h) / (N_h - 1), W_h = N_h / 270.
    variance = sum(
        (big_n / 270) ** 2 * 0.25 / n * (big_n - n) / (big_n - 1)
        for n, big_n in ((20, 200), (12, 60), (3, 10))
    )
    assert result["totaal"]["margin_of_error"] == pytest.approx(100 * Z95 * math.sqrt(variance))
    assert result["totaal"]["respondents"] == 35 and result["totaal"]["population"] == 270


def test_a_small_group_and_its_complement_are_suppressed_but_the_total_is_not(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json")  # default min n 10
    result = json.loads((tmp / "results.json").read_text())
    assert result["method"]["min_n"] == 10
    cells = result["questions"]["q1"]["groups"]
    # C has 3 valid answers; B (11) is suppressed too, else C = totaal - A - B.
    for group in ("B", "C"):
        assert cells[group]["suppressed"] is True
        assert all(cells[group][k] is None for k in ("n", "pct_agree", "ci_low", "ci_high"))
    assert cells["A"]["suppressed"] is False and cells["A"]["n"] == 19
    assert cells["totaal"]["suppressed"] is False and cells["totaal"]["n"] == 33


def test_the_identifier_is_ignored_and_other_data_gives_a_warning(files, capsys):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json")
    result = json.loads((tmp / "results.json").read_text())
    assert set(result["questions"]) == {"q1", "q2"}
    assert result["ignored_columns"] == {"identifiers": ["respondent"], "other": ["gemeente"]}
    err = capsys.readouterr().err
    assert "gemeente" in err and "respondent" not in err


def test_the_method_block_names_interval_weighting_and_min_n(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.json", "--min-n", "5")
    method = json.loads((tmp / "results.json").read_text())["method"]
    assert method["interval"] == "logit"
    assert method["weighting"] == "ongewogen"
    assert method["min_n"] == 5


def test_an_unknown_label_names_row_and_column_and_writes_nothing(files):
    responses, population, tmp = files
    frame = respondent_frame()
    frame.loc[4, "q2"] = "misschien"
    frame.to_csv(responses, index=False)
    with pytest.raises(CommandError) as error:
        run(responses, population, tmp / "results.json")
    message = str(error.value)
    assert "row 5 (line 6)" in message and "'q2'" in message and "misschien" in message
    assert not (tmp / "results.json").exists()


def test_the_command_line_exits_non_zero_on_a_bad_label(files):
    responses, population, tmp = files
    frame = respondent_frame()
    frame.loc[0, "q1"] = "eens"
    frame.to_csv(responses, index=False)
    out = tmp / "results.json"
    command = [sys.executable, "-m", "ervaring.cli", "analyse", "--responses", str(responses)]
    command += ["--population", str(population), "--by", "team", "--format", "json"]
    done = subprocess.run([*command, "--out", str(out)], capture_output=True, text=True)
    assert done.returncode != 0
    assert "row 1" in done.stderr and "'q1'" in done.stderr
    assert not out.exists()


def test_a_group_missing_from_the_population_is_an_error(files):
    responses, population, tmp = files
    population.write_text("group,population\nA,200\nB,60\n")
    with pytest.raises(CommandError, match=r"row 33 \(line 34\), column 'team': group 'C'"):
        run(responses, population, tmp / "results.json")


def test_csv_output_has_a_line_per_question_and_group(files):
    responses, population, tmp = files
    run(responses, population, tmp / "results.csv", "--min-n", "2", fmt="csv")
    table = pd.read_csv(tmp / "results.csv")
    assert list(table["group"][:4]) == ["A", "B", "C", "totaal"]
    line = table[(table["question"] == "q1") & (table["group"] == "A")].iloc[0]
    assert line["n"] == 19 and line["pct_agree"] == pytest.approx(100 * 14 / 19)
    assert line["margin_of_error"] == pytest.approx(margin(20, 200))


def test_xlsx_input_gives_the_same_results_as_csv(files):
    responses, population, tmp = files
    respondent_frame().to_excel(tmp / "R.xlsx", index=False)
    run(responses, population, tmp / "from_csv.json")
    run(tmp / "R.xlsx", population, tmp / "from_xlsx.json")
    assert (tmp / "from_csv.json").read_text() == (tmp / "from_xlsx.json").read_text()


def test_spss_input_with_value_labels_is_read_as_answers(files):
    responses, population, tmp = files
    frame = respondent_frame()
    codes = {"helemaal mee eens": 1, "mee eens": 2, "neutraal": 3, "niet mee eens": 4}
    codes |= {"helemaal niet mee eens": 5, "weet niet": 8, "niet van toepassing": 9}
    for column in ("q1", "q2"):
        frame[column] = [codes[" ".join(v.lower().split())] for v in frame[column]]
    labels = {float(code): label.capitalize() for label, code in codes.items()}
    pyreadstat.write_sav(
        frame, str(tmp / "R.sav"), variable_value_labels={"q1": labels, "q2": labels}
    )
    run(responses, population, tmp / "from_csv.json")
    run(tmp / "R.sav", population, tmp / "from_sav.json")
    assert (tmp / "from_csv.json").read_text() == (tmp / "from_sav.json").read_text()


def test_codes_from_the_questions_file_are_answers(files):
    responses, population, tmp = files
    frame = respondent_frame()
    codes = {"helemaal mee eens": 1, "mee eens": 2, "neutraal": 3, "niet mee eens": 4}
    codes |= {"helemaal niet mee eens": 5, "weet niet": 8, "niet van toepassing": 9}
    frame["q1"] = [codes[" ".join(v.lower().split())] for v in frame["q1"]]
    frame.to_csv(tmp / "coded.csv", index=False)
    (tmp / "Q.yaml").write_text(
        "codes: {1: helemaal mee eens, 2: mee eens, 3: neutraal, 4: niet mee eens,\n"
        "        5: helemaal niet mee eens, 8: weet niet, 9: niet van toepassing}\n"
        "questions:\n  q1: Ik wist waar ik moest zijn.\n  q2: {}\n"
    )
    run(tmp / "coded.csv", population, tmp / "coded.json", "--questions", str(tmp / "Q.yaml"))
    run(responses, population, tmp / "labels.json")
    coded = json.loads((tmp / "coded.json").read_text())
    labels = json.loads((tmp / "labels.json").read_text())
    assert coded["questions"]["q1"]["text"] == "Ik wist waar ik moest zijn."
    assert coded["questions"]["q1"]["groups"] == labels["questions"]["q1"]["groups"]


def test_a_semicolon_csv_from_dutch_excel_is_read(files):
    responses, population, tmp = files
    respondent_frame().to_csv(tmp / "semi.csv", index=False, sep=";", encoding="cp1252")
    run(tmp / "semi.csv", population, tmp / "semi.json")
    run(responses, population, tmp / "comma.json")
    assert (tmp / "semi.json").read_text() == (tmp / "comma.json").read_text()


def test_the_import_and_analyse_read_a_file_alike(files):
    """Issue 9: `analyse` decoded Windows-1252 strictly and stopped at a byte (0x81) that the
    population import reads leniently (and refuses only where it matters, with row and
    column). Both now use one reader: a Windows-1252 export with such a byte in a column that
    is skipped, a title line above the header and a blank line reads as the clean file does."""
    responses, population, tmp = files
    frame = respondent_frame()
    frame["gemeente"] = "Ede XX"
    text = frame.to_csv(index=False, sep=";", lineterminator="\r\n")
    header, first, rest = text.split("\r\n", 2)
    data = f"Export CEO 2025\r\n{header}\r\n{first}\r\n\r\n{rest}".encode("cp1252")
    (tmp / "odd.csv").write_bytes(data.replace(b"XX", b"\x81"))
    run(tmp / "odd.csv", population, tmp / "odd.json")
    run(responses, population, tmp / "clean.json")
    assert (tmp / "odd.json").read_text() == (tmp / "clean.json").read_text()


def test_a_bad_label_names_the_line_a_spreadsheet_shows(files):
    """Line numbers count the title line and the blank line, as the spreadsheet shows them."""
    _, population, tmp = files
    frame = respondent_frame()
    frame.loc[4, "q1"] = "misschien"
    text = frame.to_csv(index=False, lineterminator="\r\n")
    header, first, rest = text.split("\r\n", 2)
    (tmp / "R2.csv").write_text(f"Export CEO 2025\r\n{header}\r\n{first}\r\n\r\n{rest}")
    with pytest.raises(CommandError, match=r"row 5 \(line 8\), column 'q1'"):
        run(tmp / "R2.csv", population, tmp / "out.json")


def test_a_file_that_is_no_table_gets_the_imports_message(files):
    _, population, tmp = files
    (tmp / "R.pdf").write_bytes(b"%PDF-1.7\n")
    with pytest.raises(CommandError, match="Dit is een PDF, geen tabel"):
        run(tmp / "R.pdf", population, tmp / "out.json")


def test_the_command_takes_its_arguments_without_loading_pandas_or_scipy():
    """The command starts parsing the file first and loads these while it is parsed: its
    module and its arguments must not load them before."""
    loaded = modules_loaded_by(
        "import django\n"
        "from django.conf import settings\n"
        "settings.configure()\n"
        "django.setup()\n"
        "from ervaring.analysis.management.commands.analyse import Command\n"
        "Command().create_parser('ervaring', 'analyse').parse_args(\n"
        "    ['--responses', 'R.csv', '--population', 'P.csv', '--by', 'team', '--out', '-'])\n"
    )
    assert "django" in loaded and loaded & {"pandas", "scipy"} == set()
