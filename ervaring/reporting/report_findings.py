"""Findings, recommendations and the one-page summary, drafted from the numbers.

The draft follows fixed rules so that two analysts get the same starting text:

- plus points: statements with at least ``PLUS_THRESHOLD`` (75%) eens, the highest five;
  when none reaches it there are none (the summary then names the best-scoring statement
  without calling it a plus point, so the rule in the appendix always holds);
- points of attention: statements with at least ``ATTENTION_THRESHOLD`` (20%) oneens,
  significant declines against the previous year, and a low awareness of the independent
  client supporter (a national concern, asked as a yes/no question);
- recommendations follow from those, plus two that every report needs (share the results;
  raise the response when it is low).

The analyst may rewrite each part (:class:`ervaring.reporting.models.ReportText`); a blank
part keeps the draft.
"""

from __future__ import annotations

from collections.abc import Sequence

from ervaring.analysis.results import OVERALL
from ervaring.reporting.models import ReportText
from ervaring.reporting.report_context import Findings, Method, ReportInputs, Statement
from ervaring.reporting.report_themes import (
    PLUS_THRESHOLD,
    is_attention_point,
    is_plus_point,
    quoted,
    trend_key,
)
from ervaring.reporting.words import capitalise, percent, round_half_up, share_of
from ervaring.stats.codes import TOTAL_LABEL

MAX_POINTS = 5
#: Below this response rate the draft recommends reaching more people.
LOW_RESPONSE = 25.0
SUPPORTER_WORD = "cliëntondersteuner"


def _shown(statements: Sequence[Statement]) -> list[Statement]:
    return [s for s in statements if not s.suppressed and s.agree is not None]


def draft_plus_points(statements: Sequence[Statement]) -> list[str]:
    shown = sorted(_shown(statements), key=lambda s: -(s.agree or 0))
    chosen = [s for s in shown if is_plus_point(s)][:MAX_POINTS]
    return [
        f"{capitalise(share_of(s.agree))} ({percent(s.agree)}) is het eens met "
        f"{quoted(s.text)} (n={s.n})."
        for s in chosen
    ]


def draft_attention_points(inputs: ReportInputs, statements: Sequence[Statement]) -> list[str]:
    points = []
    negative = sorted(
        (s for s in _shown(statements) if is_attention_point(s)),
        key=lambda s: -(s.disagree or 0),
    )
    for s in negative[:MAX_POINTS]:
        points.append(
            f"{capitalise(share_of(s.disagree))} ({percent(s.disagree)}) is het oneens met "
            f"{quoted(s.text)} (n={s.n})."
        )
    for s, comparison in declines(inputs, statements):
        points.append(
            f"Minder respondenten zijn het eens met {quoted(s.text)}: {percent(s.agree)}, "
            f"tegen {percent(comparison.previous_pct)} in {comparison.previous_year}. Die "
            "daling is groter dan toeval."
        )
    supporter = supporter_awareness(inputs)
    if supporter is not None and supporter < 50:
        points.append(
            f"{capitalise(share_of(100 - supporter))} ({percent(100 - supporter)}) wist niet "
            "dat zij gebruik kon maken van een onafhankelijke cliëntondersteuner."
        )
    return points


def declines(inputs: ReportInputs, statements: Sequence[Statement]) -> list[tuple]:
    found = []
    for s in _shown(statements):
        comparison = inputs.comparisons.get(trend_key(inputs, s.question_id))
        if comparison is not None and comparison.is_significant and comparison.difference < 0:
            found.append((s, comparison))
    return found


def supporter_awareness(inputs: ReportInputs) -> float | None:
    """% ja on "Wist u dat u gebruik kon maken van een onafhankelijke cliëntondersteuner?"."""
    for question in inputs.questionnaire.questions():
        if question.type == "yesno" and SUPPORTER_WORD in question.text.get("nl"):
            row = inputs.rows.get((question.id, OVERALL, TOTAL_LABEL, None))
            if row is not None and not row.suppressed and row.value is not None:
                return row.value
    return None


