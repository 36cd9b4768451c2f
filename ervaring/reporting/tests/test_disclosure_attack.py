"""The published outputs under attack: no suppressed cell follows from what they show.

The table book is the most exact output (unweighted counts per answer, n, and the weighted
percentages and interval at full precision), and the report, the dashboards and the monitor
file show the same rows, rounded (checked below: same rows, same suppression). So the
attack reads the table book, per question and breakdown, and hands the solver
(``ervaring.stats.tests.disclosure_solver``, written apart from the product) everything
published there plus more than is published:

- every group's respondents; for the provision breakdown, every *combination* of
  provision groups with its respondents, population and design stratum (as the data file
  shows them), and the exact counts of each combination that holds a published group;
- for a breakdown across the strata (team, district, ...), only sums tie the groups: the
  weighted total constrains a team's answers through its respondents' strata, which
  nothing published gives, so the attack uses the unweighted counts, which are exact.

A suppressed group is protected when at least two different cells remain possible for it.
Every test first checks that the true cells are among the solutions (else the model of the
output would be wrong).
"""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
import pytest

from ervaring.analysis.dataset import MULTIPLE
from ervaring.analysis.results import OVERALL
from ervaring.analysis.selections import Selection, selection_rows, team_rows
from ervaring.analysis.services import PROVISION_BREAKDOWN
from ervaring.analysis.snapshots import get_snapshot
from ervaring.fieldwork.models import Client
from ervaring.reporting.monitor import monitor_rows
from ervaring.reporting.report import build_report, collect_inputs
from ervaring.reporting.report_themes import group_label
from ervaring.reporting.tablebook import BREAKDOWN_NAMES, build_tablebook
from ervaring.reporting.tests.survey_data import make_survey
from ervaring.stats.tests.disclosure_solver import (
    Group,
    Publication,
    Total,
    part_fits,
    possible_cells,
)

pytestmark = pytest.mark.django_db

#: Every client holds one provision, so "totaal - the published groups" is the rest.
DISJOINT = {
    "provisions": (
        ("huishoudelijke_hulp", 0.50),
        ("begeleiding", 0.30),
        ("hulpmiddelen", 0.17),
        ("woningaanpassing", 0.03),
    ),
    "one_provision": True,
    "districts": (("Noord", 0.33), ("Oost", 0.33), ("Zuid", 0.32), ("Centrum", 0.02)),
    "clients": 900,
    "invited": 450,
    "completed": 260,
}
ANSWER_CODES = {
    "agree": ((5, 4), (3,), (2, 1), (8, 9)),
    "satisfaction": ((5, 4), (3,), (2, 1), (8, 9)),
    "yesno": (("ja",), (), ("nee",), ()),
}


@pytest.fixture
def disjoint_survey():
    return make_survey(**DISJOINT)


def parse_sheet(sheet, kind: str) -> dict[str, dict[str, dict]]:
    """breakdown -> group label -> published figures, as printed."""
    header = [c.value for c in sheet[4]]
    found: dict[str, dict[str, dict]] = {}
    for values in sheet.iter_rows(min_row=5, values_only=True):
        if values[0] is None:
            continue
        row = dict(zip(header, values, strict=False))
        hidden = row["onderdrukt"] == "ja"
        if kind == "yesno":
            counts = (row["aantal ja"], 0, row["aantal nee"], 0)
            pct = (row["% ja"], 0.0, row["% nee"])
        else:
            names = [h for h in header if str(h).startswith("aantal ")]
            counts = tuple(row[h] for h in names)
            pct = (row["% eens"], row["% neutraal"], row["% oneens"])
        found.setdefault(values[0], {})[values[1]] = {
            "hidden": hidden,
            "counts": None if hidden else tuple(int(c) for c in counts),
            "n": None if hidden else int(row["n"]),
            "pct": None if hidden else tuple(100 * p for p in pct),
            "ci": None if hidden else (100 * row["interval laag"], 100 * row["interval hoog"]),
        }
    return found


