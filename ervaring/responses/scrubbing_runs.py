"""The worker's side of free text: scrubbing it, and blanking its raw words after fieldwork.

Loaded only by the tasks (`responses.tasks`, by dotted path) and by commands: it imports the
scrubber, which loads deduce, so no page may import it (the cold-start contract).
"""

from collections import defaultdict

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Organisation, Staff, Team
from ervaring.accounts.services import log_event
from ervaring.fieldwork import closing
from ervaring.fieldwork.models import ContactDetails
from ervaring.questionnaires.models import Survey
from ervaring.responses.hiding import HIDDEN_TAG, Mark
from ervaring.responses.models import OpenText
from ervaring.responses.open_texts import decrypt
from ervaring.responses.scrubbing import Scrubber, Span

#: Rows scrubbed per task run; more continue in a fresh run.
SCRUB_BATCH = 500


def organisation_scrubber(organisation: Organisation) -> Scrubber:
    """A scrubber with the organisation's staff and team names and its clients' streets."""
    staff = Staff.objects.filter(organisation=organisation).values_list("first_name", "last_name")
    streets = (
        ContactDetails.objects.filter(client__survey__organisation=organisation)
        .exclude(street="")
        .values_list("street", flat=True)
        .distinct()
    )
    return Scrubber(
        staff_names=[f"{first} {last}".strip() for first, last in staff if first or last],
        team_names=Team.objects.filter(organisation=organisation).values_list("name", flat=True),
        street_names=list(streets),
        use_deduce=settings.SCRUB_WITH_DEDUCE,
    )


def scrub_waiting(*, survey_id: int | None = None, limit: int = SCRUB_BATCH) -> int:
    """Scrub up to `limit` waiting texts; returns how many were written.

    Safe to run twice at once: a row is written only if its raw text is still the revision
    that was scrubbed, so a text the respondent changed meanwhile waits for the next run.
    """
    # Waiting: new texts (never scrubbed) and those asked to be scrubbed again (`rescrub`).
    rows = OpenText.objects.filter(scrubbed_at__isnull=True).exclude(raw_encrypted="")
    if survey_id is not None:
        rows = rows.filter(survey_id=survey_id)
    batch = list(rows.select_related("survey").order_by("pk")[:limit])
    by_organisation: dict[int, list[OpenText]] = defaultdict(list)
    for row in batch:
        by_organisation[row.survey.organisation_id].append(row)
    written = 0
    for organisation_id, group in by_organisation.items():
        scrubber = organisation_scrubber(Organisation.objects.get(pk=organisation_id))
        for row in group:
            written += _scrub_row(scrubber, row)
    return written


def _scrub_row(scrubber: Scrubber, row: OpenText) -> int:
    raw = decrypt(row)
    if raw is None:
        return 0
    extra = [Span(HIDDEN_TAG, start, end) for start, end in row.hidden]
    result = scrubber.scrub(raw, extra)
    marks = [
        Mark(mark.tag, mark.start, mark.end, span.start, span.end).as_list()
        for mark, span in zip(result.marks, result.spans, strict=True)
    ]
    return OpenText.objects.filter(pk=row.pk, revision=row.revision).update(
        text=result.text, spans=marks, is_scrubbed=True, scrubbed_at=timezone.now()
    )


def scrub_survey(survey: Survey) -> int:
    """Scrub every waiting text of a survey now (commands and the demo); returns how many."""
    total = 0
    while written := scrub_waiting(survey_id=survey.pk):
        total += written
    return total


def purge_raw_texts(survey: Survey) -> int:
    """Blank the raw texts of a survey whose contact data are gone; returns how many.

    Texts still waiting are scrubbed first, so nothing is lost unread. Idempotent: a
    second run finds nothing. Refused (0) while the survey still holds contact data.
    """
    if not closing.is_contact_data_purged(survey):
        return 0
    scrub_survey(survey)
    with transaction.atomic():
        count = (
            OpenText.objects.filter(survey=survey)
            .exclude(raw_encrypted="")
            .update(raw_encrypted="", hidden=[], updated_at=timezone.now())
        )
        if count:
            log_event(
                "open_text.raw_deleted",
                organisation=survey.organisation,
                actor_label="taak contactgegevens wissen",
                target=survey.slug,
                texts=count,
            )
    return count
