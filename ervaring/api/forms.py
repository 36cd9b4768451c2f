from django import forms

from ervaring.api.models import Scope, WebhookEvent


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


class NewWebhookForm(forms.Form):
    url = forms.URLField(
        label="Adres",
        max_length=500,
        assume_scheme="https",
        help_text="Het adres van uw systeem dat de berichten ontvangt, beginnend met https://.",
        widget=forms.URLInput(attrs={"class": "input"}),
    )
    events = forms.MultipleChoiceField(
        label="Welke gebeurtenissen?",
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Kies minstens één gebeurtenis."},
    )
