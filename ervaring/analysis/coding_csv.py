"""Coding as CSV, for coding done elsewhere (a spreadsheet, another tool) and read back.

A row is one open answer or interview fragment: `id` is `antwoord-<n>` or `fragment-<n>`,
`tekst` the scrubbed text (never the raw), `codes` the codebook's code keys, separated by
commas. Reading back is all or nothing: every row's id must be a readable text of this
survey and every code must be in its codebook, else nothing is written and each faulty
row is named. Imported codes are the first coder's, like codes given on the page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.analysis import coding, interviews
from ervaring.analysis.models import Code, CoderRole, InterviewFragment
from ervaring.questionnaires.models import Survey
from ervaring.responses.models import OpenText
from ervaring.responses.open_texts import shown_texts

COLUMNS = ("id", "vraag", "tekst", "codes")
ANSWER, FRAGMENT = "antwoord", "fragment"


class CodingCsvError(ValueError):
    """A coding file that cannot be read back; `errors` names every faulty row."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class CodingRow:
    line: int
    kind: str
    pk: int
    keys: frozenset[str]


def export_rows(survey: Survey) -> list[tuple[str, str, str, str]]:
    """Every readable answer and fragment with its counted codes, for the CSV."""
    questions = {(q.id, q.kind): q.text for q in coding.free_text_questions(survey)}
    texts = shown_texts(survey)
    counted = coding.counted_keys(texts)
    rows = [
        (
            f"{ANSWER}-{t.pk}",
            questions.get((t.question_id, t.kind), t.question_id),
            t.text,
            ", ".join(sorted(counted.get(t.pk, ()))),
        )
        for t in texts
    ]
    found = interviews.find_round(survey)
    if found is not None:
        for fragment in (
            interviews.shown_fragments(found)
            .filter(is_interviewer=False)
            .select_related("interview")
            .prefetch_related("codes")
        ):
            keys = sorted(c.key for c in fragment.codes.all())
            rows.append(
                (
                    f"{FRAGMENT}-{fragment.pk}",
                    f"Interview {fragment.interview.pseudonym}",
                    fragment.text,
                    ", ".join(keys),
                )
            )
    return rows


def to_csv(rows: Iterable[tuple[str, str, str, str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def parse_csv(text: str) -> list[CodingRow]:
    """The rows of a coding CSV (`id` and `codes` needed); CodingCsvError names bad rows."""
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text), delimiter=";" if first.count(";") else ",")
    header = [h.strip().lower() for h in next(reader, [])]
    if "id" not in header or "codes" not in header:
        raise CodingCsvError([f"Regel 1: de kolommen 'id' en 'codes' zijn nodig ({header})."])
    at_id, at_codes = header.index("id"), header.index("codes")
    rows, errors = [], []
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        ident = values[at_id].strip() if at_id < len(values) else ""
        kind, _, number = ident.rpartition("-")
        if kind not in (ANSWER, FRAGMENT) or not number.isdigit():
            errors.append(
                f"Regel {line}: id '{ident}' is geen antwoord-<nummer> of fragment-<nummer>."
            )
            continue
        keys = values[at_codes] if at_codes < len(values) else ""
        found = frozenset(k.strip().lower() for k in keys.split(",") if k.strip())
        rows.append(CodingRow(line, kind, int(number), found))
    if errors:
        raise CodingCsvError(errors)
    return rows


@transaction.atomic
def import_coding(survey: Survey, rows: list[CodingRow], *, coder: Staff) -> int:
    """Write every row's codes, or none: raises CodingCsvError naming each faulty row."""
    known = set(Code.objects.filter(survey=survey).values_list("key", flat=True))
    answers = {t.pk: t for t in shown_texts(survey).filter(pk__in=_ids(rows, ANSWER))}
    fragments = {
        f.pk: f
        for f in InterviewFragment.objects.filter(
            interview__round__survey=survey,
            is_scrubbed=True,
            is_interviewer=False,
            pk__in=_ids(rows, FRAGMENT),
        ).select_related("interview__round")
    }
    errors, seen = [], set()
    for row in rows:
        target = (answers if row.kind == ANSWER else fragments).get(row.pk)
        if target is None:
            errors.append(f"Regel {row.line}: {row.kind} {row.pk} hoort niet bij dit onderzoek.")
        if (row.kind, row.pk) in seen:
            errors.append(f"Regel {row.line}: {row.kind} {row.pk} staat er twee keer in.")
        seen.add((row.kind, row.pk))
        unknown = sorted(row.keys - known)
        if unknown:
            errors.append(
                f"Regel {row.line}: code {', '.join(unknown)} staat niet in het codeboek."
            )
    if errors:
        raise CodingCsvError(errors)
    changed = 0
    for row in rows:
        if row.kind == ANSWER:
            answer: OpenText = answers[row.pk]
            changed += coding.save_codes(answer, CoderRole.FIRST, row.keys, coder=coder)
        else:
            changed += interviews.save_fragment_codes(fragments[row.pk], row.keys, coder=coder)
    log_event(
        "coding.imported",
        organisation=survey.organisation,
        actor=coder,
        target=survey.slug,
        rows=len(rows),
        changed=changed,
    )
    return changed


def _ids(rows: list[CodingRow], kind: str) -> list[int]:
    return [row.pk for row in rows if row.kind == kind]
