"""The table book (tabellenboek) as XLSX: every question, overall and per breakdown.

One sheet per question, so the contents sheet can link straight to it and an analyst can
copy a table without cutting it out of a longer sheet. Per group: the unweighted counts
per answer, n, the percentages and the 95% interval of the headline share (from the
analysis rows, never recomputed), and a suppression mark. A suppressed row keeps its group
label and loses every figure, counts included, so a table book never leaks what the report
hides.

Every text is written with ``write_string`` and neutralised (:func:`safe_text`): a team or
district name from a population file that starts with ``=`` stays text.
"""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Sequence

import numpy as np
import xlsxwriter

from ervaring.analysis.results import MULTI_SEPARATOR, OVERALL
from ervaring.analysis.services import PROVISION_BREAKDOWN
from ervaring.questionnaires.document import Question
from ervaring.reporting.report_context import ReportInputs
from ervaring.reporting.report_themes import GROUP_MARK_LEGEND, GROUP_MARK_TEXT, group_label
from ervaring.stats.codes import TOTAL_LABEL, UNKNOWN_GROUP_LABEL

BREAKDOWN_NAMES = {
    OVERALL: "Totaal",
    PROVISION_BREAKDOWN: "Voorziening",
    "team": "Team",
    "district": "Wijk",
    "age_band": "Leeftijdsgroep",
    "channel": "Kanaal",
    "respondent_role": "Wie antwoordde",
}
SCALE_CATEGORIES = (
    ("eens", (5, 4)),
    ("neutraal", (3,)),
    ("oneens", (2, 1)),
    ("weet niet/n.v.t.", (8, 9)),
)
SUPPRESSED = "·"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: object) -> str:
    """Text that no spreadsheet runs as a formula: a leading = + - @ gets a quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def build_tablebook(inputs: ReportInputs) -> bytes:
    """The table book of a survey as XLSX bytes."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fmt = _formats(book)
    contents = book.add_worksheet("Inhoud")
    analysed = {q.id for q in inputs.dataset.questions}
    questions = [q for q in inputs.questionnaire.questions() if q.id in analysed]
    breakdowns = [OVERALL, PROVISION_BREAKDOWN, *_other_breakdowns(inputs)]
    entries = []
    for number, question in enumerate(questions, start=1):
        sheet_name = f"V{number:02d}"
        sheet = book.add_worksheet(sheet_name)
        _question_sheet(sheet, fmt, inputs, question, breakdowns)
        entries.append((sheet_name, question))
    row = _contents(contents, fmt, inputs, entries)
    _code_sheets(book, contents, fmt, inputs, breakdowns, row)
    book.close()
    return buffer.getvalue()


def _other_breakdowns(inputs: ReportInputs) -> list[str]:
    seen = {b for _, b, _, _ in inputs.rows}
    return [b for b in BREAKDOWN_NAMES if b in seen and b not in (OVERALL, PROVISION_BREAKDOWN)]


def _formats(book: xlsxwriter.Workbook) -> dict[str, object]:
    return {
        "title": book.add_format({"bold": True, "font_size": 14, "font_color": "#154273"}),
        "head": book.add_format(
            {"bold": True, "bg_color": "#DCE3EA", "border": 1, "text_wrap": True, "valign": "top"}
        ),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
        "count": book.add_format({"num_format": "0"}),
        "pct": book.add_format({"num_format": "0.0%"}),
        "muted": book.add_format({"font_color": "#4B4B4B", "italic": True, "text_wrap": True}),
        "link": book.add_format({"font_color": "#154273", "underline": 1}),
        "group": book.add_format({"bold": True}),
    }


