"""Surveys and their questionnaire versions.

A survey is an organisation's questionnaire in a period with its settings. Its questionnaire
is stored as immutable versions (the document in plain data, see docs/questionnaire-format.md):
saving a change makes a new version, and every response stays tied to the version it was
given on. The version in use when fieldwork starts is frozen.
"""

from django.db import models

from ervaring.accounts.models import Organisation, Staff
from ervaring.questionnaires import lifecycle
from ervaring.questionnaires.lifecycle import Action


class Law(models.TextChoices):
    WMO = "wmo", "Wmo"
    JEUGD = "jeugd", "Jeugdwet"


class SurveyStatus(models.TextChoices):
    CONCEPT = "concept", "In voorbereiding"
    FIELDWORK = "veldwerk", "Veldwerk loopt"
    CLOSED = "gesloten", "Gesloten"
    REPORTED = "gerapporteerd", "Gerapporteerd"


class Survey(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="surveys")
    # Globally unique, because commands name a survey by slug alone.
    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField("naam", max_length=200)
    law = models.CharField("wet", max_length=10, choices=Law.choices)
    template_key = models.CharField(max_length=40, blank=True)
    status = models.CharField(
        max_length=20, choices=SurveyStatus.choices, default=SurveyStatus.CONCEPT
    )
    current_version = models.ForeignKey(
        "QuestionnaireVersion", on_delete=models.PROTECT, related_name="+", null=True
    )
    opens_on = models.DateField("begindatum", null=True, blank=True)
    closes_on = models.DateField("einddatum", null=True, blank=True)
    # Results on fewer valid answers than this are not shown.
    min_group_size = models.PositiveSmallIntegerField("minimale groepsgrootte", default=10)
    # Youth care: from this age the young person answers, below it a parent or carer.
    youth_self_from_age = models.PositiveSmallIntegerField(default=16)
    created_at = models.DateTimeField(auto_now_add=True)
    fieldwork_started_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open_for_answers(self) -> bool:
        return self.allows(Action.ANSWER)

    def allows(self, action: Action) -> bool:
        """Whether the survey's state allows `action` (see `lifecycle`)."""
        return lifecycle.allows(self.status, action)

    def require(self, action: Action) -> None:
        """Raise `lifecycle.SurveyError` with a Dutch reason unless `action` is allowed."""
        lifecycle.require(self.status, action)

    @property
    def can(self) -> dict[str, bool]:
        """Every action by name, for templates: `{% if survey.can.close %}`."""
        return {action.value: self.allows(action) for action in Action}

    @property
    def latest_version(self) -> "QuestionnaireVersion | None":
        """The newest saved version; during fieldwork it may not be in use yet."""
        return self.versions.order_by("-number").first()


class QuestionnaireVersion(models.Model):
    """One saved state of a survey's questionnaire; never changed after it is written."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.CharField(max_length=200, blank=True)
    frozen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="version_number_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.survey} v{self.number}"

    def save(self, *args: object, **kwargs: object) -> None:
        """Insert only; the one allowed update is setting `frozen_at`."""
        if self.pk is not None and kwargs.get("update_fields") != ["frozen_at"]:
            raise ValueError("A questionnaire version is immutable; save a new version.")
        super().save(*args, **kwargs)  # type: ignore[arg-type]
