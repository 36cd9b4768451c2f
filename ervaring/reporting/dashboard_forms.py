"""The dashboards' forms: filters (GET, validated against the survey's own data) and notes."""

from datetime import date

from django import forms

from ervaring.analysis.selections import Selection
from ervaring.reporting.dashboard import FilterOptions

EMPTY = [("", "Alle")]


class PeriodForm(forms.Form):
    """A period; both ends optional and included. Used alone on the team dashboard."""

    van = forms.DateField(
        label="Van", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    tot = forms.DateField(
        label="Tot en met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict:
        data = super().clean()
        since, until = data.get("van"), data.get("tot")
        if since and until and since > until:
            raise forms.ValidationError("De begindatum ligt na de einddatum.")
        return data

    def period(self) -> tuple[date | None, date | None]:
        """The valid period (nothing when the form has errors: then the whole period shows)."""
        if not self.is_valid():
            return None, None
        return self.cleaned_data.get("van"), self.cleaned_data.get("tot")


class SurveyFilterForm(PeriodForm):
    """Period, team, stratum and law; only values that occur in the survey are valid."""

    team = forms.ChoiceField(label="Team", required=False)
    stratum = forms.ChoiceField(label="Voorziening", required=False)
    wet = forms.ChoiceField(label="Wet", required=False)

    def __init__(self, data: object, options: FilterOptions) -> None:
        super().__init__(data)
        self.fields["team"].choices = EMPTY + options.teams
        self.fields["stratum"].choices = EMPTY + options.strata
        self.fields["wet"].choices = EMPTY + options.laws

    def selection(self) -> Selection:
        """The chosen selection; the whole survey while the form has errors."""
        if not self.is_valid():
            return Selection()
        data = self.cleaned_data
        return Selection(
            since=data.get("van"),
            until=data.get("tot"),
            team=data.get("team") or None,
            stratum=data.get("stratum") or None,
            law=data.get("wet") or None,
        )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label="Wat is er besproken en afgesproken?",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublicSummaryForm(forms.Form):
    is_enabled = forms.BooleanField(required=False)
