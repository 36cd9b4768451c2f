"""`ervaring analyse --weight-by`: raking to population margins, checked by hand.

One group A (population 100) with 20 respondents: 15 men of whom 12 agree (3 disagree), and
5 women of whom 1 agrees (4 disagree). The population is half men, half women.
Raked weights: men 50/15, women 50/5 = 10. Weighted % eens = (12 * 50/15 + 1 * 10) / 100 =
50%, against 13/20 = 65% unweighted. Kish: n * sum(w^2) / sum(w)^2 =
20 * (15 * (10/3)^2 + 5 * 10^2) / 100^2 = 4/3, so the effective sample size is 20 / (4/3) = 15.
"""

import json

import pandas as pd
import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def files(tmp_path):
    rows = [("man", "mee eens")] * 12 + [("man", "niet mee eens")] * 3
    rows += [("vrouw", "mee eens")] + [("vrouw", "niet mee eens")] * 4
    frame = pd.DataFrame(rows, columns=["geslacht", "q1"])
    frame.insert(0, "groep", "A")
    frame.to_csv(tmp_path / "R.csv", index=False)
    (tmp_path / "P.csv").write_text("group,population\nA,100\n")
    (tmp_path / "M.csv").write_text(
        "variable,category,population\ngeslacht,man,50\ngeslacht,vrouw,50\n"
    )
    return tmp_path


def analyse(tmp, *extra):
    out = tmp / "out.json"
    call_command(
        "analyse",
        "--responses",
        tmp / "R.csv",
        "--population",
        tmp / "P.csv",
        "--by",
        "groep",
        "--out",
        out,
        *extra,
    )
    return json.loads(out.read_text())


def test_unweighted_is_the_default_and_says_so(files):
    result = analyse(files)
    assert result["method"]["weighting"] == "ongewogen"
    assert result["questions"]["q1"]["groups"]["totaal"]["pct_agree"] == pytest.approx(65)


def test_raking_moves_the_percentage_to_the_population_mix(files):
    result = analyse(files, "--weight-by", "geslacht", "--margins", files / "M.csv")
    method = result["method"]
    assert method["weighting"].startswith("gewogen: raking op geslacht")
    assert method["design_effect"] == pytest.approx(4 / 3)
    assert method["effective_sample_size"] == pytest.approx(15)
    cell = result["questions"]["q1"]["groups"]["totaal"]
    assert cell["pct_agree"] == pytest.approx(50)
    assert cell["n"] == 20
    assert cell["ci_low"] < 50 < cell["ci_high"]


def test_margins_that_do_not_match_the_population_are_refused(files):
    (files / "M.csv").write_text(
        "variable,category,population\ngeslacht,man,60\ngeslacht,vrouw,50\n"
    )
    with pytest.raises(CommandError, match="add up to 110"):
        analyse(files, "--weight-by", "geslacht", "--margins", files / "M.csv")
    assert not (files / "out.json").exists()


def test_a_category_missing_from_the_margins_names_row_and_column(files):
    (files / "M.csv").write_text("variable,category,population\ngeslacht,man,100\n")
    with pytest.raises(CommandError, match=r"column 'geslacht'.*'vrouw'"):
        analyse(files, "--weight-by", "geslacht", "--margins", files / "M.csv")
