"""Forms for the invitation pages: reminders, letter batches, and the professional's page."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from ervaring.fieldwork.forms import StyledForm
from ervaring.fieldwork.models import Channel
from ervaring.fieldwork.population.cells import CellError, parse_phone
from ervaring.fieldwork.reminders import ScheduleError, check_reminder_days

_AT_LEAST_ONE_DAY = {
    "min_value": "Vul 1 dag of meer in: een herinnering op de dag van de uitnodiging zelf "
    "kan niet. Laat het veld leeg voor geen herinnering.",
    "invalid": "Vul een heel aantal dagen in, bijvoorbeeld 7.",
}


class ReminderScheduleForm(StyledForm):
    first = forms.IntegerField(
        label="Eerste herinnering, dagen na de uitnodiging",
        min_value=1,
        required=False,
        error_messages=_AT_LEAST_ONE_DAY,
    )
    second = forms.IntegerField(
        label="Tweede herinnering, dagen na de uitnodiging",
        min_value=1,
        required=False,
        error_messages=_AT_LEAST_ONE_DAY,
    )

    def error_text(self) -> str:
        """Every problem in one line, each field's named, for the page's message."""
        parts = []
        for name, errors in self.errors.items():
            label = self.fields[name].label if name in self.fields else ""
            parts.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return " ".join(parts)

    def clean(self) -> dict[str, object]:
        data = super().clean()
        days = [d for d in (data.get("first"), data.get("second")) if d]
        try:
            data["days"] = check_reminder_days(days)
        except ScheduleError as error:
            raise ValidationError(str(error)) from error
        return data


class LetterBatchForm(StyledForm):
    reminder_number = forms.TypedChoiceField(
        label="Welke brieven",
        choices=[(0, "Uitnodigingen"), (1, "Eerste herinnering"), (2, "Tweede herinnering")],
        coerce=int,
    )
    stratum = forms.CharField(
        label="Alleen deze groep (leeg: iedereen)", required=False, max_length=100
    )


class ProfessionalInviteForm(StyledForm):
    """Find the client by number, or type where the message goes; choose SMS or e-mail."""

    client_ref = forms.CharField(label="Cliëntnummer", required=False, max_length=64)
    address = forms.CharField(
        label="Of: mobiel nummer of e-mailadres",
        required=False,
        max_length=254,
        help_text="Alleen nodig als de cliënt niet in het bestand staat, of een ander nummer wil.",
    )
    channel = forms.ChoiceField(
        label="Versturen per",
        choices=[(Channel.SMS, "Sms"), (Channel.EMAIL, "E-mail")],
        widget=forms.RadioSelect,
        initial=Channel.SMS,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean()
        client_ref = (data.get("client_ref") or "").strip()
        address = (data.get("address") or "").strip()
        data["client_ref"] = client_ref
        if not client_ref and not address:
            raise ValidationError("Vul een cliëntnummer in, of een mobiel nummer of e-mailadres.")
        if address and data.get("channel") == Channel.SMS:
            try:
                data["address"], _ = parse_phone(address, mobile_only=True)
            except CellError as error:
                self.add_error("address", str(error))
        elif address:
            try:
                validate_email(address)
            except ValidationError:
                self.add_error("address", "Dit is geen geldig e-mailadres.")
            data["address"] = address.lower()
        return data
