"""`ervaring analyse` under attack: no suppressed cell follows from what it publishes.

The solver (``ervaring.stats.tests.disclosure_solver``, written apart from the product's
rule) enumerates every whole-number answer count of the suppressed groups that reproduces
the published figures: the total's n, n_excluded, weighted % eens/neutraal/oneens and the
interval, every published group's cell, and (more than the output shows) every group's
population and respondents. A cell is protected when at least two counts remain.

The first data set is the one from issue 10: groups A (3 respondents: eens, neutraal,
oneens) and B (50: 25 eens, 4 neutraal, 21 oneens) beside two large groups. With each
suppressed group weighted by its own ``N/n``, the weighted total had exactly one solution.
"""

from __future__ import annotations

import csv
import json
import random

import pytest
from django.core.management import call_command

from ervaring.stats.tests.disclosure_solver import (
    Group,
    Publication,
    Total,
    counts_from_shares,
    distinct_cells,
    solutions,
)

LABEL = {"a": "mee eens", "u": "neutraal", "d": "niet mee eens", "e": "niet van toepassing"}
FIGURES = ("n", "n_excluded", "pct_agree", "pct_neutral", "pct_disagree", "ci_low", "ci_high")
ISSUE_GROUPS = {
    # group: population, then per question (agree, neutral, disagree, excluded, missing)
    "A": (40, {"q1": (1, 1, 1, 0, 0), "q2": (2, 0, 0, 1, 0)}),
    "B": (300, {"q1": (25, 4, 21, 0, 0), "q2": (30, 8, 9, 2, 1)}),
    "C": (500, {"q1": (60, 15, 20, 5, 0), "q2": (70, 10, 15, 3, 2)}),
    "D": (400, {"q1": (50, 10, 18, 2, 0), "q2": (40, 20, 15, 4, 1)}),
}


def write_files(tmp_path, groups) -> tuple:
    rows = []
    for group, (_, answers) in groups.items():
        size = sum(next(iter(answers.values())))
        columns = {q: _answers(cell) for q, cell in answers.items()}
        for i in range(size):
            rows.append({"groep": group, **{q: values[i] for q, values in columns.items()}})
    responses = tmp_path / "R.csv"
    with responses.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    population = tmp_path / "P.csv"
    population.write_text(
        "group,population\n" + "".join(f"{g},{p}\n" for g, (p, _) in groups.items())
    )
    return responses, population


def _answers(cell) -> list[str]:
    a, u, d, e, x = cell
    return [LABEL["a"]] * a + [LABEL["u"]] * u + [LABEL["d"]] * d + [LABEL["e"]] * e + [""] * x


def analyse(tmp_path, groups, fmt: str, *extra: str) -> dict:
    responses, population = write_files(tmp_path, groups)
    out = tmp_path / f"out.{fmt}"
    call_command(
        "analyse",
        *("--responses", str(responses), "--population", str(population), "--by", "groep"),
        *("--format", fmt, "--out", str(out), *extra),
    )
    if fmt == "json":
        return json.loads(out.read_text())
    return _document_from_csv(out)


def _document_from_csv(path) -> dict:
    """The CSV's lines as the JSON's question cells (what an attacker would read)."""
    questions: dict[str, dict] = {}
    with path.open() as handle:
        for line in csv.DictReader(handle):
            cells = questions.setdefault(line["question"], {"groups": {}})["groups"]
            cells[line["group"]] = {
                "suppressed": line["suppressed"] == "true",
                **{key: None if line[key] == "" else float(line[key]) for key in FIGURES},
            }
    return {"questions": questions}


def publication(document: dict, question: str, groups, min_n: int) -> Publication:
    cells = document["questions"][question]["groups"]
    known = {}
    for label, (population, answers) in groups.items():
        cell = cells[label]
        respondents = sum(answers[question])
        counts = None
        if not cell["suppressed"]:
            shares = (cell["pct_agree"], cell["pct_neutral"], cell["pct_disagree"])
            n = int(cell["n"])
            counts = (*counts_from_shares(n, shares), int(cell["n_excluded"]))
        known[label] = Group(respondents, population, counts)
    total = cells["totaal"]
    return Publication(
        known,
        Total(
            n=int(total["n"]),
            n_excluded=int(total["n_excluded"]),
            pct=(total["pct_agree"], total["pct_neutral"], total["pct_disagree"]),
            ci=(total["ci_low"], total["ci_high"]),
        ),
        weighted=True,
        min_n=min_n,
    )


def as_published(cell: tuple) -> tuple:
    a, u, d, e, x = cell
    return (a, u, d, e + x, 0)


def assert_every_suppressed_cell_is_ambiguous(document, groups, min_n: int = 10) -> int:
    """Returns how many suppressed cells were attacked."""
    attacked = 0
    for question in next(iter(groups.values()))[1]:
        pub = publication(document, question, groups, min_n)
        if not pub.hidden:
            continue
        found = solutions(pub)
        # `analyse` counts an empty answer as excluded ("leeg"), like weet niet / n.v.t.
        truth = {g: as_published(groups[g][1][question]) for g in pub.hidden}
        assert truth in found, "the solver does not model this output: the truth must fit"
        for group in pub.hidden:
            attacked += 1
            assert len(distinct_cells(found, group)) >= 2, (question, group, found)
    return attacked


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_the_suppressed_groups_of_issue_10_cannot_be_solved_for(tmp_path, fmt):
    document = analyse(tmp_path, ISSUE_GROUPS, fmt)
    assert assert_every_suppressed_cell_is_ambiguous(document, ISSUE_GROUPS) >= 4


def test_population_and_respondents_of_a_group_too_small_to_show_are_not_published(tmp_path):
    document = analyse(tmp_path, ISSUE_GROUPS, "json")
    groups = {g["group"]: g for g in document["groups"]}
    for hidden in ("A", "B"):  # A has 3 respondents; B is its complement
        assert groups[hidden]["suppressed"] is True
        assert all(
            groups[hidden][k] is None
            for k in ("population", "respondents", "response_rate", "margin_of_error")
        )
    assert groups["C"]["respondents"] == 100 and groups["D"]["population"] == 400
    assert document["totaal"]["respondents"] == 3 + 50 + 100 + 80


def random_groups(rng: random.Random) -> dict:
    """Four to five groups, one or two of them small, answers leaning their own way."""
    groups = {}
    sizes = [rng.randint(1, 9), rng.randint(8, 25), rng.randint(20, 60), rng.randint(30, 80)]
    if rng.random() < 0.5:
        sizes.append(rng.randint(2, 12))
    for i, size in enumerate(sizes):
        population = size * rng.randint(2, 9)
        answers = {}
        for question in ("q1", "q2"):
            weights = [rng.random() + 0.2 for _ in range(5)]
            weights[4] *= 0.2
            cell = [0] * 5
            for _ in range(size):
                cell[rng.choices(range(5), weights)[0]] += 1
            answers[question] = tuple(cell)
        groups[f"G{i}"] = (population, answers)
    return groups


@pytest.mark.parametrize("seed", range(12))
def test_random_breakdowns_leave_every_suppressed_cell_ambiguous(tmp_path, seed):
    groups = random_groups(random.Random(seed))
    document = analyse(tmp_path, groups, "json")
    assert assert_every_suppressed_cell_is_ambiguous(document, groups) >= 2
