"""Recording on invitations who started and who completed, without linking them to answers.

A respondent's transaction writes the response and a `ProgressNote` holding the response's
token, never the invitation. Had it updated the invitation, the two rows would share a
transaction id (PostgreSQL's `xmin`) and a commit time, and anyone with a copy of the
database could join them: that linked 100 of 100 responses to a name. Here the worker, which
holds the key, finds the invitation of each noted token (by decrypting the survey's codes
and deriving their tokens) and records the flags in one transaction per survey that also
rewrites randomly chosen other invitations of the survey (decoys), in shuffled order, so that
every such transaction touches at least the survey's minimum group size of invitations. An
attacker who sees which invitations a recording transaction touched, and which responses
changed before it, is left with at least k candidates for each.

Reminders, letters and the closing purge record progress first (`record_progress`), so the
flags they rely on are up to date; the schedule runs it every few minutes for the overview.
"""

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from ervaring.fieldwork import codes
from ervaring.fieldwork.models import Invitation, ProgressNote
from ervaring.questionnaires.models import Survey

_random = random.SystemRandom()


@dataclass(frozen=True)
class ProgressReport:
    notes: int
    started: int
    completed: int
    touched: int


def note_progress(survey_id: int, token: str, *, is_completed: bool) -> None:
    """Note, inside the respondent's transaction, that this token's response started or
    completed; a second note of the same state is ignored."""
    ProgressNote.objects.bulk_create(
        [ProgressNote(survey_id=survey_id, token=token, is_completed=is_completed)],
        ignore_conflicts=True,
    )


def note_progress_batch(survey_id: int, tokens: list[str], *, is_completed: bool) -> None:
    """`note_progress` for many responses at once (paper batches, the demo)."""
    ProgressNote.objects.bulk_create(
        [ProgressNote(survey_id=survey_id, token=t, is_completed=is_completed) for t in tokens],
        batch_size=2000,
        ignore_conflicts=True,
    )


def record_progress(survey: Survey) -> ProgressReport:
    """Move the survey's notes onto its invitations (see the module docstring); idempotent."""
    with transaction.atomic():
        notes = list(
            ProgressNote.objects.select_for_update(skip_locked=True)
            .filter(survey=survey)
            .values_list("pk", "token", "is_completed")
        )
        if not notes:
            return ProgressReport(0, 0, 0, 0)
        completed_tokens = {token for _, token, done in notes if done}
        noted_tokens = {token for _, token, _ in notes}
        started, completed = _match(survey, noted_tokens, completed_tokens)
        touched = _write_flags(survey, started, completed)
        ProgressNote.objects.filter(pk__in=[pk for pk, _, _ in notes]).delete()
    return ProgressReport(len(notes), len(started), len(completed), touched)


def _match(survey: Survey, tokens: set[str], completed_tokens: set[str]) -> tuple[set, set]:
    """Invitation ids whose response started / completed, found through their codes."""
    key = settings.CODE_KEY
    started: set[int] = set()
    completed: set[int] = set()
    candidates = (
        Invitation.objects.filter(survey=survey, is_completed=False)
        .exclude(code_encrypted="")
        .values_list("pk", "code_encrypted", "is_started")
    )
    for pk, encrypted, is_started in candidates.iterator(chunk_size=2000):
        code = codes.decrypt_code(encrypted, key)
        token = codes.response_token(code, key) if code else None
        if token in completed_tokens:
            completed.add(pk)
        elif token in tokens and not is_started:
            started.add(pk)
    return started, completed


def _write_flags(survey: Survey, started: set[int], completed: set[int]) -> int:
    """Real changes and decoys in ONE update statement (so neither the transaction nor the
    physical order of the new row versions tells them apart); returns the rows written."""
    changed = started | completed
    if not changed:
        return 0
    wanted = max(survey.min_group_size, 1) - len(changed)
    others = list(
        Invitation.objects.filter(survey=survey)
        .exclude(pk__in=changed)
        .values_list("pk", flat=True)
    )
    decoys = _random.sample(others, min(max(wanted, 0), len(others)))
    rows = list(
        Invitation.objects.filter(pk__in=[*changed, *decoys]).only("is_started", "is_completed")
    )
    for row in rows:
        row.is_started = row.is_started or row.pk in changed
        row.is_completed = row.is_completed or row.pk in completed
    Invitation.objects.bulk_update(rows, ["is_started", "is_completed"], batch_size=len(rows))
    return len(rows)
