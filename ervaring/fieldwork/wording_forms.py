"""The form of the survey's own words in letters, e-mails and SMS (rules in fieldwork.wording)."""

from django import forms

from ervaring.fieldwork.forms import StyledForm
from ervaring.fieldwork.wording import LIMITS, PLACEHOLDERS, Wording

#: Said once above the form (the page lists them), not under every field.
FILL_INS = [(f"{{{name}}}", meaning) for name, meaning in PLACEHOLDERS.items()]
_HELP = {
    "letter_subject": "Leeg: ‘Wat vindt u van de hulp die u kreeg?’",
    "invitation_opening": "Leeg: de standaardtekst (waarom u deze brief krijgt). Ook in de e-mail.",
    "reminder_opening": "Leeg: de standaardtekst van de herinnering. Ook in de e-mail.",
    "extra_paragraph": "Bijvoorbeeld over een attentie of een verloting. Komt in de brief en "
    "de e-mail, na de datum.",
    "email_subject": "Leeg: ‘{organisatie}: wat vindt u van de hulp?’",
    "sms_text": "De zin vóór de link. Leeg: ‘{organisatie} wil graag weten wat u van de hulp "
    "vindt. Het kost 10 minuten:’. De link en de afmeldlink komen er altijd achter.",
}
_LONG = {"invitation_opening", "reminder_opening", "extra_paragraph"}


class WordingForm(StyledForm):
    """One field per changeable text; the checks are the plain module's, per field."""

    letter_subject = forms.CharField(required=False)
    invitation_opening = forms.CharField(required=False)
    reminder_opening = forms.CharField(required=False)
    extra_paragraph = forms.CharField(required=False)
    email_subject = forms.CharField(required=False)
    sms_text = forms.CharField(required=False)
    show = forms.ChoiceField(
        label="Voorbeeld van",
        choices=[("uitnodiging", "de uitnodiging"), ("herinnering", "de herinnering")],
        initial="uitnodiging",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, (label, limit) in LIMITS.items():
            field = self.fields[name]
            field.label, field.help_text = label, _HELP[name]
            field.widget = forms.Textarea(attrs={"rows": 4}) if name in _LONG else field.widget
            field.widget.attrs.update({"class": "input", "maxlength": str(limit)})
        self.fields["show"].widget.attrs.pop("class", None)

    def wording(self) -> Wording:
        """The words as typed (stripped), valid or not: the preview shows them either way."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return Wording(**{name: str(data.get(name) or "").strip() for name in LIMITS})

    @property
    def is_reminder(self) -> bool:
        return (self.cleaned_data.get("show") or "uitnodiging") == "herinnering"
