"""The page's form for the council letter, and the one read and write path of its edits."""

from __future__ import annotations

from django import forms

from ervaring.accounts.models import Staff
from ervaring.accounts.services import log_event
from ervaring.questionnaires.models import Survey
from ervaring.reporting import council_letter
from ervaring.reporting.council_letter import CouncilLetter
from ervaring.reporting.models import CouncilLetterText
from ervaring.reporting.report_context import Report

TEXT = forms.TextInput(attrs={"class": "input"})
BLANK_KEEPS_DRAFT = "Maak het veld leeg om weer de tekst uit de cijfers te gebruiken."


class CouncilLetterForm(forms.Form):
    addressee = forms.CharField(label="Aan", max_length=300, required=False, widget=TEXT)
    letter_date = forms.DateField(
        label="Datum",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "input"}, format="%Y-%m-%d"),
    )
    reference = forms.CharField(label="Ons kenmerk", max_length=100, required=False, widget=TEXT)
    subject = forms.CharField(label="Onderwerp", max_length=300, required=False, widget=TEXT)
    summary = forms.CharField(
        label="Inleiding en samenvatting",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=f"Laat een witregel tussen twee alinea's. {BLANK_KEEPS_DRAFT}",
    )
    actions = forms.CharField(
        label="Wat het college gaat doen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=f"Eén afspraak per regel, geschreven als 'Wij ...'. {BLANK_KEEPS_DRAFT}",
    )
    secretary = forms.CharField(
        label="Naam van de secretaris", max_length=200, required=False, widget=TEXT
    )
    mayor = forms.CharField(
        label="Naam van de burgemeester", max_length=200, required=False, widget=TEXT
    )

    @classmethod
    def for_letter(cls, letter: CouncilLetter, data: object = None) -> CouncilLetterForm:
        """Pre-filled with what the letter shows now (the stored text or the draft)."""
        initial = {
            "addressee": letter.addressee,
            "letter_date": letter.letter_date,
            "reference": letter.reference,
            "subject": letter.subject,
            "summary": "\n\n".join(letter.summary),
            "actions": "\n".join(letter.actions),
            "secretary": letter.secretary,
            "mayor": letter.mayor,
        }
        return cls(data or None, initial=initial)


def load_council_letter(survey: Survey, report: Report) -> CouncilLetter:
    """The letter as it is now: the stored edits over the draft from the report."""
    stored = CouncilLetterText.objects.filter(survey=survey).first()
    edits = {name: getattr(stored, name) for name in council_letter.EDITABLE} if stored else {}
    return council_letter.build(report, edits)


def save_council_letter(
    survey: Survey, report: Report, data: dict[str, object], actor: object = None
) -> CouncilLetterText:
    """Store what differs from the draft (so untouched parts follow the figures); logged."""
    staff = actor if isinstance(actor, Staff) else None
    text, _ = CouncilLetterText.objects.update_or_create(
        survey=survey,
        defaults={**council_letter.changed_parts(report, data), "updated_by": staff},
    )
    log_event(
        "reporting.council_letter_edited",
        organisation=survey.organisation,
        actor=staff,
        target=survey.slug,
    )
    return text
