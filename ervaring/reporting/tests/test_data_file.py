"""The anonymised data file: delivered for an ordinary survey, k-anonymous, reproducible.

Checked with plain arithmetic on the written file, not with the product's statistics:
every combination of the quasi-identifiers is counted with a group-by, and a published
weighted percentage is recomputed as sum(weight x agree) / sum(weight x valid answer).
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict

import pandas as pd
import pytest
from django.core.management import call_command

from ervaring.analysis.dataset import build_dataset
from ervaring.analysis.results import OVERALL
from ervaring.questionnaires.services import get_document
from ervaring.reporting.exports import build_data_file
from ervaring.reporting.generalisation import ATTRIBUTES, PROVISION_PREFIX, generalise
from ervaring.reporting.report import collect_inputs
from ervaring.reporting.tests.survey_data import PROVISIONS, make_survey

pytestmark = pytest.mark.django_db
AGREE, VALID = {"4", "5"}, {"1", "2", "3", "4", "5"}


@pytest.fixture
def survey():
    """An ordinary survey: 400 responses, every attribute the product records, one rare
    provision group (woningaanpassing, about 6 respondents)."""
    provisions = (*PROVISIONS[:3], ("woningaanpassing", 0.015))
    return make_survey(clients=700, invited=550, completed=400, seed=11, provisions=provisions)


def quasi_identifiers(columns) -> list[str]:
    return [c for c in columns if c in ATTRIBUTES or c.startswith(PROVISION_PREFIX)] + ["stratum"]


def read_export(survey, tmp_path, capsys) -> tuple[list[dict], str, str]:
    out = tmp_path / "data.csv"
    call_command("export", survey=survey.slug, format="csv", out=str(out))
    printed = capsys.readouterr().out
    with out.open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    notes = (tmp_path / "data.csv.toelichting.txt").read_text(encoding="utf-8")
    return rows, printed, notes


def test_an_ordinary_survey_is_delivered_with_every_combination_at_least_k(survey):
    dataset = build_dataset(survey)
    data = build_data_file(dataset, get_document(survey.current_version))
    frame = data.frame
    keys = quasi_identifiers(frame.columns)
    assert {"team", "district", "age_band", "stratum"} <= set(keys)
    sizes = frame.groupby(keys, dropna=False).size()
    assert sizes.min() == data.smallest_group >= dataset.min_n
    # The weight and population add no finer split: one value per stratum.
    assert (frame.groupby("stratum")["gewicht"].nunique() == 1).all()
    assert (frame.groupby("stratum")["populatie_stratum"].nunique() == 1).all()
    assert len(frame) == 400


def test_groups_the_tables_never_show_are_not_in_the_file(survey):
    dataset = build_dataset(survey)
    data = build_data_file(dataset, get_document(survey.current_version))
    k = dataset.min_n
    members = Counter(str(g) for g in dataset.memberships["group"])
    small = [g for g, n in members.items() if n < k]
    assert small, "the survey has a provision group below the minimum (woningaanpassing)"
    for group in small:
        assert f"{PROVISION_PREFIX}{group}" not in data.frame.columns
    for column in ("team", "district"):
        counts = dataset.frame[column].astype(str).value_counts()
        for label in counts[counts < k].index:
            assert label not in set(data.frame[column])


def test_what_was_coarsened_is_printed_and_written_to_the_notes(survey, tmp_path, capsys):
    _, printed, notes = read_export(survey, tmp_path, capsys)
    steps = [line.strip() for line in printed.splitlines() if "samengenomen" in line]
    steps += [line.strip() for line in printed.splitlines() if "opgenomen in" in line]
    assert steps, printed
    for step in steps:
        assert step in notes
    assert "De tekst van open antwoorden is weggelaten" in notes


def test_the_reports_weighted_percentages_follow_from_the_file(survey, tmp_path, capsys):
    rows, _, notes = read_export(survey, tmp_path, capsys)
    inputs = collect_inputs(survey)
    pooled = {
        match.group(1): set(match.group(2).split(", "))
        for match in re.finditer(
            r"Vraag (\S+): voor deze vraag zijn de strata (.+?) samengenomen", notes
        )
    }
    respondents = Counter(r["stratum"] for r in rows)
    population = {r["stratum"]: float(r["populatie_stratum"]) for r in rows}
    checked = defaultdict(int)
    for question in inputs.dataset.questions:
        if question.type != "agree":
            continue
        published = inputs.rows[(question.id, OVERALL, "totaal", None)]
        if published.suppressed:
            continue
        together = pooled.get(question.id, set())
        shared = (
            sum(population[s] for s in together) / sum(respondents[s] for s in together)
            if together
            else None
        )
        agree = valid = 0.0
        for row in rows:
            weight = shared if row["stratum"] in together else float(row["gewicht"])
            answer = row[question.id].removesuffix(".0")
            if answer in VALID:
                valid += weight
                agree += weight if answer in AGREE else 0.0
        assert 100 * agree / valid == pytest.approx(published.pct_agree, rel=1e-9), question.id
        checked["pooled" if together else "plain"] += 1
    assert checked["plain"] >= 5


def test_generalising_merges_a_small_team_with_its_complement_and_keeps_the_strata():
    # k = 10. Team c (3 respondents) is never shown, nor is its complement d (12): both
    # become "overig" (15). Every combination with the stratum then holds at least 10.
    frame = pd.DataFrame(
        {
            "team": ["a"] * 30 + ["b"] * 30 + ["c"] * 3 + ["d"] * 12,
            "stratum": ["s"] * 60 + ["t"] * 15,
        }
    )
    result = generalise(frame, 10)
    assert result.frame["team"].value_counts().to_dict() == {"a": 30, "b": 30, "overig": 15}
    assert result.frame["stratum"].tolist() == frame["stratum"].tolist()
    assert result.smallest == 15
    assert result.steps == (
        "Wijkteam: c, d samengenomen als ‘overig’ (te klein om apart te tonen).",
    )


def test_generalising_widens_age_bands_when_combinations_stay_too_small():
    # Two districts of 25 split over five age bands of 10: cells of 5. Merging the
    # districts leaves 10 per band (no small cell); merging age bands would leave cells
    # of 10 and 5, so the districts go.
    bands = ("tot 45", "45-64", "65-74", "75-84", "85+")
    frame = pd.DataFrame(
        {
            "district": ["Noord", "Zuid"] * 25,
            "age_band": [b for b in bands for _ in range(10)],
            "stratum": ["s"] * 50,
        }
    )
    result = generalise(frame, 10)
    assert set(result.frame["district"]) == {"overig"}
    assert result.frame["age_band"].value_counts().min() == 10
