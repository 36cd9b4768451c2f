"""An earlier year's % eens, n and se from its data file, against figures worked out by hand."""

import math

import pytest

from ervaring.analysis.earlier_file import (
    EarlierFileError,
    StandardColumn,
    earlier_figures,
    read_table,
)

COLUMNS = {
    "wmo_1": StandardColumn("wmo-1", "agree"),
    "wmo_5": StandardColumn("wmo-5", "yesno"),
}
# Stratum A: N = 20, 4 respondents (weight 5); stratum B: N = 40, 4 respondents (weight 10).
CSV = (
    "respondent;stratum;gewicht;populatie_stratum;wmo_1;wmo_5;lokaal\n"
    "1;A;5.0;20;5.0;1.0;3\n"
    "2;A;5.0;20;4.0;1.0;3\n"
    "3;A;5.0;20;2.0;2.0;3\n"
    "4;A;5.0;20;9.0;;3\n"
    "5;B;10.0;40;4.0;2.0;3\n"
    "6;B;10.0;40;1.0;2.0;3\n"
    "7;B;10.0;40;1.0;1.0;3\n"
    "8;B;10.0;40;8.0;2.0;3\n"
)


def _figures(text: str = CSV, name: str = "2024.csv"):
    return {f.standard: f for f in earlier_figures(read_table(text.encode(), name), COLUMNS)}


def test_percentage_n_and_standard_error_match_the_hand_calculation():
    figure = _figures()["wmo-1"]
    # Weighted % eens: (5 x 2 + 10 x 1) / (5 x 3 + 10 x 3) = 20 / 45.
    assert figure.pct_agree == pytest.approx(100 * 20 / 45)
    assert figure.n == 6  # "weet niet" (8) and "n.v.t." (9) are left out
    assert figure.population == 60
    # Linearised u = w (y - R x) / 45 with R = 4/9, in units of 1/405 (every respondent of
    # the stratum counts in n_h, an excluded answer with u = 0):
    # A: 25, 25, -20, 0 (mean 7.5) -> squares of deviations 1425; fpc 1 - 4/20, n/(n-1) 4/3
    # B: 50, -40, -40, 0 (mean -7.5) -> 5475; fpc 1 - 4/40.
    var_a = (1 - 4 / 20) * 4 / 3 * 1425 / 405**2
    var_b = (1 - 4 / 40) * 4 / 3 * 5475 / 405**2
    assert figure.se == pytest.approx(100 * math.sqrt(var_a + var_b))


def test_yes_no_is_the_weighted_share_of_ja():
    figure = _figures()["wmo-5"]
    # ja: A 2 x 5, B 1 x 10 = 20; valid: A 3 x 5 + B 4 x 10 = 55.
    assert figure.pct_agree == pytest.approx(100 * 20 / 55)
    assert figure.n == 7


def test_a_file_without_design_columns_counts_every_respondent_once():
    text = "wmo_1\n5\n4\n1\n2\n"
    figure = _figures(text)["wmo-1"]
    assert figure.pct_agree == pytest.approx(50.0)
    # Simple random sample without fpc: sqrt(p q / (n - 1)) = sqrt(0.25 / 3).
    assert figure.se == pytest.approx(100 * math.sqrt(0.25 / 3))


def test_comma_decimals_are_read():
    assert _figures(CSV.replace("5.0;", "5,0;"))["wmo-1"].n == 6


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            CSV.replace("7;B;10.0;40;1.0", "7;B;10.0;40;6"),
            "Rij 8, kolom ‘wmo_1’: 6 is geen geldige",
        ),
        (
            CSV.replace("3;A;5.0;20;2.0", "3;A;5.0;20;veel"),
            "Rij 4, kolom ‘wmo_1’: ‘veel’ is geen getal",
        ),
        (CSV.replace("6;B;10.0;40", "6;B;10.0;41"), "Rij 7, kolom ‘populatie_stratum’"),
        (CSV.replace("2;A;5.0", "2;A;0"), "Rij 3, kolom ‘gewicht’"),
        ("vraag1;vraag2\n1;2\n", "Geen enkele kolom is een standaardvraag"),
        ("stratum;wmo_1\nA;5\n", "De kolom ‘populatie_stratum’ ontbreekt"),
    ],
)
def test_bad_input_names_row_and_column(text, message):
    with pytest.raises(EarlierFileError, match=message):
        _figures(text)


def test_only_csv_and_excel_are_taken():
    with pytest.raises(EarlierFileError, match="CSV- of Excelbestand"):
        read_table(b"x", "data.sav")
