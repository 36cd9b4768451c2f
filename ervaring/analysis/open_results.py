"""Results of the coded open answers: themes per question for the report, 0/1 for the file.

Counts are of respondents: each answer to a question is one respondent's, and a theme
counts once per answer whatever the number of its codes. The codes that count are the
settled ones where two coders differed, else the first coder's (`coding.counted_keys`).
Only answers whose coding is done count in the base (n): an answer not coded yet is
neither a mention nor a non-mention.
"""

from collections import Counter
from dataclasses import dataclass

from ervaring.analysis import agreement, coding
from ervaring.analysis.coding import FreeTextQuestion
from ervaring.analysis.models import Code, Quote
from ervaring.questionnaires.models import Survey
from ervaring.stats.suppression import decide_mention_suppression


@dataclass(frozen=True)
class ThemeCount:
    """One theme of one question: how many respondents mention it (None when hidden)."""

    key: str
    label: str
    polarity: str
    count: int | None
    share: float | None
    suppressed: bool


@dataclass(frozen=True)
class QuoteRow:
    text: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class OpenQuestionResult:
    """A question's coded answers: ranked themes, the chosen quotes, the coders' kappa."""

    question: FreeTextQuestion
    answers: int
    coded: int
    suppressed: bool
    themes: tuple[ThemeCount, ...]
    quotes: tuple[QuoteRow, ...]
    kappa: float | None
    kappa_items: int

    def of(self, polarity: str) -> tuple[ThemeCount, ...]:
        return tuple(t for t in self.themes if t.polarity == polarity)


def open_question_results(survey: Survey) -> list[OpenQuestionResult]:
    """Per free-text question with answers: its themes ranked by mentions, highest first
    (hidden ones after, by name), and the quotes the researcher chose."""
    codes = {c.key: c for c in Code.objects.filter(survey=survey)}
    results = []
    for question in coding.free_text_questions(survey):
        texts = coding.texts_of(survey, question)
        answers = texts.count()
        if not answers:
            continue
        counted = coding.counted_keys(texts)
        mentions = Counter(key for keys in counted.values() for key in keys if key in codes)
        hidden = decide_mention_suppression(mentions, len(counted), survey.min_group_size)
        themes = sorted(
            (
                ThemeCount(
                    key,
                    codes[key].label,
                    codes[key].polarity,
                    None if key in hidden.groups else n,
                    None if key in hidden.groups else 100 * n / len(counted),
                    key in hidden.groups,
                )
                for key, n in mentions.items()
            ),
            key=lambda t: (t.suppressed, -(t.count or 0), t.label),
        )
        chosen = Quote.objects.filter(open_text__in=texts).order_by("open_text_id")
        quotes = tuple(
            QuoteRow(
                q.open_text.text,
                tuple(sorted(codes[k].label for k in counted.get(q.open_text_id, ()))),
            )
            for q in chosen.select_related("open_text")
        )
        agreed = agreement.agreement(survey, question)
        results.append(
            OpenQuestionResult(
                question,
                answers,
                len(counted),
                hidden.total,
                tuple(themes),
                quotes,
                agreed.kappa,
                agreed.items,
            )
        )
    return results


@dataclass(frozen=True)
class CodeColumns:
    """0/1 columns per question and code for the data file, by response id.

    A respondent whose answer to the question is not coded (or who gave none) has no value
    in that question's columns (missing, not 0).
    """

    values: dict[str, dict[int, int]]
    labels: dict[str, str]


def code_columns(survey: Survey) -> CodeColumns:
    """A column per question and code given at least once: 1 mentioned, 0 not."""
    codes = {c.key: c for c in Code.objects.filter(survey=survey)}
    values: dict[str, dict[int, int]] = {}
    labels: dict[str, str] = {}
    for question in coding.free_text_questions(survey):
        texts = coding.texts_of(survey, question)
        counted = coding.counted_keys(texts)
        respondents = dict(texts.filter(pk__in=list(counted)).values_list("pk", "response_id"))
        used = sorted({k for keys in counted.values() for k in keys if k in codes})
        stem = question.id if question.kind == "open" else f"{question.id}_anders"
        for key in used:
            name = f"{stem}_{key.replace('-', '_')}"[:64]
            values[name] = {respondents[pk]: int(key in keys) for pk, keys in counted.items()}
            labels[name] = f"{question.text} – {codes[key].label} (1 = genoemd)"
    return CodeColumns(values, labels)