def truth_cells(inputs, question) -> list[tuple[int, int, int, int, int]]:
    """Per respondent (frame order) the true state as a one-hot cell."""
    codes = ANSWER_CODES[question.type]
    cells = []
    for value in inputs.dataset.frame[question.id].astype(object):
        cell = [0, 0, 0, 0, 0]
        for i, group in enumerate(codes):
            if value in group:
                cell[i] = 1
                break
        else:
            cell[4] = 1  # not asked, empty (and for yes/no: weet niet / n.v.t. too)
        cells.append(tuple(cell))
    return cells


def add(cells) -> tuple[int, ...]:
    cells = list(cells)
    return tuple(sum(c[i] for c in cells) for i in range(5))


def atoms_of(inputs, breakdown: str) -> dict[str, tuple[list[int], frozenset[str]]]:
    """The smallest units the attacker tells apart: per unit its respondents (positions)
    and the groups it belongs to. For provisions, the combinations; else the groups."""
    dataset = inputs.dataset
    if breakdown == PROVISION_BREAKDOWN:
        member: dict[int, set[str]] = {}
        for row, group in zip(
            dataset.memberships["row"], dataset.memberships["group"], strict=True
        ):
            member.setdefault(int(row), set()).add(str(group))
        units: dict[str, tuple[list[int], frozenset[str]]] = {}
        for row in range(len(dataset.frame)):
            groups = frozenset(member[row])
            units.setdefault("+".join(sorted(groups)), ([], groups))[0].append(row)
        return units
    values = dataset.frame[breakdown].astype(object).where(dataset.frame[breakdown].notna())
    units = {}
    for row, value in enumerate(values):
        label = "onbekend" if value is None or value != value else str(value)
        units.setdefault(label, ([], frozenset({label})))[0].append(row)
    return units


def population_of_combinations(survey) -> Counter:
    return Counter(
        "+".join(sorted(set(groups)))
        for groups in Client.objects.filter(survey=survey).values_list(
            "provision_groups", flat=True
        )
    )


def publication(inputs, question, breakdown, printed, population) -> tuple:
    """The solver's input for one question and breakdown, and the truth per unit."""
    shown = {
        _key(inputs, breakdown, label): figures
        for label, figures in printed[BREAKDOWN_NAMES[breakdown]].items()
    }
    hidden_groups = {g for g, f in shown.items() if f["hidden"]}
    cells = truth_cells(inputs, question)
    units = atoms_of(inputs, breakdown)
    weighted = breakdown == PROVISION_BREAKDOWN and inputs.dataset.population is not None
    strata = inputs.dataset.frame["stratum"].astype(str).tolist()
    groups, truth, members = {}, {}, {}
    for label, (rows, belongs) in units.items():
        cell = add(cells[r] for r in rows)
        truth[label] = cell
        members[label] = belongs
        known = bool(belongs - hidden_groups) or not (belongs & hidden_groups)
        groups[label] = Group(
            respondents=len(rows),
            population=population[label] if weighted else None,
            counts=cell[:4] if known else None,
            stratum=strata[rows[0]] if weighted else None,
        )
    if weighted:
        for label, size in population.items():
            if label not in groups:  # clients of a combination nobody answered for
                groups[label] = Group(0, size, (0, 0, 0, 0), MULTIPLE)
    total = printed[BREAKDOWN_NAMES[OVERALL]]["alle respondenten"]
    published = Total(
        n=total["n"],
        n_excluded=None,
        pct=total["pct"] if weighted else None,
        ci=total["ci"] if weighted else None,
        counts=total["counts"],
    )
    pub = Publication(groups, published, weighted=weighted, min_n=inputs.dataset.min_n)
    return pub, truth, members, hidden_groups


def _key(inputs, breakdown: str, printed_label: str) -> str:
    groups = {r[2] for r in inputs.rows if r[1] == breakdown}
    return next(g for g in groups if group_label(inputs, breakdown, g) == printed_label)


