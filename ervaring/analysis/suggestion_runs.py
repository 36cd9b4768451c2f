"""The worker's side of suggestions: train on the organisation's coded answers and interview
fragments, score the rest.

Loaded by the task only (`analysis.tasks.train_suggestions`): it trains a scikit-learn
model, which takes a second or two, so no page waits for it. Answers coded in earlier
surveys count by their code keys, as long as this survey's codebook has the key.
"""

from django.db import transaction
from django.utils import timezone

from ervaring.analysis import suggestions
from ervaring.analysis.coding import counted_keys
from ervaring.analysis.models import Code, CoderRole, InterviewFragment, SuggestedCodes
from ervaring.questionnaires.models import Survey
from ervaring.responses.models import OpenText
from ervaring.responses.open_texts import shown_texts


def train_and_suggest(survey: Survey) -> int:
    """Retrain and store the scores of the survey's uncoded answers and interview fragments
    (both learn from each other: same codebook keys); returns how many were scored."""
    keys = set(Code.objects.filter(survey=survey).values_list("key", flat=True))
    coded = counted_keys(
        OpenText.objects.filter(survey__organisation=survey.organisation, is_scrubbed=True)
    )
    texts = dict(OpenText.objects.filter(pk__in=list(coded)).values_list("pk", "text"))
    examples = [(texts[pk], sorted(k for k in found if k in keys)) for pk, found in coded.items()]
    examples += _coded_fragments(survey, keys)
    trained = suggestions.train([t for t, _ in examples], [k for _, k in examples])
    uncoded = list(
        shown_texts(survey).exclude(codings__role=CoderRole.FIRST).values_list("pk", "text")
    )
    fragments = list(
        InterviewFragment.objects.filter(
            interview__round__survey=survey,
            is_scrubbed=True,
            is_interviewer=False,
            coded_at__isnull=True,
        ).values_list("pk", "text")
    )
    with transaction.atomic():
        SuggestedCodes.objects.filter(open_text__survey=survey).delete()
        InterviewFragment.objects.filter(interview__round__survey=survey).update(suggested=None)
        if trained is None or not (uncoded or fragments):
            return 0
        now = timezone.now()
        scores = suggestions.predict(trained, [text for _, text in uncoded])
        SuggestedCodes.objects.bulk_create(
            SuggestedCodes(open_text_id=pk, scores=score, trained_at=now)
            for (pk, _), score in zip(uncoded, scores, strict=True)
        )
        for (pk, _), score in zip(
            fragments, suggestions.predict(trained, [t for _, t in fragments]), strict=True
        ):
            InterviewFragment.objects.filter(pk=pk, coded_at__isnull=True).update(suggested=score)
    return len(uncoded) + len(fragments)


def _coded_fragments(survey: Survey, keys: set[str]) -> list[tuple[str, list[str]]]:
    """The organisation's coded interview fragments as examples (their codes in `keys`)."""
    found: dict[int, tuple[str, set[str]]] = {}
    rows = InterviewFragment.objects.filter(
        interview__round__survey__organisation=survey.organisation,
        is_scrubbed=True,
        is_interviewer=False,
        coded_at__isnull=False,
    ).values_list("pk", "text", "codes__key")
    for pk, text, key in rows:
        entry = found.setdefault(pk, (text, set()))
        if key in keys:
            entry[1].add(key)
    return [(text, sorted(found_keys)) for text, found_keys in found.values()]
