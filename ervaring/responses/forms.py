"""Staff forms of the responses app: starting data entry and unlocking a kiosk."""

from django import forms

from ervaring.questionnaires.models import Survey

ENTRY_CHANNELS = [("papier", "Papieren vragenlijst"), ("telefoon", "Telefonisch interview")]


def _survey_choices(surveys: list[Survey]) -> list[tuple[str, str]]:
    return [(s.slug, s.name) for s in surveys]


class EntryStartForm(forms.Form):
    """Which survey, which code, and whether it is a paper form or a phone interview."""

    survey = forms.ChoiceField(label="Onderzoek", widget=forms.Select(attrs={"class": "input"}))
    code = forms.CharField(
        label="Code op het formulier",
        max_length=20,
        widget=forms.TextInput(
            attrs={"class": "input input--code", "autocomplete": "off", "autofocus": True}
        ),
    )
    channel = forms.ChoiceField(
        label="Hoe zijn de antwoorden gegeven?",
        choices=ENTRY_CHANNELS,
        initial="papier",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, surveys: list[Survey], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["survey"].choices = _survey_choices(surveys)  # type: ignore[attr-defined]
        self.surveys = {s.slug: s for s in surveys}

    def chosen_survey(self) -> Survey:
        return self.surveys[self.cleaned_data["survey"]]


class KioskUnlockForm(forms.Form):
    """A survey for the tablet, and the PIN that ends the kiosk session again."""

    survey = forms.ChoiceField(label="Onderzoek", widget=forms.Select(attrs={"class": "input"}))
    pin = forms.RegexField(
        label="Pincode om de tablet later te vergrendelen (4 tot 8 cijfers)",
        regex=r"^\d{4,8}$",
        error_messages={"invalid": "Kies een pincode van 4 tot 8 cijfers."},
        widget=forms.PasswordInput(
            attrs={"class": "input input--number", "inputmode": "numeric", "autocomplete": "off"}
        ),
    )

    def __init__(self, *args: object, surveys: list[Survey], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["survey"].choices = _survey_choices(surveys)  # type: ignore[attr-defined]
        self.surveys = {s.slug: s for s in surveys}

    def chosen_survey(self) -> Survey:
        return self.surveys[self.cleaned_data["survey"]]
