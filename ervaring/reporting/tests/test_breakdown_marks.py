"""Significance marks in the report's breakdown tables and the table book."""

import io
from types import SimpleNamespace

import openpyxl
import pytest

from ervaring.analysis.results import ResultRow
from ervaring.reporting.report_context import Statement
from ervaring.reporting.report_themes import GROUP_MARK_LEGEND, breakdown_table, group_label


def _row(group, value, n, suppressed=False):
    figures = (None,) * 9 if suppressed else (value, n, 0, value, 0.0, 100 - value, 0, 100, 5.0)
    return ResultRow("q1", "team", group, None, *figures, suppressed)


def _inputs(differences, rows):
    return SimpleNamespace(
        rows={("q1", "team", r.group, None): r for r in rows},
        differences=differences,
        dataset=SimpleNamespace(min_n=10),
        team_names={"a": "Team A", "b": "Team B", "c": "Team C"},
    )


STATEMENT = Statement("q1", "Ik werd snel geholpen.", "t", 30, 70, 10, 20, 60, 80, False)


def _table(differences, rows):
    theme = SimpleNamespace(title={"nl": "Toegang"})
    return breakdown_table(
        _inputs(differences, rows), theme, [STATEMENT], "team", "team", ["a", "b", "c"]
    )


def test_a_significant_group_is_marked_and_the_legend_says_what_the_mark_means():
    rows = [_row("a", 80.4, 12), _row("b", 49.6, 15), _row("c", 65.0, 14)]
    table = _table({("q1", "team", "a"): 1, ("q1", "team", "b"): -1}, rows)
    assert [c.text for c in table.rows[0][1:]] == ["80% ▲", "50% ▼", "65%"]
    assert GROUP_MARK_LEGEND in table.notes


def test_without_a_significant_group_there_is_no_mark_and_no_legend():
    rows = [_row("a", 80.4, 12), _row("b", 49.6, 15), _row("c", 65.0, 14)]
    table = _table({}, rows)
    assert [c.text for c in table.rows[0][1:]] == ["80%", "50%", "65%"]
    assert GROUP_MARK_LEGEND not in table.notes


def test_a_suppressed_group_never_carries_a_mark():
    rows = [_row("a", 80.4, 12), _row("b", 49.6, 15), _row("c", 0, 0, suppressed=True)]
    # Even if a mark were computed for it, the hidden cell shows only the suppression mark.
    table = _table({("q1", "team", "c"): -1}, rows)
    assert "▼" not in "".join(c.text for c in table.rows[0])
    assert GROUP_MARK_LEGEND not in table.notes


@pytest.mark.django_db
def test_the_table_book_marks_the_same_groups_as_the_report():
    from ervaring.reporting.report import collect_inputs
    from ervaring.reporting.tablebook import build_tablebook
    from ervaring.reporting.tests.survey_data import make_survey

    inputs = collect_inputs(make_survey())
    book = openpyxl.load_workbook(io.BytesIO(build_tablebook(inputs)))
    marked = set()
    for sheet in book.worksheets[1:]:
        header = [c.value for c in sheet[4]]
        if "verschil met de rest" not in header:
            continue
        assert sheet["A3"].value == GROUP_MARK_LEGEND
        col = header.index("verschil met de rest")
        for line in sheet.iter_rows(min_row=5, values_only=True):
            if line[col] in ("▲", "▼"):
                marked.add((sheet["A1"].value, line[1], line[col]))
    expected = {
        (
            inputs.questionnaire.question(q).text.get("nl"),
            group_label(inputs, b, g),
            "▲" if d > 0 else "▼",
        )
        for (q, b, g), d in inputs.differences.items()
    }
    assert marked and marked == expected
