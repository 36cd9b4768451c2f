"""Queries and verbs of coding open answers (the pages and commands call these).

One verb per change: `save_codes` is the only place a coding changes (the page, undo and
the settling of disagreements use it), and it records the codes before, so that
"ongedaan maken" can put them back.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.analysis import suggestions
from ervaring.analysis.models import Code, CoderRole, Coding, CodingStep, Quote, SuggestedCodes
from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses.models import OpenText, OpenTextKind
from ervaring.responses.open_texts import shown_texts


@dataclass(frozen=True)
class FreeTextQuestion:
    """A question whose answers are free text: an open question, or a choice's "anders"."""

    id: str
    kind: str
    text: str

    @property
    def slug(self) -> str:
        """How a page names it: the question id, with `--anders` for an "anders" text."""
        return self.id if self.kind == OpenTextKind.OPEN else f"{self.id}--anders"


def free_text_questions(survey: Survey) -> list[FreeTextQuestion]:
    """The survey's questions that take free text, in questionnaire order."""
    if survey.current_version is None:
        return []
    found = []
    for question in get_document(survey.current_version).questions():
        text = question.text.get("nl")
        if question.type == "open":
            found.append(FreeTextQuestion(question.id, OpenTextKind.OPEN, text))
        elif any(option.other for option in question.options):
            found.append(FreeTextQuestion(question.id, OpenTextKind.OTHER, f"{text} (anders)"))
    return found


def find_question(survey: Survey, slug: str) -> FreeTextQuestion | None:
    return next((q for q in free_text_questions(survey) if q.slug == slug), None)


@dataclass(frozen=True)
class QuestionProgress:
    question: FreeTextQuestion
    answers: int
    waiting: int
    coded: int = 0


def question_progress(survey: Survey) -> list[QuestionProgress]:
    """Per free-text question: answers readable (scrubbed) and still being scrubbed."""
    counts = {
        (row["question_id"], row["kind"]): row
        for row in OpenText.objects.filter(survey=survey, response__completed_at__isnull=False)
        .values("question_id", "kind")
        .annotate(
            # distinct: the join with codings repeats a text once per coding.
            shown=Count("pk", filter=Q(is_scrubbed=True), distinct=True),
            waiting=Count("pk", filter=Q(is_scrubbed=False), distinct=True),
            coded=Count(
                "pk", filter=Q(is_scrubbed=True, codings__role=CoderRole.FIRST), distinct=True
            ),
        )
    }
    progress = []
    for question in free_text_questions(survey):
        row = counts.get((question.id, question.kind), {})
        progress.append(
            QuestionProgress(
                question, row.get("shown", 0), row.get("waiting", 0), row.get("coded", 0)
            )
        )
    return progress


def texts_of(survey: Survey, question: FreeTextQuestion) -> QuerySet[OpenText]:
    return shown_texts(survey, question.id).filter(kind=question.kind)


def queue(survey: Survey, question: FreeTextQuestion, role: str) -> list[int]:
    """The answers a coder goes through in this role, in order: all of them for the first
    coder, the drawn sample for the second."""
    rows = texts_of(survey, question)
    if role == CoderRole.SECOND:
        rows = rows.filter(second_sample__isnull=False)
    return list(rows.values_list("pk", flat=True))


def codes_of(open_text: OpenText, role: str) -> set[str] | None:
    """The code keys of an answer in a role; None when it was not coded in that role."""
    coding = Coding.objects.filter(open_text=open_text, role=role).first()
    if coding is None:
        return None
    return set(coding.codes.values_list("key", flat=True))


class CodingRefused(ValueError):
    """A coding that may not be made; the message says why, in Dutch."""


