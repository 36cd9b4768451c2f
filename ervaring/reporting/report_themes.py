"""Results per theme: headline, short text, chart, statement table, trend and breakdowns.

Every figure is taken from the analysis rows as they are (suppression included) and only
rounded here for print; the sentences come from :mod:`ervaring.reporting.words`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from django.template.defaultfilters import date as date_format
from django.utils.safestring import mark_safe

from ervaring.analysis.benchmark import Benchmark, cutoff_date
from ervaring.analysis.models import TrendResult
from ervaring.analysis.results import OVERALL, SCALE_TYPES, ResultRow
from ervaring.analysis.trends import TrendComparison
from ervaring.questionnaires.document import Question, Theme
from ervaring.reporting.charts import StackedBar, stacked_bars_svg
from ervaring.reporting.national import NationalReference
from ervaring.reporting.report_context import (
    Cell,
    Change,
    Reference,
    ReportInputs,
    Statement,
    Table,
    ThemeSection,
)
from ervaring.reporting.words import capitalise, percent, round_half_up, share_of
from ervaring.stats.codes import TOTAL_LABEL
from ervaring.stats.rounding import decimal

#: Breakdowns shown per theme in the report (the table book has them all), with their names.
REPORT_BREAKDOWNS: tuple[tuple[str, str], ...] = (
    ("provision_groups", "voorziening"),
    ("team", "team"),
)
#: The one rule for plus points and points of attention, applied to the *printed* (rounded)
#: percentage so that a statement printed as 75% eens is a plus point wherever it appears.
PLUS_THRESHOLD = 75
#: Share "oneens" from which a statement is a point of attention (the alert example, 20%).
ATTENTION_THRESHOLD = 20
POINTS_RULE = (
    f"Een stelling is een pluspunt vanaf {PLUS_THRESHOLD}% eens en een aandachtspunt vanaf "
    f"{ATTENTION_THRESHOLD}% oneens."
)
CHOICE_TYPES = ("yesno", "single", "multi")
SUPPRESSED_MARK = "·"


def build_themes(inputs: ReportInputs) -> list[ThemeSection]:
    """One section per theme of the questionnaire that has analysed questions."""
    analysed = {q.id for q in inputs.dataset.questions}
    groups = _groups_per_breakdown(inputs.rows)
    trends = _earlier_years(inputs)
    sections = []
    for theme in inputs.questionnaire.themes:
        questions = [q for q in theme.questions if q.id in analysed]
        if not questions:
            continue
        title = theme.title.get("nl")
        statements = tuple(
            statement(inputs.rows, q, title) for q in questions if q.type in SCALE_TYPES
        )
        shown = any(not s.suppressed and s.agree is not None for s in statements)
        others = tuple(
            choice_table(inputs.rows, q, inputs.dataset.min_n)
            for q in questions
            if q.type in CHOICE_TYPES
        )
        sections.append(
            ThemeSection(
                id=theme.id,
                title=title,
                headline=headline(statements, questions, inputs.rows),
                text=theme_text(statements, title, inputs.dataset.min_n, len(sections)),
                chart=_chart(title, statements, inputs.dataset.min_n) if shown else "",
                statements=statements,
                statement_table=(
                    statement_table(title, statements, inputs.dataset.min_n) if shown else None
                ),
                other_tables=others,
                trend_table=trend_table(inputs, title, statements, trends),
                benchmark_table=benchmark_table(inputs, title, statements),
                breakdown_tables=tuple(
                    part
                    for name, label in REPORT_BREAKDOWNS
                    if (t := breakdown_table(inputs, theme, statements, name, label, groups[name]))
                    for part in split_columns(t)
                ),
            )
        )
    return sections


def statement(rows: Mapping, question: Question, theme: str) -> Statement:
    row: ResultRow | None = rows.get((question.id, OVERALL, TOTAL_LABEL, None))
    text = question.text.get("nl")
    if row is None:
        return Statement(question.id, text, theme, None, None, None, None, None, None, True)
    return Statement(
        question_id=question.id,
        text=text,
        theme=theme,
        n=row.n,
        agree=row.pct_agree,
        neutral=row.pct_neutral,
        disagree=row.pct_disagree,
        ci_low=row.ci_low,
        ci_high=row.ci_high,
        suppressed=row.suppressed,
    )


def is_plus_point(statement: Statement) -> bool:
    """Shown and at least :data:`PLUS_THRESHOLD` % eens as printed."""
    shown = not statement.suppressed and statement.agree is not None
    return shown and round_half_up(statement.agree) >= PLUS_THRESHOLD


def is_attention_point(statement: Statement) -> bool:
    """Shown and at least :data:`ATTENTION_THRESHOLD` % oneens as printed."""
    shown = not statement.suppressed and statement.disagree is not None
    return shown and round_half_up(statement.disagree) >= ATTENTION_THRESHOLD


def quoted(text: str) -> str:
    """A statement inside a sentence: ‘Ik werd snel geholpen’ (without its full stop)."""
    return f"‘{text.rstrip('.')}’"


def headline(statements: Sequence[Statement], questions: Sequence[Question], rows: Mapping) -> str:
    """The theme's headline: its weakest point when it passes the attention threshold,
    else its strongest; for a theme without statements, its first yes/no question."""
    shown = [s for s in statements if not s.suppressed and s.agree is not None]
    if shown:
        worst = max(shown, key=lambda s: s.disagree or 0)
        if is_attention_point(worst):
            return (
                f"{capitalise(share_of(worst.disagree))} ({percent(worst.disagree)}) is het "
                f"oneens met {quoted(worst.text)}"
            )
        best = max(shown, key=lambda s: s.agree or 0)
        return (
            f"{capitalise(share_of(best.agree))} ({percent(best.agree)}) is het eens met "
            f"{quoted(best.text)}"
        )
    for question in questions:
        row = rows.get((question.id, OVERALL, TOTAL_LABEL, None))
        if question.type == "yesno" and row and not row.suppressed and row.value is not None:
            return (
                f"{capitalise(share_of(row.value))} ({percent(row.value)}) antwoordt ‘ja’ op "
                f"{quoted(question.text.get('nl'))}"
            )
    return "Te weinig antwoorden voor een uitspraak over dit thema"


#: Wordings of the theme paragraph's sentences; the same facts, said differently per theme.
INTRO = (
    "We vroegen of de respondenten het eens of oneens zijn met {count} over {topic}.",
    "Over {topic} legden we de respondenten {count} voor.",
    "Bij {topic} gaven de respondenten hun mening over {count}.",
    "Het thema {topic} telt {count}.",
)
BEST = (
    "{agree} is het eens met {statement} (n={n}).",
    "De meeste instemming krijgt {statement}: {agree} eens (n={n}).",
    "Het hoogst scoort {statement}, met {agree} eens (n={n}).",
    "Over {statement} zijn de respondenten het meest positief: {agree} eens (n={n}).",
)
LOWEST = (
    "Het minst eens zijn zij met {statement}: {agree} eens en {disagree} oneens (n={n}).",
    "Minder positief zijn zij over {statement}: {agree} eens en {disagree} oneens (n={n}).",
    "De laagste score is voor {statement}: {agree} eens en {disagree} oneens (n={n}).",
    "Daartegenover staat {statement}, met {agree} eens en {disagree} oneens (n={n}).",
)


def theme_text(statements: Sequence[Statement], title: str, min_n: int, variant: int = 0) -> str:
    """A few plain sentences under the headline: what was asked, the best and weakest.

    ``variant`` (the theme's position) picks the wording, so that thirteen themes do not
    open thirteen paragraphs with the same words, as a bureau's writer would not."""
    shown = [s for s in statements if not s.suppressed and s.agree is not None]
    if not shown:
        if not statements:
            return ""
        return (
            f"Op de {len(statements)} stellingen over ‘{title.lower()}’ kwamen minder dan "
            f"{min_n} antwoorden per stelling. Die uitkomsten laten we niet zien: ze zeggen "
            "te weinig en iemand zou herkenbaar kunnen zijn."
        )
    count = f"{len(statements)} {'stelling' if len(statements) == 1 else 'stellingen'}"
    topic = f"‘{title.lower()}’"
    best = max(shown, key=lambda s: s.agree or 0)
    parts = [
        INTRO[variant % len(INTRO)].format(count=count, topic=topic),
        BEST[variant % len(BEST)].format(
            statement=quoted(best.text), agree=percent(best.agree), n=best.n
        ),
    ]
    if len(shown) > 1:
        low = min(shown, key=lambda s: s.agree or 0)
        parts.append(
            LOWEST[variant % len(LOWEST)].format(
                statement=quoted(low.text),
                agree=percent(low.agree),
                disagree=percent(low.disagree),
                n=low.n,
            )
        )
    return " ".join(parts)


def _chart(title: str, statements: Sequence[Statement], min_n: int) -> str:
    if not statements:
        return ""
    bars = [
        StackedBar(s.text, s.agree, s.neutral, s.disagree, s.n, s.suppressed) for s in statements
    ]
    svg = stacked_bars_svg(
        bars, title=f"{title}: eens, neutraal en oneens per stelling", min_n=min_n
    )
    # charts.py escapes every text it writes; the SVG is markup we made ourselves.
    return mark_safe(svg)  # noqa: S308


def statement_table(title: str, statements: Sequence[Statement], min_n: int) -> Table | None:
    if not statements:
        return None
    rows = []
    for s in statements:
        if s.suppressed or s.agree is None:
            reason = f"te weinig antwoorden (n < {min_n})" if s.suppressed else "geen antwoorden"
            rows.append((Cell(s.text), *(Cell(SUPPRESSED_MARK, True, reason),) * 4, Cell("")))
            continue
        interval = "–" if s.ci_low is None else f"{percent(s.ci_low)} – {percent(s.ci_high)}"
        rows.append(
            (
                Cell(s.text),
                Cell(percent(s.agree)),
                Cell(percent(s.neutral)),
                Cell(percent(s.disagree)),
                Cell(str(s.n)),
                Cell(interval),
            )
        )
    return Table(
        caption=f"{title}: percentages per stelling",
        header=("Stelling", "eens", "neutraal", "oneens", "n", "95%-interval eens"),
        rows=tuple(rows),
        notes=(*_suppression_note(rows, min_n), *rounding_note(statements)),
    )


ROUNDING_NOTE = "Door afronden tellen eens, neutraal en oneens in een rij soms op tot 99% of 101%."


def rounding_note(statements: Sequence[Statement]) -> tuple[str, ...]:
    """A note when a printed row does not add up to 100, so no reader suspects an error."""
    for s in statements:
        if s.suppressed or None in (s.agree, s.neutral, s.disagree):
            continue
        if sum(round_half_up(v) for v in (s.agree, s.neutral, s.disagree)) != 100:
            return (ROUNDING_NOTE,)
    return ()


def choice_table(rows: Mapping, question: Question, min_n: int) -> Table:
    """A yes/no or choice question: share per answer, with n."""
    text = question.text.get("nl")
    total = rows.get((question.id, OVERALL, TOTAL_LABEL, None))
    body: list[tuple[Cell, ...]] = []
    n: int | None = None
    if question.type == "yesno" and total is not None:
        n = total.n
        for label, value in (("Ja", total.pct_agree), ("Nee", total.pct_disagree)):
            body.append(_share_row(label, value, total.suppressed, min_n))
    else:
        for option in question.options:
            row = rows.get((question.id, OVERALL, TOTAL_LABEL, option.code))
            if row is None:
                continue
            n = row.n if row.n is not None else n
            body.append(_share_row(option.label.get("nl"), row.value, row.suppressed, min_n))
    notes = [f"n = {n}" if n is not None else f"Te weinig antwoorden (n < {min_n})."]
    if question.type == "multi":
        notes.append("Meer antwoorden mogelijk: de percentages tellen niet op tot 100%.")
    return Table(caption=text, header=("Antwoord", "%"), rows=tuple(body), notes=tuple(notes))


def _share_row(label: str, value: float | None, suppressed: bool, min_n: int) -> tuple[Cell, ...]:
    if suppressed:
        return (Cell(label), Cell(SUPPRESSED_MARK, True, f"te weinig antwoorden (n < {min_n})"))
    return (Cell(label), Cell(percent(value)))


def _earlier_years(inputs: ReportInputs) -> dict[str, dict[int, TrendResult]]:
    survey = inputs.survey
    found: dict[str, dict[int, TrendResult]] = defaultdict(dict)
    for trend in TrendResult.objects.filter(
        organisation=survey.organisation, law=survey.law, year__lt=inputs.year
    ):
        found[trend.question][trend.year] = trend
    return found


def trend_key(inputs: ReportInputs, question_id: str) -> str:
    """The key a question's earlier years are stored under: its standard id, else its id."""
    question = inputs.questionnaire.question(question_id)
    return question.standard or question.id


def trend_table(
    inputs: ReportInputs,
    title: str,
    statements: Sequence[Statement],
    trends: Mapping[str, Mapping[int, TrendResult]],
) -> Table | None:
    """% eens per year (earlier years and this one), the change against the latest one
    marked when it is more than chance (95%)."""
    keyed = [(s, trend_key(inputs, s.question_id)) for s in statements]
    keyed = [(s, k) for s, k in keyed if trends.get(k)]
    if not keyed:
        return None
    years = sorted({y for _, k in keyed for y in trends[k]})
    rows = []
    for s, key in keyed:
        cells = [Cell(s.text)]
        for year in years:
            earlier = trends[key].get(year)
            cells.append(Cell(percent(earlier.pct_agree) if earlier else "–"))
        cells.append(Cell(percent(s.agree) if not s.suppressed else SUPPRESSED_MARK, s.suppressed))
        cells.append(Cell(_change_text(s, inputs.comparisons.get(key))))
        rows.append(tuple(cells))
    return Table(
        caption=f"{title}: % eens per jaar",
        header=("Stelling", *map(str, years), str(inputs.year), "Verschil met vorige meting"),
        rows=tuple(rows),
        notes=(
            "▲ / ▼: de stijging of daling is groter dan toeval (significant, 95% "
            "betrouwbaarheid). Zonder pijl kan het verschil toeval zijn.",
        ),
    )


def references(
    inputs: ReportInputs, statements: Sequence[Statement]
) -> list[tuple[Statement, Benchmark | None, NationalReference | None]]:
    """Each statement with the other municipalities' average and the national figure, for
    the statements that have either: the one lookup behind the report's comparison table
    and the raadsbrief's comparison lines, so the two cannot disagree."""
    found = []
    for s in statements:
        key = trend_key(inputs, s.question_id)
        benchmark, national = inputs.benchmarks.get(key), inputs.national.get(key)
        if benchmark is not None or national is not None:
            found.append((s, benchmark, national))
    return found


def benchmark_table(
    inputs: ReportInputs, title: str, statements: Sequence[Statement]
) -> Table | None:
    """This year's % eens beside the average of the other participating municipalities
    (see :mod:`ervaring.analysis.benchmark`) and the national figure (see
    :mod:`ervaring.reporting.national`), for the statements that have either. Before this
    year's comparison is fixed it is the latest fixed year's, and the note says so and when
    this year's comes; the national figure is the latest year's up to this one, named with
    its year and source."""
    found = references(inputs, statements)
    if not found:
        return None
    shown = max((b.year for _, b, _ in found if b is not None), default=None)
    national_year = max((n.year for _, _, n in found if n is not None), default=None)
    rows = []
    for s, benchmark, national in found:
        own = Cell(SUPPRESSED_MARK, True) if s.suppressed else Cell(percent(s.agree))
        cells = [Cell(s.text), own]
        if shown is not None:
            cells.append(Cell(f"{benchmark.pct}%" if benchmark else "–"))
        if national_year is not None:
            cells.append(Cell(f"{decimal(national.pct_agree, 1)}%" if national else "–"))
        if shown is not None:
            cells.append(Cell(benchmark.label if benchmark else "–"))
        rows.append(tuple(cells))
    header = ["Stelling", f"{inputs.survey.organisation.name} {inputs.year}"]
    notes, compared = [], []
    if shown is not None:
        header.append(f"Andere gemeenten {shown}")
        compared.append(f"andere gemeenten (over {shown})")
        notes.append(
            "Andere gemeenten: het gemiddelde % eens van de andere gemeenten in deze "
            "installatie die meedoen en hun onderzoek over dat jaar vóór de vaste peildatum "
            "hebben afgerond, afgerond op hele procenten. Het verschijnt alleen als minstens "
            "vijf gemeenten meedoen (uw eigen cijfer telt niet mee) en verandert daarna niet "
            "meer; de cijfers van één gemeente zijn er niet uit af te leiden."
        )
        if shown != inputs.year:
            notes.append(
                f"De vergelijking over {inputs.year} verschijnt op "
                f"{date_format(cutoff_date(inputs.year), 'j F Y')}, als alle gemeenten hun "
                f"cijfers over {inputs.year} hebben gepubliceerd. Tot dan staat hier de "
                f"vergelijking over {shown}."
            )
    if national_year is not None:
        header.append(f"Landelijk {national_year}")
        compared.append(f"landelijk (over {national_year})")
        sources = sorted({n.source for _, _, n in found if n is not None})
        notes.append(
            f"Landelijk: het landelijk gemiddelde % eens over {national_year}, op één "
            f"decimaal. Bron: {'; '.join(sources)}."
        )
        if national_year != inputs.year:
            notes.append(
                f"Het landelijk cijfer over {inputs.year} is er nog niet; hier staat het "
                f"cijfer over {national_year}, het laatste dat er is."
            )
    if shown is not None:
        header.append("Toelichting")
    return Table(
        caption=f"{title}: vergelijking met {' en '.join(compared)}",
        header=tuple(header),
        rows=tuple(rows),
        notes=tuple(notes),
        numeric_from=1,
    )


def _change_text(statement: Statement, comparison: TrendComparison | None) -> str:
    if comparison is None or statement.agree is None:
        return "–"
    points = printed_points(statement.agree, comparison.previous_pct)
    sign = "+" if points > 0 else "−" if points < 0 else ""
    text = f"{sign}{abs(points)} procentpunt"
    if comparison.is_significant:
        arrow = "▲ significant gestegen" if comparison.difference > 0 else "▼ significant gedaald"
        return f"{text} ({arrow})"
    return f"{text} (geen significant verschil)"


def printed_points(current: float, previous: float) -> int:
    """The change as a reader computes it from the two printed percentages (both rounded
    half up), so that 64% and 67% always show +3 and 2.5 points never print as +2."""
    return round_half_up(current) - round_half_up(previous)


def changes(inputs: ReportInputs, themes: Sequence[ThemeSection]) -> tuple[Change, ...]:
    """Every shown statement that has a comparison with an earlier year, in report order."""
    found = []
    for theme in themes:
        for s in theme.statements:
            comparison = inputs.comparisons.get(trend_key(inputs, s.question_id))
            if comparison is None or s.suppressed or s.agree is None:
                continue
            found.append(
                Change(
                    statement=s.text,
                    theme=theme.title,
                    previous_year=comparison.previous_year,
                    previous=percent(comparison.previous_pct),
                    current=percent(s.agree),
                    points=printed_points(s.agree, comparison.previous_pct),
                    direction=(comparison.difference > 0) - (comparison.difference < 0),
                    significant=comparison.is_significant,
                )
            )
    return tuple(found)


def printed_references(
    inputs: ReportInputs, themes: Sequence[ThemeSection]
) -> tuple[Reference, ...]:
    """Every shown statement with another municipalities' average or a national figure, as
    the comparison table prints them; a suppressed statement is left out entirely, so no
    sentence built from these can carry (or hint at) its figure."""
    statements = [s for theme in themes for s in theme.statements]
    return tuple(
        Reference(
            statement=s.text,
            current=percent(s.agree),
            others=f"{benchmark.pct}%" if benchmark else None,
            others_year=benchmark.year if benchmark else None,
            national=f"{decimal(national.pct_agree, 1)}%" if national else None,
            national_year=national.year if national else None,
        )
        for s, benchmark, national in references(inputs, statements)
        if not s.suppressed and s.agree is not None
    )


def _groups_per_breakdown(rows: Mapping) -> dict[str, list[str]]:
    seen: dict[str, dict[str, None]] = defaultdict(dict)
    for _, breakdown, group, _ in rows:
        if breakdown != OVERALL and group != TOTAL_LABEL:
            seen[breakdown][group] = None
    return defaultdict(list, {b: list(g) for b, g in seen.items()})


def group_label(inputs: ReportInputs, breakdown: str, group: str) -> str:
    """A group as a reader knows it: the team's name, a provision without underscores."""
    if breakdown == "team":
        return inputs.team_names.get(group, group)
    return group.replace("_", " ")


def breakdown_table(
    inputs: ReportInputs,
    theme: Theme,
    statements: Sequence[Statement],
    breakdown: str,
    label: str,
    groups: Iterable[str],
) -> Table | None:
    """% eens per statement per group, only groups with at least one publishable figure;
    None when fewer than two groups can be shown."""
    if not statements:
        return None
    cells: dict[str, list[Cell]] = {}
    hidden: list[str] = []
    for group in groups:
        column = []
        for s in statements:
            row = inputs.rows.get((s.question_id, breakdown, group, None))
            if row is None or row.suppressed or row.value is None:
                column.append(Cell(SUPPRESSED_MARK, True, "niet getoond"))
            else:
                column.append(
                    _marked_cell(row, inputs.differences.get((s.question_id, breakdown, group)))
                )
        if all(c.suppressed for c in column):
            hidden.append(group_label(inputs, breakdown, group))
        else:
            cells[group] = column
    if len(cells) < 2:
        return None
    body = tuple((Cell(s.text), *(cells[g][i] for g in cells)) for i, s in enumerate(statements))
    notes = list(_suppression_note(body, inputs.dataset.min_n))
    if any(
        inputs.differences.get((s.question_id, breakdown, g)) for s in statements for g in cells
    ):
        notes.append(GROUP_MARK_LEGEND)
    if breakdown == "provision_groups":
        notes.append("Wie meer voorzieningen heeft, telt bij elke voorziening mee.")
    if hidden:
        notes.append(f"Niet in de tabel (niet te tonen): {', '.join(hidden)}.")
    return Table(
        caption=f"{theme.title.get('nl')}: % eens per {label}",
        header=("Stelling", *(group_label(inputs, breakdown, g) for g in cells)),
        rows=body,
        notes=tuple(notes),
    )


#: The most groups side by side in one breakdown table: beside the statement column (40%
#: of an A4 line) six groups keep about 17 mm each, room for "62% ▲" and "n=148" and
#: a team's name on two lines. More groups go on in a next table.
MAX_GROUP_COLUMNS = 6


def split_columns(table: Table, max_columns: int = MAX_GROUP_COLUMNS) -> tuple[Table, ...]:
    """``table`` as parts of at most ``max_columns`` figure columns, each repeating the
    statement column, so that a breakdown is readable at any number of groups (twelve teams
    give two tables of six, not twelve columns of a word each). The notes go with the last."""
    columns = len(table.header) - 1
    if columns <= max_columns:
        return (table,)
    parts = -(-columns // max_columns)
    size = -(-columns // parts)  # even parts: 12 -> 6 + 6, 7 -> 4 + 3, not 6 + 1
    found = []
    for number, start in enumerate(range(1, columns + 1, size), start=1):
        keep = [0, *range(start, min(start + size, columns + 1))]
        found.append(
            Table(
                caption=f"{table.caption} (deel {number} van {parts})",
                header=tuple(table.header[i] for i in keep),
                rows=tuple(tuple(row[i] for i in keep) for row in table.rows),
                notes=table.notes if number == parts else (),
                numeric_from=table.numeric_from,
            )
        )
    return tuple(found)


#: What a mark beside a group's % eens means (report and table book).
GROUP_MARK_LEGEND = (
    "▲ / ▼: deze groep is het vaker / minder vaak eens dan alle andere respondenten samen, "
    "en dat verschil is groter dan toeval (significant, 95% betrouwbaarheid)."
)
GROUP_MARK_TEXT = {1: "▲", -1: "▼"}


def _marked_cell(row: ResultRow, direction: int | None) -> Cell:
    """A group's % eens with its n, and ▲/▼ when it differs significantly from the rest."""
    if not direction:
        return Cell(percent(row.value), note=f"n={row.n}")
    return Cell(f"{percent(row.value)} {GROUP_MARK_TEXT[direction]}", note=f"n={row.n}")


def _suppression_note(rows: Sequence[tuple[Cell, ...]], min_n: int) -> tuple[str, ...]:
    if any(c.suppressed for row in rows for c in row):
        return (
            f"{SUPPRESSED_MARK} = niet getoond: minder dan {min_n} antwoorden, of nodig zodat een "
            "kleine groep niet uit het totaal te berekenen is. Zo blijft niemand herkenbaar.",
        )
    return ()
