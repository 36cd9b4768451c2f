"""Forms of the login flow; the checks themselves are in `login` and `second_factor`."""

from django import forms


class LoginForm(forms.Form):
    username = forms.CharField(label="Gebruikersnaam", max_length=150)
    password = forms.CharField(label="Wachtwoord", strip=False, widget=forms.PasswordInput)


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=40,
        error_messages={"required": "Vul de code in."},
    )