def _contents(sheet, fmt, inputs: ReportInputs, entries: Sequence[tuple[str, Question]]) -> int:
    """The contents sheet; returns its last row written."""
    survey = inputs.survey
    sheet.set_column(0, 0, 8)
    sheet.set_column(1, 1, 90)
    sheet.set_column(2, 2, 16)
    sheet.write_string(0, 0, safe_text(f"Tabellenboek {survey.name}"), fmt["title"])
    sheet.write_string(1, 0, safe_text(survey.organisation.name))
    notes = (
        f"{len(inputs.dataset.frame)} respondenten. Percentages zonder ‘weet niet’ en ‘niet "
        "van toepassing’; n verschilt daarom per vraag.",
        f"{SUPPRESSED} = niet getoond (ook de aantallen niet): minder dan "
        f"{inputs.dataset.min_n} antwoorden, of nodig zodat een kleine groep niet uit het "
        "totaal en de andere groepen te berekenen is. Zo blijft niemand herkenbaar.",
        "Aantallen zijn ongewogen; percentages en intervallen komen uit de analyse"
        + (" (gewogen naar de populatie per voorziening)." if inputs.dataset.population else "."),
        "Interval: 95%-betrouwbaarheidsinterval van het eerste percentage (eens, ja of het "
        "antwoord).",
    )
    for i, note in enumerate(notes):
        sheet.write_string(2 + i, 0, note, fmt["muted"])
    row = 3 + len(notes)
    sheet.write_string(row, 0, "Blad", fmt["head"])
    sheet.write_string(row, 1, "Vraag", fmt["head"])
    sheet.write_string(row, 2, "Soort", fmt["head"])
    for sheet_name, question in entries:
        row += 1
        sheet.write_url(row, 0, f"internal:'{sheet_name}'!A1", fmt["link"], string=sheet_name)
        sheet.write_string(row, 1, safe_text(question.text.get("nl")), fmt["text"])
        sheet.write_string(row, 2, TYPE_NAMES.get(question.type, question.type))
    sheet.freeze_panes(4 + len(notes), 0)
    return row


def _code_sheets(book, contents, fmt, inputs: ReportInputs, breakdowns, row: int) -> None:
    """A sheet per open question with coded answers: every code of the codebook by every
    breakdown, as respondents who mention it (number and share of the coded answers).

    The figures and their suppression come from :mod:`ervaring.analysis.code_results`.
    """
    from ervaring.analysis.code_results import code_variables

    variables = code_variables(inputs.survey, inputs.dataset, breakdowns[1:])
    by_question: dict[str, list] = {}
    for variable in variables:
        by_question.setdefault(variable.question.slug, []).append(variable)
    polarity = {"plus": "pluspunt", "klus": "kluspunt", "neutraal": "neutraal"}
    header = ("Code", "Thema", "Soort", "Uitsplitsing", "Groep", "n gecodeerd", "aantal")
    header += ("% van n", "onderdrukt")
    for number, found in enumerate(by_question.values(), start=1):
        sheet_name = f"T{number:02d}"
        question = found[0].question
        row += 1
        contents.write_url(row, 0, f"internal:'{sheet_name}'!A1", fmt["link"], string=sheet_name)
        contents.write_string(row, 1, safe_text(f"Thema's: {question.text}"), fmt["text"])
        contents.write_string(row, 2, "gecodeerd")
        sheet = book.add_worksheet(sheet_name)
        sheet.write_string(0, 0, safe_text(f"Thema's: {question.text}"), fmt["title"])
        sheet.write_url(1, 0, "internal:'Inhoud'!A1", fmt["link"], string="← Inhoud")
        sheet.write_string(
            2, 0, "Respondenten die het thema noemen; een antwoord kan meer thema's noemen.",
            fmt["muted"],
        )  # fmt: skip
        sheet.set_column(0, 1, 24)
        sheet.set_column(2, 8, 13)
        for col, text in enumerate(header):
            sheet.write_string(3, col, text, fmt["head"])
        sheet.freeze_panes(4, 2)
        line = 4
        for variable in found:
            stem = question.id if question.slug == question.id else f"{question.id}_anders"
            name = f"{stem}_{variable.key.replace('-', '_')}"[:64]
            for cell in variable.cells:
                group = (
                    group_label(inputs, cell.breakdown, str(cell.group))
                    if cell.breakdown
                    else "alle respondenten"
                )
                texts = (name, variable.label, polarity.get(variable.polarity, ""))
                texts += (BREAKDOWN_NAMES.get(cell.breakdown, cell.breakdown), group)
                for col, text in enumerate(texts):
                    sheet.write_string(line, col, safe_text(text))
                for col, value in ((5, cell.base), (6, cell.count)):
                    if value is None:
                        sheet.write_string(line, col, SUPPRESSED)
                    else:
                        sheet.write_number(line, col, value, fmt["count"])
                if cell.share is None:
                    sheet.write_string(line, 7, SUPPRESSED if cell.suppressed else "–")
                else:
                    sheet.write_number(line, 7, cell.share / 100, fmt["pct"])
                sheet.write_string(line, 8, "ja" if cell.suppressed else "nee")
                line += 1
            line += 1


