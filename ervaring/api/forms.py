from django import forms

from ervaring.api.models import Scope


class NewKeyForm(forms.Form):
    name = forms.CharField(
        label="Naam",
        max_length=100,
        help_text="Het systeem dat de sleutel gebruikt, bijvoorbeeld: zaaksysteem sociaal domein.",
        widget=forms.TextInput(attrs={"class": "input"}),
    )
    scopes = forms.MultipleChoiceField(
        label="Wat mag de sleutel?",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies wat de sleutel mag: minstens één toepassing."},
    )
