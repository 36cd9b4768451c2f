"""The form of the survey's own words in letters, e-mails and SMS (rules in fieldwork.wording)."""

from django import forms

from ervaring import languages
from ervaring.fieldwork.forms import StyledForm
from ervaring.fieldwork.wording import LIMITS, PLACEHOLDERS, Wording
from ervaring.questionnaires.translations import DUTCH_NAMES

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
_TRANSLATED_HELP = (
    "Nodig als u de Nederlandse tekst veranderde. Leeg: de standaardtekst in deze taal."
)


class WordingForm(StyledForm):
    """One field per changeable text, in Dutch and in each other language the survey offers
    (`other_languages`: fields named 'sms_text__tr'); the checks are the plain module's."""

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

    language = forms.ChoiceField(
        label="Voorbeeld in",
        choices=[("nl", "Nederlands")],
        initial="nl",
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(
        self, *args: object, other_languages: tuple[str, ...] = (), **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)
        self.other_languages = other_languages
        for language in other_languages:
            for name in LIMITS:
                self.fields[f"{name}__{language}"] = forms.CharField(required=False)
        for language in ("nl", *other_languages):
            for name, (label, limit) in LIMITS.items():
                field = self.fields[name if language == "nl" else f"{name}__{language}"]
                field.label = label if language == "nl" else f"{label} ({DUTCH_NAMES[language]})"
                field.help_text = _HELP[name] if language == "nl" else _TRANSLATED_HELP
                field.widget = forms.Textarea(attrs={"rows": 4}) if name in _LONG else field.widget
                field.widget.attrs.update({"class": "input", "maxlength": str(limit)})
                field.widget.attrs.update(
                    {"lang": language, "dir": languages.direction(language)}
                    if language != "nl"
                    else {}
                )
        self.fields["language"].choices = [
            (code, DUTCH_NAMES[code]) for code in ("nl", *other_languages)
        ]
        for choice in ("show", "language"):
            self.fields[choice].widget.attrs.pop("class", None)

    def wording(self) -> Wording:
        """The Dutch words as typed (stripped), valid or not: the preview shows them anyway."""
        return self._words("nl")

    def translations(self) -> dict[str, Wording]:
        """The words as typed in each other language."""
        return {language: self._words(language) for language in self.other_languages}

    def translated_fields(self) -> list[tuple[str, list[forms.BoundField]]]:
        """(Dutch name of the language, its fields), for the page's sections."""
        return [
            (DUTCH_NAMES[language], [self[f"{name}__{language}"] for name in LIMITS])
            for language in self.other_languages
        ]

    def _words(self, language: str) -> Wording:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        suffix = "" if language == "nl" else f"__{language}"
        return Wording(**{name: str(data.get(name + suffix) or "").strip() for name in LIMITS})

    @property
    def preview_language(self) -> str:
        return self.cleaned_data.get("language") or "nl"

    @property
    def is_reminder(self) -> bool:
        return (self.cleaned_data.get("show") or "uitnodiging") == "herinnering"
