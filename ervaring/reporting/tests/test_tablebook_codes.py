"""Codes as variables in the table book, counted by hand (issue 12).

28 respondents answered "Wat vindt u goed": 14 in team noord, 14 in team zuid; 2 of zuid
are not coded, so the bases are noord 14, zuid 12, total 26 (minimum group size 10).

- uitvoering-klus: noord 10, zuid 10, total 20: all shown; 10/14 = 71.4%, 10/12 = 83.3%,
  20/26 = 76.9%.
- bejegening-plus: noord 11, zuid 3, total 14: the total is shown (53.8%); zuid's 3 is
  under 10, and 14 - 11 would give it away, so noord goes too.
- wachttijd-plus: noord 2 only, total 2: under 10, hidden everywhere.
- deskundigheid-plus is never given: 0, hidden like any count under the minimum.
"""

import io

import openpyxl
import pytest

from ervaring.accounts.tests.factories import StaffFactory
from ervaring.analysis import codebook_services, coding
from ervaring.analysis.code_results import code_variables
from ervaring.analysis.models import CoderRole
from ervaring.analysis.tests.open_answers import answered, texts_for
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.reporting.report import collect_inputs
from ervaring.reporting.tablebook import build_tablebook

pytestmark = pytest.mark.django_db


@pytest.fixture
def inputs():
    survey = SurveyFactory(in_fieldwork=True)
    codebook_services.ensure_codebook(survey)
    staff = StaffFactory(organisation=survey.organisation)
    for i in range(28):
        answered(survey, {"open_goed": f"goed geholpen {i}"}, team="noord" if i < 14 else "zuid")
    texts = texts_for(survey)
    for i, text in enumerate(texts[:26]):
        team_index = i if i < 14 else i - 14  # position within the team
        keys = set()
        if team_index < 10:
            keys.add("uitvoering-klus")
        if (i < 14 and team_index < 11) or (i >= 14 and team_index < 3):
            keys.add("bejegening-plus")
        if i < 2:
            keys.add("wachttijd-plus")
        coding.save_codes(text, CoderRole.FIRST, keys, coder=staff)
    return collect_inputs(survey)


def cells(inputs, key):
    variable = next(
        v for v in code_variables(inputs.survey, inputs.dataset, ["team"]) if v.key == key
    )
    return {(c.breakdown, c.group): (c.base, c.count, c.share) for c in variable.cells}


def test_counts_and_shares_are_the_hand_counted_ones(inputs):
    found = cells(inputs, "uitvoering-klus")
    assert found[("", "totaal")][:2] == (26, 20)
    assert found[("team", "noord")][:2] == (14, 10)
    assert found[("team", "zuid")][:2] == (12, 10)
    assert round(found[("", "totaal")][2], 1) == 76.9
    assert round(found[("team", "noord")][2], 1) == 71.4
    assert round(found[("team", "zuid")][2], 1) == 83.3


def test_a_small_count_and_the_count_it_would_follow_from_are_hidden(inputs):
    found = cells(inputs, "bejegening-plus")
    assert found[("", "totaal")][:2] == (26, 14)
    assert found[("team", "zuid")] == (12, None, None)
    assert found[("team", "noord")] == (14, None, None)
    assert cells(inputs, "wachttijd-plus")[("team", "noord")] == (14, None, None)
    assert cells(inputs, "wachttijd-plus")[("", "totaal")] == (26, None, None)


def test_the_table_book_has_every_code_by_every_breakdown(inputs):
    book = openpyxl.load_workbook(io.BytesIO(build_tablebook(inputs)))
    sheet = book["T01"]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=5) if row[0].value]
    by_name = {}
    for name, _label, _kind, breakdown, group, base, count, share, hidden in rows:
        by_name[(name, breakdown, group)] = (base, count, share, hidden)
    assert by_name[("open_goed_uitvoering_klus", "Team", "noord")][:2] == (14, 10)
    assert by_name[("open_goed_uitvoering_klus", "Totaal", "alle respondenten")][:2] == (26, 20)
    assert by_name[("open_goed_bejegening_plus", "Team", "zuid")] == (12, "·", "·", "ja")
    codebook = {c.key for c in inputs.survey.codes.all()}
    assert {name for name, _, _ in by_name} == {
        f"open_goed_{key.replace('-', '_')}" for key in codebook
    }
    assert {b for _, b, _ in by_name} >= {"Totaal", "Team", "Voorziening"}
    contents = [c.value for c in book["Inhoud"]["B"]]
    assert any(str(v).startswith("Thema's:") for v in contents)
