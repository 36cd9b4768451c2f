"""The worker's side of interviews: scrubbing transcript fragments, and blanking their raw words.

Loaded only by the task (`analysis.tasks.scrub_interviews`), by commands and by the demo:
it reaches the scrubber, which loads deduce, so no page may import it (the cold-start
contract). The same scrubber as for open answers, with the organisation's own lists
(`scrubbing_runs.organisation_scrubber`).
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation
from ervaring.accounts.services import log_event
from ervaring.analysis.interviews import decrypt
from ervaring.analysis.models import InterviewFragment
from ervaring.fieldwork import closing
from ervaring.questionnaires.models import Survey
from ervaring.responses.hiding import HIDDEN_TAG, Mark
from ervaring.responses.scrubbing import Span
from ervaring.responses.scrubbing_runs import SCRUB_BATCH, organisation_scrubber


def scrub_waiting(*, survey_id: int | None = None, limit: int = SCRUB_BATCH) -> int:
    """Scrub up to `limit` waiting fragments; returns how many were written.

    Safe to run twice: a fragment is written only while it still waits with the raw text
    that was scrubbed (a new upload deletes and recreates fragments).
    """
    rows = InterviewFragment.objects.filter(scrubbed_at__isnull=True).exclude(raw_encrypted="")
    if survey_id is not None:
        rows = rows.filter(interview__round__survey_id=survey_id)
    batch = list(rows.select_related("interview__round__survey").order_by("pk")[:limit])
    by_organisation: dict[int, list[InterviewFragment]] = defaultdict(list)
    for row in batch:
        by_organisation[row.interview.round.survey.organisation_id].append(row)
    written = 0
    for organisation_id, group in by_organisation.items():
        scrubber = organisation_scrubber(Organisation.objects.get(pk=organisation_id))
        for row in group:
            raw = decrypt(row)
            if raw is None:
                continue
            extra = [Span(HIDDEN_TAG, start, end) for start, end in row.hidden]
            result = scrubber.scrub(raw, extra)
            marks = [
                Mark(mark.tag, mark.start, mark.end, span.start, span.end).as_list()
                for mark, span in zip(result.marks, result.spans, strict=True)
            ]
            written += InterviewFragment.objects.filter(
                pk=row.pk, raw_encrypted=row.raw_encrypted, scrubbed_at__isnull=True
            ).update(text=result.text, spans=marks, is_scrubbed=True, scrubbed_at=timezone.now())
    return written


def scrub_survey(survey_id: int) -> int:
    """Scrub every waiting fragment of a survey now (commands, demo); returns how many."""
    total = 0
    while written := scrub_waiting(survey_id=survey_id):
        total += written
    return total


def purge_raw_fragments() -> int:
    """Blank the raw words of fragments whose survey's contact data are gone; how many.

    Like the open answers' raw text, a transcript's raw words go with the contact data,
    scrubbed first so nothing is lost unread. Idempotent.
    """
    total = 0
    surveys = (
        InterviewFragment.objects.exclude(raw_encrypted="")
        .values_list("interview__round__survey_id", flat=True)
        .distinct()
    )
    for survey in Survey.objects.filter(pk__in=list(surveys)).select_related("organisation"):
        if not closing.is_contact_data_purged(survey):
            continue
        scrub_survey(survey.pk)
        with transaction.atomic():
            count = (
                InterviewFragment.objects.filter(interview__round__survey=survey)
                .exclude(raw_encrypted="")
                .update(raw_encrypted="", hidden=[])
            )
        if count:
            log_event(
                "interview.raw_deleted",
                organisation=survey.organisation,
                actor_label="taak contactgegevens wissen",
                target=survey.slug,
                fragments=count,
            )
        total += count
    return total
