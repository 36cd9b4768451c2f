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