@transaction.atomic
def save_codes(
    open_text: OpenText, role: str, keys: Iterable[str], *, coder: Staff, record: bool = True
) -> bool:
    """Give an answer these codes in this role; False when nothing changed.

    The second coder codes blind and must be someone else than the first coder of that
    answer. `record` keeps the codes before for undo (undo itself does not record).
    """
    wanted = set(keys)
    codes = list(Code.objects.filter(survey_id=open_text.survey_id, key__in=wanted))
    if len(codes) != len(wanted):
        unknown = ", ".join(sorted(wanted - {c.key for c in codes}))
        raise CodingRefused(f"Code {unknown} staat niet in het codeboek van dit onderzoek.")
    if role == CoderRole.SECOND:
        first = Coding.objects.filter(open_text=open_text, role=CoderRole.FIRST).first()
        if first is not None and first.coder_id == coder.pk:
            raise CodingRefused(
                "U heeft dit antwoord zelf als eerste gecodeerd; een collega codeert het "
                "als tweede."
            )
    coding = Coding.objects.select_for_update().filter(open_text=open_text, role=role).first()
    before = sorted(coding.codes.values_list("pk", flat=True)) if coding else None
    if before is not None and set(before) == {c.pk for c in codes}:
        return False
    if record:
        CodingStep.objects.create(coder=coder, open_text=open_text, role=role, before=before)
    if coding is None:
        coding = Coding.objects.create(open_text=open_text, role=role, coder=coder)
    elif role != CoderRole.SETTLED:
        Coding.objects.filter(pk=coding.pk).update(coder=coder)
    coding.codes.set(codes)
    SuggestedCodes.objects.filter(open_text=open_text).delete()
    return True


@transaction.atomic
def undo_last(survey: Survey, coder: Staff, role: str) -> OpenText | None:
    """Put back the codes before this coder's last change in this survey and role."""
    step = (
        CodingStep.objects.select_for_update()
        .filter(coder=coder, role=role, open_text__survey=survey)
        .select_related("open_text")
        .first()
    )
    if step is None:
        return None
    if step.before is None:
        Coding.objects.filter(open_text=step.open_text, role=role).delete()
    else:
        keys = Code.objects.filter(pk__in=step.before).values_list("key", flat=True)
        save_codes(step.open_text, role, keys, coder=coder, record=False)
    step.delete()
    return step.open_text


def set_quote(open_text: OpenText, is_quote: bool, *, actor: Staff) -> None:
    """Choose an answer as a quote for the report, or no longer (logged)."""
    with transaction.atomic():
        if is_quote:
            _, created = Quote.objects.get_or_create(
                open_text=open_text, defaults={"chosen_by": actor}
            )
        else:
            created = bool(Quote.objects.filter(open_text=open_text).delete()[0])
        if created:
            log_event(
                "open_text.quote_chosen" if is_quote else "open_text.quote_dropped",
                organisation=actor.organisation,
                actor=actor,
                target=f"{open_text.survey.slug} {open_text.question_id} #{open_text.pk}",
            )


def counted_keys(texts: QuerySet[OpenText]) -> dict[int, set[str]]:
    """Per coded answer the code keys that count: the settled codes where a disagreement
    was settled, else the first coder's."""
    found: dict[int, dict[str, set[str]]] = {}
    rows = Coding.objects.filter(
        open_text__in=texts, role__in=[CoderRole.FIRST, CoderRole.SETTLED]
    ).values_list("open_text_id", "role", "codes__key")
    for text_id, role, key in rows:
        keys = found.setdefault(text_id, {}).setdefault(role, set())
        if key is not None:
            keys.add(key)
    return {
        text_id: roles.get(CoderRole.SETTLED, roles.get(CoderRole.FIRST, set()))
        for text_id, roles in found.items()
    }


@dataclass(frozen=True)
class Suggestion:
    code: Code
    score: float


def suggested(open_text: OpenText, codes: list[Code]) -> list[Suggestion]:
    """The ranked suggestions for an answer: the worker's model scores and the keywords."""
    stored = SuggestedCodes.objects.filter(open_text=open_text).first()
    keywords = suggestions.keyword_scores(
        open_text.text, {c.key: c.keyword_list for c in codes if c.keyword_list}
    )
    ranked = suggestions.rank(
        stored.scores if stored else {}, keywords, has_model=stored is not None
    )
    by_key = {c.key: c for c in codes}
    return [Suggestion(by_key[key], score) for key, score in ranked if key in by_key]
