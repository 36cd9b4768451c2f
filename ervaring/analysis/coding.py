"""Queries and verbs of coding open answers (the pages and commands call these)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from ervaring.questionnaires.models import Survey
from ervaring.questionnaires.services import get_document
from ervaring.responses.models import OpenText, OpenTextKind


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


def question_progress(survey: Survey) -> list[QuestionProgress]:
    """Per free-text question: answers readable (scrubbed) and still being scrubbed."""
    counts = {
        (row["question_id"], row["kind"]): row
        for row in OpenText.objects.filter(survey=survey, response__completed_at__isnull=False)
        .values("question_id", "kind")
        .annotate(
            shown=Count("pk", filter=Q(is_scrubbed=True)),
            waiting=Count("pk", filter=Q(is_scrubbed=False)),
        )
    }
    progress = []
    for question in free_text_questions(survey):
        row = counts.get((question.id, question.kind), {})
        progress.append(QuestionProgress(question, row.get("shown", 0), row.get("waiting", 0)))
    return progress
