"""Closing fieldwork and deleting the contact data of the people who were invited.

Contact data may only be used to invite (AVG, purpose limitation), so once fieldwork is closed
and the retention period has passed, everything that identifies or reaches a person goes:

- every `ContactDetails` row of the survey (names, addresses, e-mail, phone numbers, birth
  dates, the parent or carer's data) is deleted;
- every `Invitation` loses its encrypted code (no letter can be printed again, no code can be
  read back) and its code hash is replaced by `gewist-<id>`, so that not even someone holding
  the installation's key can tie an invitation to a response token any more;
- every outbox `Message` loses its address (`to`) and its last error text (a bounce message
  quotes the address); its channel, status and times stay, for the overview's counts;
- every `Client` keeps its row with only the coarse attributes analysis needs (law, provision
  groups, birth year, gender, team, district: the population totals and representativeness
  checks use them), but its client number is replaced by `gewist-<id>`.

Responses and their attributes are not touched (they live in `responses` and never pointed
here). Invitation rows stay too, with their channel, team, coarse attributes and status flags,
so the fieldwork overview shows the same counts after the purge; the totals are also written
into the audit event before anything is deleted, like Open Formulieren's surviving counts.

The purge is idempotent: a second run finds nothing left and changes nothing.
"""

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.tasks import task
from django.utils import timezone

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork import outbox, overview, progress
from ervaring.fieldwork.models import Client, ContactDetails, Invitation, Message, ProgressNote
from ervaring.questionnaires import services as questionnaires
from ervaring.questionnaires.lifecycle import Action
from ervaring.questionnaires.models import Survey

#: Days between closing and deleting contact data; the issue's default is "at closing".
DEFAULT_RETENTION_DAYS = 0
PURGED_PREFIX = "gewist-"


@dataclass(frozen=True)
class PurgeResult:
    """What one purge run removed (counts only, never who)."""

    contact_details_deleted: int = 0
    addresses_blanked: int = 0
    codes_removed: int = 0
    clients_pseudonymised: int = 0

    @property
    def changed_anything(self) -> bool:
        return any(asdict(self).values())


@dataclass(frozen=True)
class ClosingOutcome:
    """The closed survey, when its contact data go, and what was purged right away."""

    survey: Survey
    purge_after: datetime
    purged: PurgeResult | None


def close_fieldwork(
    survey: Survey,
    *,
    retention_days: int = DEFAULT_RETENTION_DAYS,
    actor: Staff | None = None,
    actor_label: str = "",
) -> ClosingOutcome:
    """Close the survey and purge its contact data now or when the retention period ends.

    The retention period counts from the moment of closing, so running this again on a closed
    survey (say with `retention_days=0`) purges at once when that moment has passed. A later
    purge is a background task with `run_after`, enqueued when the transaction commits.
    """
    if retention_days < 0:
        raise ValueError("The retention period cannot be negative.")
    with transaction.atomic():
        survey = questionnaires.close_fieldwork(survey, actor=actor, actor_label=actor_label)
        # Said, not silent: what was still waiting shows as not sent, with this reason.
        outbox.cancel_queued(survey, "veldwerk gesloten voordat het bericht uitging")
        purge_after = survey.closed_at + timedelta(days=retention_days)
        log_event(
            "fieldwork.purge_scheduled",
            organisation=survey.organisation,
            actor=actor,
            actor_label=actor_label,
            target=survey.slug,
            retention_days=retention_days,
            purge_after=purge_after.isoformat(),
        )
        if purge_after > timezone.now():
            survey_id = survey.pk
            transaction.on_commit(
                lambda: purge_contact_data_task.using(run_after=purge_after).enqueue(survey_id)
            )
            return ClosingOutcome(survey, purge_after, None)
    purged = purge_contact_data(survey, actor=actor, actor_label=actor_label)
    return ClosingOutcome(survey, purge_after, purged)


@transaction.atomic
def purge_contact_data(
    survey: Survey, *, actor: Staff | None = None, actor_label: str = ""
) -> PurgeResult:
    """Delete the survey's contact data (see the module docstring); only for a closed survey.

    The overview totals are taken first and stored in the audit event with the counts of
    what was removed, so the event itself shows that nothing the overview needs was lost.
    """
    survey = Survey.objects.select_for_update().select_related("organisation").get(pk=survey.pk)
    survey.require(Action.PURGE_CONTACT_DATA)
    totals = overview.survey_totals(survey)
    # The last answers' progress first: it needs the codes that the purge removes.
    progress.record_progress(survey)
    ProgressNote.objects.filter(survey=survey).delete()  # any a running recorder skipped
    contacts, _ = ContactDetails.objects.filter(client__survey=survey).delete()
    addresses = (
        Message.objects.filter(survey=survey)
        .exclude(to="", last_error="")
        .update(to="", last_error="")
    )
    codes_removed = _remove_codes(survey)
    clients = (
        Client.objects.filter(survey=survey)
        .exclude(client_ref__startswith=PURGED_PREFIX)
        .update(client_ref=Concat(Value(PURGED_PREFIX), Cast("pk", CharField())))
    )
    result = PurgeResult(contacts, addresses, codes_removed, clients)
    if result.changed_anything:
        log_event(
            "fieldwork.contact_data_deleted",
            organisation=survey.organisation,
            actor=actor,
            actor_label=actor_label or ("taak" if actor is None else ""),
            target=survey.slug,
            **asdict(result),
            overview_totals=asdict(totals),
        )
    return result


def is_contact_data_purged(survey: Survey) -> bool:
    """Whether the survey is closed and holds no contact data any more: purged, or never any.

    What goes with the contact data but lives in a higher app (respondents' raw free text,
    `responses.scrubbing_runs.purge_raw_texts`) waits for this, since fieldwork cannot call it.
    """
    if not survey.allows(Action.PURGE_CONTACT_DATA):
        return False
    return not (
        ContactDetails.objects.filter(client__survey=survey).exists()
        or Invitation.objects.filter(survey=survey)
        .exclude(code_hash__startswith=PURGED_PREFIX)
        .exists()
        or Client.objects.filter(survey=survey)
        .exclude(client_ref__startswith=PURGED_PREFIX)
        .exists()
    )


def _remove_codes(survey: Survey) -> int:
    """Blank the encrypted codes and replace each code hash by `gewist-<id>`.

    The replacement keeps the unique index satisfied and is not derived from the code, so it
    can never be matched to a response token, with or without the installation's key.
    """
    return (
        Invitation.objects.filter(survey=survey)
        .exclude(code_hash__startswith=PURGED_PREFIX)
        .update(code_encrypted="", code_hash=Concat(Value(PURGED_PREFIX), Cast("pk", CharField())))
    )


@task()
def purge_contact_data_task(survey_id: int) -> dict[str, int]:
    """The scheduled purge at the end of the retention period; safe to run twice.

    A survey that no longer exists or is not closed is left alone.
    """
    survey = Survey.objects.filter(pk=survey_id).first()
    if survey is None or not survey.allows(Action.PURGE_CONTACT_DATA):
        return {}
    return asdict(purge_contact_data(survey, actor_label="taak contactgegevens wissen"))
