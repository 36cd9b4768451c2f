"""Forms of the login flow; the checks themselves are in `login` and `second_factor`."""

from django import forms


class LoginForm(forms.Form):
    """Checked on the server only (the page sets `novalidate`): its messages are Dutch and
    named after the field, where a browser would show its own bubble in its own language."""

    username = forms.CharField(
        label="Gebruikersnaam",
        max_length=150,
        error_messages={
            "required": "Vul uw gebruikersnaam in.",
            "max_length": "Een gebruikersnaam heeft niet meer dan 150 tekens.",
        },
    )
    password = forms.CharField(
        label="Wachtwoord",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Vul uw wachtwoord in."},
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Vul de code in."},
    )
