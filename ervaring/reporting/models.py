"""What the analyst adds to a generated report before it is published.

The findings and recommendations are drafted from the numbers every time the report is
built; an analyst may rewrite them (B1 language, local context the numbers cannot know).
A blank field means "use the draft", so a new import of responses still updates every part
nobody touched.
"""

from django.db import models

from ervaring.accounts.models import Staff
from ervaring.questionnaires.models import Survey


class ReportText(models.Model):
    """The analyst's own text for a survey's findings; one line per bullet."""

    survey = models.OneToOneField(Survey, on_delete=models.CASCADE, related_name="report_text")
    plus_points = models.TextField("pluspunten", blank=True)
    attention_points = models.TextField("aandachtspunten", blank=True)
    recommendations = models.TextField("aanbevelingen", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "rapporttekst"

    def __str__(self) -> str:
        return f"rapporttekst {self.survey}"

    @staticmethod
    def lines(text: str) -> tuple[str, ...]:
        """The bullets of a field: its non-empty lines, without a leading bullet sign."""
        return tuple(
            line.strip().lstrip("•-*").strip() for line in text.splitlines() if line.strip()
        )


class CouncilLetterText(models.Model):
    """What the project leader sets or rewrites in the council letter (raadsbrief).

    Only parts that differ from the draft are stored: a blank field means "use the draft",
    so the figures in an untouched part still follow a new import of responses.
    """

    survey = models.OneToOneField(
        Survey, on_delete=models.CASCADE, related_name="council_letter_text"
    )
    addressee = models.CharField("aan", max_length=300, blank=True)
    letter_date = models.DateField("datum", null=True, blank=True)
    reference = models.CharField("ons kenmerk", max_length=100, blank=True)
    subject = models.CharField("onderwerp", max_length=300, blank=True)
    summary = models.TextField("inleiding en samenvatting", blank=True)
    actions = models.TextField("wat het college gaat doen", blank=True)
    secretary = models.CharField("naam van de secretaris", max_length=200, blank=True)
    mayor = models.CharField("naam van de burgemeester", max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(Staff, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = "raadsbrieftekst"

    def __str__(self) -> str:
        return f"raadsbrief {self.survey}"