TYPE_NAMES = {
    "agree": "stelling",
    "satisfaction": "tevredenheid",
    "yesno": "ja/nee",
    "single": "één antwoord",
    "multi": "meer antwoorden",
}


def _categories(inputs: ReportInputs, question: Question) -> list[tuple[str, object]]:
    """(column heading, codes or option) per answer category of a question."""
    if question.type in ("agree", "satisfaction"):
        words = ("tevreden", "neutraal", "ontevreden") if question.type == "satisfaction" else None
        return [
            (f"aantal {words[i] if words and i < 3 else name}", codes)
            for i, (name, codes) in enumerate(SCALE_CATEGORIES)
        ]
    if question.type == "yesno":
        return [("aantal ja", ("ja",)), ("aantal nee", ("nee",))]
    return [(o.label.get("nl"), o.code) for o in question.options]


def _question_sheet(sheet, fmt, inputs: ReportInputs, question: Question, breakdowns) -> None:
    sheet.write_string(0, 0, safe_text(question.text.get("nl")), fmt["title"])
    sheet.write_url(1, 0, "internal:'Inhoud'!A1", fmt["link"], string="← Inhoud")
    sheet.set_column(0, 0, 16)
    sheet.set_column(1, 1, 26)
    sheet.set_column(2, 14, 12)
    per_option = question.type in ("single", "multi")
    if per_option:
        header = [
            "Uitsplitsing",
            "Groep",
            "Antwoord",
            "aantal",
            "n",
            "%",
            "interval laag",
            "interval hoog",
            "onderdrukt",
        ]
    else:
        header = [
            "Uitsplitsing",
            "Groep",
            *(c for c, _ in _categories(inputs, question)),
            "n",
            "% " + ("ja" if question.type == "yesno" else "eens"),
            "% neutraal",
            "% " + ("nee" if question.type == "yesno" else "oneens"),
            "interval laag",
            "interval hoog",
            "onderdrukt",
        ]
        if question.type == "yesno":
            header.remove("% neutraal")
        else:
            header.append("verschil met de rest")
            sheet.write_string(2, 0, GROUP_MARK_LEGEND)
    for col, text in enumerate(header):
        sheet.write_string(3, col, text, fmt["head"])
    sheet.freeze_panes(4, 2)
    row = 4
    for breakdown in breakdowns:
        counts = raw_counts(inputs, question, breakdown)
        for group in _groups(inputs, breakdown, question):
            label = group_label(inputs, breakdown, group) if breakdown else "alle respondenten"
            if per_option:
                for option in question.options:
                    result = inputs.rows.get((question.id, breakdown, group, option.code))
                    if result is None:
                        continue
                    sheet.write_string(row, 0, BREAKDOWN_NAMES.get(breakdown, breakdown))
                    sheet.write_string(row, 1, safe_text(label), fmt["group"])
                    sheet.write_string(row, 2, safe_text(option.label.get("nl")))
                    _figures(sheet, fmt, row, 3, result, [counts.get((group, option.code))])
                    row += 1
                continue
            result = inputs.rows.get((question.id, breakdown, group, None))
            if result is None:
                continue
            sheet.write_string(row, 0, BREAKDOWN_NAMES.get(breakdown, breakdown))
            sheet.write_string(row, 1, safe_text(label), fmt["group"])
            cats = [counts.get((group, name)) for name, _ in _categories(inputs, question)]
            _figures(sheet, fmt, row, 2, result, cats, yesno=question.type == "yesno")
            mark = inputs.differences.get((question.id, breakdown, group))
            if mark and not result.suppressed:
                sheet.write_string(row, len(header) - 1, GROUP_MARK_TEXT[mark])
            row += 1
        row += 1


