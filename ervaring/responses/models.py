"""Responses and answers: a random token and what was answered, never who answered.

Nothing here identifies a person or points to an invitation. The token is a keyed hash of
the login code (see `ervaring.fieldwork.codes`); the attributes are the coarse, non-identifying
ones that routing and breakdowns need.
"""

from django.db import models
from django.utils import timezone

from ervaring.accounts.models import Staff, Team
from ervaring.questionnaires.models import QuestionnaireVersion, Survey


class Response(models.Model):
    token = models.CharField(max_length=64, unique=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    # The version the respondent started on; later versions do not move them.
    version = models.ForeignKey(
        QuestionnaireVersion, on_delete=models.PROTECT, related_name="responses"
    )
    attributes = models.JSONField(default=dict)
    channel = models.CharField(max_length=20)
    language = models.CharField(max_length=5, default="nl")
    # The page the respondent was on when they last sent one: where a resume lands.
    current_page = models.CharField(max_length=60, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["survey", "completed_at"])]

    def __str__(self) -> str:
        return f"respons {self.pk}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None


class Answer(models.Model):
    """One question's answer; (response, question) is unique, so a resend overwrites."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=60)
    value = models.JSONField()
    other_text = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id"], name="one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id}={self.value!r}"


class OpenTextKind(models.TextChoices):
    OPEN = "open", "open vraag"
    OTHER = "anders", "anders, namelijk"


class OpenText(models.Model):
    """Free text a respondent wrote: an open question or an "anders, namelijk".

    The raw text exists only as a Fernet token (`raw_encrypted`, see
    `fieldwork.codes.encrypt_text`), read only to scrub it again, and blanked once the
    survey's contact data are gone (`scrubbing_runs.purge_raw_texts`). Staff read `text`, the
    scrubbed version the worker writes; until then the row is waiting (`is_scrubbed` false)
    and no page shows it. `scrubbed_at` empty means the worker has work on it: a new text,
    or one asked to be scrubbed again, which stays readable meanwhile. Of the respondent
    only the provision groups are copied here: the coding page shows the question, the
    scrubbed text and those groups, never more. The link to the response exists for the
    data file's 0/1 code columns and is never shown.

    `spans` are the tags in `text`, each with its place in the raw text:
    `[tag, start, end, raw_start, raw_end]`; `hidden` are the raw spans staff chose to hide,
    so a new scrub keeps them hidden. `revision` grows with each new raw text, so a worker
    that scrubbed an older one does not overwrite the newer.
    """

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="open_texts")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="open_texts")
    question_id = models.CharField(max_length=60)
    kind = models.CharField(max_length=10, choices=OpenTextKind.choices)
    provision_groups = models.JSONField(default=list)
    raw_encrypted = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    text = models.TextField(blank=True)
    spans = models.JSONField(default=list)
    hidden = models.JSONField(default=list)
    is_scrubbed = models.BooleanField(default=False)
    scrubbed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question_id", "kind"], name="one_open_text_per_field"
            )
        ]
        indexes = [
            models.Index(fields=["survey", "question_id", "kind"]),
            models.Index(fields=["is_scrubbed"]),
        ]

    def __str__(self) -> str:
        return f"open antwoord {self.pk} ({self.question_id})"


class CodeThrottle(models.Model):
    """How much of an address's budget for wrong login codes is spent (`responses.throttle`).

    The address is a keyed hash, never the IP itself; a row lives only while its budget is
    not back in full, and a code that exists never writes one.
    """

    address_hash = models.CharField(max_length=32, unique=True)
    # Seconds since the epoch at which the whole budget is back.
    spent_until = models.FloatField(db_index=True)

    def __str__(self) -> str:
        return self.address_hash[:8]


class KioskSession(models.Model):
    """A tablet unlocked by a professional so that clients of their team answer on the spot.

    The tablet holds a random key in a signed cookie; only its keyed hash is stored here. No
    response points to a kiosk session: the tablet's clients are as unlinkable as any other.
    """

    key_hash = models.CharField(max_length=64, unique=True)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, related_name="+")
    pin_hash = models.CharField(max_length=128)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"tablet {self.pk} ({self.team_id})"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None
