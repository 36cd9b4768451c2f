"""Forms of the interview pages (Dutch labels): an interview's facts, a transcript file."""

from django import forms

from ervaring.accounts.models import Team
from ervaring.analysis import transcripts
from ervaring.fieldwork.group_names import group_name


class InterviewForm(forms.Form):
    """An interview's date, provision group and team: deliberately no name or contact."""

    held_on = forms.DateField(
        label="Datum van het interview",
        help_text="Bijvoorbeeld 14-03-2026.",
        input_formats=["%d-%m-%Y", "%Y-%m-%d"],
    )
    provision_group = forms.ChoiceField(label="Voorzieningengroep", required=False)
    team = forms.ModelChoiceField(
        label="Team", queryset=Team.objects.none(), required=False, empty_label="(onbekend)"
    )

    def __init__(self, *args: object, groups: list[str], teams: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["provision_group"].choices = [("", "(onbekend)")] + [
            (g, group_name("provision", g, {})) for g in groups
        ]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]


class TranscriptForm(forms.Form):
    file = forms.FileField(
        label="Uitgeschreven interview",
        help_text=f"Word (.docx), OpenDocument (.odt) of tekst (.txt), tot "
        f"{transcripts.MAX_FILE_BYTES // (1024 * 1024)} MB. Zet bij een beurt ‘Interviewer:’ of "
        "‘Deelnemer:’ vooraan; anders wordt elke alinea een fragment.",
    )