def _groups(inputs: ReportInputs, breakdown: str, question: Question) -> list[str]:
    found = dict.fromkeys(g for q, b, g, _ in inputs.rows if q == question.id and b == breakdown)
    ordered = [g for g in found if g != TOTAL_LABEL]
    return ordered + ([TOTAL_LABEL] if TOTAL_LABEL in found and breakdown else []) or list(found)


def _figures(sheet, fmt, row, col, result, counts, *, yesno: bool = False) -> None:
    """Counts, n, percentages, interval and the suppression mark of one result row."""
    if result.option is not None:
        values = [result.value]
    elif yesno:
        values = [result.pct_agree, result.pct_disagree]
    else:
        values = [result.pct_agree, result.pct_neutral, result.pct_disagree]
    if result.suppressed:
        # Counts go too: they would give away what the percentages hide.
        width = len(counts) + 1 + len(values) + 2
        for i in range(width):
            sheet.write_string(row, col + i, SUPPRESSED)
        sheet.write_string(row, col + width, "ja")
        return
    for value in [*counts, result.n]:
        sheet.write_number(row, col, value or 0, fmt["count"])
        col += 1
    for value in [*values, result.ci_low, result.ci_high]:
        if value is None:
            sheet.write_string(row, col, "–")
        else:
            sheet.write_number(row, col, value / 100, fmt["pct"])
        col += 1
    sheet.write_string(row, col, "nee")


def raw_counts(inputs: ReportInputs, question: Question, breakdown: str) -> Counter:
    """Unweighted counts per (group, category heading or option code), with totals."""
    dataset = inputs.dataset
    frame = dataset.frame
    n = len(frame)
    if breakdown == PROVISION_BREAKDOWN:
        positions = dataset.memberships["row"].to_numpy()
        labels = dataset.memberships["group"].astype(str).to_numpy()
    elif breakdown == OVERALL:
        positions, labels = np.arange(n), np.full(n, TOTAL_LABEL, dtype=object)
    else:
        positions = np.arange(n)
        labels = (
            frame[breakdown].astype(object).where(frame[breakdown].notna(), UNKNOWN_GROUP_LABEL)
        )
        labels = labels.astype(str).to_numpy()
    counts: Counter = Counter()
    # A plain breakdown has a "totaal" row too; overlapping provision groups have none.
    with_total = breakdown not in (OVERALL, PROVISION_BREAKDOWN)
    if question.type == "multi":
        for option in question.options:
            ticked = frame[f"{question.id}{MULTI_SEPARATOR}{option.code}"].to_numpy()[positions]
            for label, value in zip(labels, ticked, strict=True):
                if value == 1:
                    counts[(label, option.code)] += 1
                    if with_total:
                        counts[(TOTAL_LABEL, option.code)] += 1
        return counts
    values = frame[question.id].astype(object).to_numpy()[positions]
    lookup = {}
    for name, codes in _categories(inputs, question):
        for code in codes if isinstance(codes, tuple) else (codes,):
            lookup[code] = codes if question.type == "single" else name
    for label, value in zip(labels, values, strict=True):
        key = lookup.get(value)
        if key is not None:
            counts[(label, key)] += 1
            if with_total:
                counts[(TOTAL_LABEL, key)] += 1
    return counts
