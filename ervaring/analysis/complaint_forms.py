"""Forms of the complaints page (Dutch labels; the rules live in `complaints.check_rows`)."""

from django import forms

from ervaring.analysis.complaints import STANDARD_SUBJECTS
from ervaring.analysis.models import ComplaintSource


class ComplaintForm(forms.Form):
    """One provider's complaints in one year, typed in from the complaint body's overview."""

    source = forms.ChoiceField(label="Bron", choices=ComplaintSource.choices)
    year = forms.CharField(label="Jaar", max_length=4)
    provider = forms.CharField(label="Organisatie (aanbieder)", max_length=200)
    clients = forms.CharField(
        label="Unieke cliënten met een klacht",
        max_length=6,
        help_text="Hoeveel verschillende cliënten een klacht indienden over deze organisatie.",
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for subject in STANDARD_SUBJECTS:
            self.fields[f"subject_{subject}"] = forms.CharField(
                label=f"Over {subject}", max_length=6, required=False
            )

    def cells(self) -> tuple[list[str], list[str]]:
        """The form as one row of an import: headers and cells, checked by the same rules."""
        data = self.cleaned_data
        headers = ["jaar", "aanbieder", "unieke cliënten", *STANDARD_SUBJECTS]
        cells = [data["year"], data["provider"], data["clients"]]
        cells += [data.get(f"subject_{s}") or "" for s in STANDARD_SUBJECTS]
        return headers, cells


class ComplaintUploadForm(forms.Form):
    source = forms.ChoiceField(label="Bron", choices=ComplaintSource.choices)
    file = forms.FileField(
        label="Overzicht van klachten (CSV of Excel)",
        help_text="Kolommen: jaar, aanbieder, unieke cliënten, en per onderwerp een kolom "
        "(bijvoorbeeld bejegening, beslissing, uitvoering) met het aantal cliënten.",
    )


class ThresholdForm(forms.Form):
    threshold = forms.IntegerField(
        label="Drempel per organisatie per jaar",
        min_value=1,
        max_value=1000,
        help_text="Een organisatie noemen we in het rapport pas vanaf dit aantal unieke "
        "cliënten met een klacht in een jaar.",
        error_messages={
            "required": "Drempel: vul een getal in.",
            "invalid": "Drempel: vul een heel getal in.",
            "min_value": "Drempel: vul 1 of meer in.",
            "max_value": "Drempel: vul 1000 of minder in.",
        },
    )
