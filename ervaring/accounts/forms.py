"""Forms of the accounts pages: a staff member's own details and a beheerder's staff list."""

from django import forms


class EmailForm(forms.Form):
    """The one address alerts and (later) invitations to set a password go to."""

    email = forms.EmailField(
        label="E-mailadres",
        required=False,
        max_length=254,
        help_text="Hier krijgt u signalen over de resultaten. Laat leeg als u geen e-mail wilt.",
        error_messages={
            "invalid": "Dit is geen geldig e-mailadres, bijvoorbeeld naam@gemeente.nl."
        },
    )
