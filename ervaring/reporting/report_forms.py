"""The form in which the analyst rewrites the drafted findings and recommendations."""

from __future__ import annotations

from django import forms

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.questionnaires.models import Survey
from ervaring.reporting.models import ReportText
from ervaring.reporting.report_context import Findings

HELP = "Eén punt per regel. Maak het veld leeg om weer de tekst uit de cijfers te gebruiken."


class ReportTextForm(forms.Form):
    plus_points = forms.CharField(
        label="Pluspunten", required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text=HELP
    )
    attention_points = forms.CharField(
        label="Aandachtspunten",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=HELP,
    )
    recommendations = forms.CharField(
        label="Aanbevelingen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=HELP,
    )

    @classmethod
    def for_survey(cls, survey: Survey, findings: Findings, data: object = None) -> ReportTextForm:
        """Pre-filled with what the report shows now (the stored text or the draft)."""
        initial = {
            "plus_points": "\n".join(findings.plus_points),
            "attention_points": "\n".join(findings.attention_points),
            "recommendations": "\n".join(findings.recommendations),
        }
        return cls(data or None, initial=initial)


def save_report_text(survey: Survey, data: dict[str, str], actor: object = None) -> ReportText:
    """The one write path of the analyst's text; logged."""
    text, _ = ReportText.objects.update_or_create(
        survey=survey,
        defaults={
            "plus_points": data.get("plus_points", "").strip(),
            "attention_points": data.get("attention_points", "").strip(),
            "recommendations": data.get("recommendations", "").strip(),
            "updated_by": actor if isinstance(actor, Staff) else None,
        },
    )
    log_event(
        "reporting.findings_edited",
        organisation=survey.organisation,
        actor=actor if isinstance(actor, Staff) else None,
        target=survey.slug,
    )
    return text