def attack(inputs, survey) -> int:
    """Attack every suppressed group of every scale and yes/no question; returns how many."""
    book = openpyxl.load_workbook(io.BytesIO(build_tablebook(inputs)))
    analysed = {q.id for q in inputs.dataset.questions}
    questions = [q for q in inputs.questionnaire.questions() if q.id in analysed]
    population = population_of_combinations(survey)
    attacked = 0
    for number, question in enumerate(questions, start=1):
        if question.type not in ANSWER_CODES:
            continue
        printed = parse_sheet(book[f"V{number:02d}"], question.type)
        if any(f["hidden"] for f in printed[BREAKDOWN_NAMES[OVERALL]].values()):
            continue  # the total itself is suppressed: nothing is published
        for breakdown, name in BREAKDOWN_NAMES.items():
            if breakdown == OVERALL or name not in printed:
                continue
            pub, truth, members, hidden = publication(
                inputs, question, breakdown, printed, population
            )
            if not hidden:
                continue
            parts = {g: [u for u in pub.hidden if g in members[u]] for g in hidden}
            possible = possible_cells(pub, parts, limit=2)
            for group, units in parts.items():
                assert part_fits(pub, units, truth), (question.id, breakdown, group)
                # Two different cells for its suppressed part give two for the group (the
                # rest of it is published elsewhere); both differ in a published count,
                # as n, excluded and missing add up to the respondents.
                attacked += 1
                assert len(possible[group]) >= 2, (question.id, breakdown, group, possible)
    return attacked


def test_no_suppressed_cell_of_the_table_book_can_be_solved_for(disjoint_survey):
    inputs = collect_inputs(disjoint_survey)
    provision = {g for q, b, g, _ in inputs.rows if b == PROVISION_BREAKDOWN and g != "totaal"}
    assert "woningaanpassing" in provision
    assert attack(inputs, disjoint_survey) >= 20


def test_overlapping_provision_groups_leave_suppressed_cells_open():
    # The default survey: clients hold one or more provisions.
    survey = make_survey()
    inputs = collect_inputs(survey)
    assert attack(inputs, survey) >= 10


def test_the_report_publishes_no_population_or_response_of_a_group_too_small_to_show(
    disjoint_survey,
):
    report = build_report(disjoint_survey)
    rows = {r[0].text: r[1:] for r in report.method.table.rows}
    # woningaanpassing has fewer than 10 respondents; its complement goes with it.
    hidden = [label for label, cells in rows.items() if all(c.text == "·" for c in cells)]
    assert "woningaanpassing" in hidden and len(hidden) >= 2
    assert rows["Totaal"][2].text.isdigit()
    teams = next(t for t in report.appendix.representativeness if "team" in t.caption)
    hidden_teams = [r[0].text for r in teams.rows if r[3].text == "·"]
    assert "Wijkteam Centrum" in hidden_teams and len(hidden_teams) >= 2


def assert_same(shown, published) -> None:
    """The same figures (to the last few bits: another order of summing) and suppression."""
    assert shown.suppressed == published.suppressed and shown.n == published.n
    for name in ("value", "pct_agree", "pct_neutral", "pct_disagree", "ci_low", "ci_high"):
        expected = getattr(published, name)
        if expected is None:
            assert getattr(shown, name) is None
        else:
            assert getattr(shown, name) == pytest.approx(expected, rel=1e-12)


def test_dashboards_and_monitor_show_the_report_rows(disjoint_survey):
    """Every output shows the same rows, so the table book's attack covers them all."""
    inputs = collect_inputs(disjoint_survey)
    snapshot = get_snapshot(disjoint_survey)
    for paired in selection_rows(snapshot, Selection()):
        assert_same(paired.row, inputs.rows[(paired.question.id, OVERALL, "totaal", None)])
    for team in ("noord", "centrum"):
        for paired in team_rows(snapshot, team):
            assert_same(paired.row, inputs.rows[(paired.question.id, "team", team, None)])
            total = inputs.rows[(paired.question.id, OVERALL, "totaal", None)]
            assert_same(paired.reference, total)
    for line in monitor_rows(inputs):
        question = next(
            q for q in inputs.questionnaire.questions() if q.standard == line["indicator"]
        )
        row = inputs.rows[(question.id, OVERALL, "totaal", None)]
        expected = "" if row.suppressed else f"{row.value:.1f}"
        assert line["percentage"] == expected