def draft_recommendations(
    inputs: ReportInputs, statements: Sequence[Statement], response_rate: float | None
) -> list[str]:
    recommendations = [
        "Deel de uitkomsten met cliënten en medewerkers. Zo zien cliënten dat hun mening "
        "telt, en kunnen de teams aan de slag met de aandachtspunten."
    ]
    negative = sorted(
        (s for s in _shown(statements) if is_attention_point(s)),
        key=lambda s: -(s.disagree or 0),
    )
    if negative:
        worst = negative[0]
        recommendations.append(
            f"Bespreek met de teams waarom {percent(worst.disagree)} het oneens is met "
            f"{quoted(worst.text)} en spreek af wat beter kan."
        )
    for s, comparison in declines(inputs, statements)[:2]:
        recommendations.append(
            f"Zoek uit waarom minder respondenten het eens zijn met {quoted(s.text)} dan in "
            f"{comparison.previous_year}."
        )
    supporter = supporter_awareness(inputs)
    if supporter is not None and supporter < 50:
        recommendations.append(
            "Vertel cliënten vaker over de onafhankelijke cliëntondersteuner, bijvoorbeeld in "
            "het eerste gesprek en in de brief met het besluit."
        )
    if response_rate is not None and response_rate < LOW_RESPONSE:
        recommendations.append(
            "Zorg voor een hogere respons: leg e-mailadressen en telefoonnummers vast, zodat "
            "cliënten ook per e-mail of sms uitgenodigd kunnen worden."
        )
    return recommendations


def response_rate(inputs: ReportInputs, invited: int) -> float | None:
    return 100 * len(inputs.dataset.frame) / invited if invited else None


def get_findings(inputs: ReportInputs, statements: Sequence[Statement], invited: int) -> Findings:
    """The analyst's text where there is one, else the draft (per part)."""
    stored = ReportText.objects.filter(survey=inputs.survey).first()
    plus = draft_plus_points(statements)
    attention = draft_attention_points(inputs, statements)
    recommendations = draft_recommendations(inputs, statements, response_rate(inputs, invited))
    if stored is None:
        return Findings(tuple(plus), tuple(attention), tuple(recommendations))
    return Findings(
        plus_points=ReportText.lines(stored.plus_points) or tuple(plus),
        attention_points=ReportText.lines(stored.attention_points) or tuple(attention),
        recommendations=ReportText.lines(stored.recommendations) or tuple(recommendations),
        is_edited=any((stored.plus_points, stored.attention_points, stored.recommendations)),
        edited_on=stored.updated_at,
    )


def measure_averages(inputs: ReportInputs, statements: Sequence[Statement]) -> list[str]:
    """Per legal theme (toegang, kwaliteit, effect) the average % eens of its statements."""
    names = {"toegang": "Toegang", "kwaliteit": "Kwaliteit", "effect": "Effect"}
    lines = []
    for measure, name in names.items():
        values = [
            s.agree
            for s in _shown(statements)
            if inputs.questionnaire.question(s.question_id).measure == measure
        ]
        if values:
            average = sum(v for v in values if v is not None) / len(values)
            lines.append(
                f"{name}: gemiddeld {round_half_up(average)}% eens over {len(values)} "
                f"{'stelling' if len(values) == 1 else 'stellingen'}."
            )
    return lines


def best_below_threshold(statements: Sequence[Statement]) -> list[str]:
    """When no statement is a plus point: say so, and name the best one honestly."""
    shown = sorted(_shown(statements), key=lambda s: -(s.agree or 0))
    if not shown:
        return []
    best = shown[0]
    return [
        f"Geen stelling haalt {PLUS_THRESHOLD}% eens, de grens voor een pluspunt. Het best "
        f"scoort {quoted(best.text)}: {percent(best.agree)} eens (n={best.n})."
    ]


def summary_lines(
    inputs: ReportInputs, method: Method, findings: Findings, statements: Sequence[Statement]
) -> tuple[str, ...]:
    """The one-page summary: response, margin, the three legal themes, top points."""
    n = len(inputs.dataset.frame)
    lines = [
        f"{n} cliënten vulden de vragenlijst in ({method.response_rate} van de "
        f"uitgenodigden). De foutmarge is {method.margin}.",
        *measure_averages(inputs, statements),
    ]
    lines += [f"Pluspunt: {p}" for p in findings.plus_points[:3]]
    if not findings.plus_points:
        lines += best_below_threshold(statements)
    lines += [f"Aandachtspunt: {p}" for p in findings.attention_points[:3]]
    return tuple(lines)
