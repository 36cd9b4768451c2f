"""Typing in an earlier year's figures from an old report, so this year's report compares.

Only the national standard questions can be typed in: they have the same wording every year
(and so in every template), which is what makes a comparison fair. The law follows from the
question's standard id ("wmo-2", "jeugd-ouder-3").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django import forms

from ervaring.questionnaires.models import Law
from ervaring.questionnaires.standard import load_template

FIRST_YEAR = 2015  # the Wmo 2015 made the yearly survey a duty


def standard_questions() -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices grouped per law: (law label, [(standard id, "wmo-2: Ik werd snel geholpen.")])."""
    groups = []
    for law in Law:
        questions = [
            (q.standard, f"{q.standard}: {q.text.get('nl')}")
            for q in load_template(law.value).questions()
            if q.standard
        ]
        groups.append((law.label, questions))
    return groups


def law_of(standard_id: str) -> str:
    return standard_id.split("-", 1)[0]


class TrendForm(forms.Form):
    question = forms.ChoiceField(label="Standaardvraag")
    year = forms.IntegerField(label="Jaar", min_value=FIRST_YEAR)
    pct_agree = forms.DecimalField(
        label="% (helemaal) mee eens, of % ja",
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=1,
        help_text="Zoals in het rapport van dat jaar, bijvoorbeeld 62 of 61,5.",
        localize=True,
    )
    n = forms.IntegerField(
        label="Aantal antwoorden op die vraag (n)",
        min_value=2,
        help_text="Nodig om te toetsen of een verschil groter is dan toeval.",
    )
    population = forms.IntegerField(
        label="Aantal cliënten in de populatie (mag leeg)", min_value=1, required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = standard_questions()
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > dt.date.today().year:
            raise forms.ValidationError("Een jaar dat nog moet komen kan niet.")
        return year

    def clean(self) -> dict[str, object]:
        data = super().clean()
        n, population = data.get("n"), data.get("population")
        if n and population and population < n:
            raise forms.ValidationError(
                "De populatie is kleiner dan het aantal antwoorden. Kijk beide getallen na."
            )
        return data


#: Largest earlier-year data file taken (a year's export is well below this).
MAX_FILE_BYTES = 20 * 1024 * 1024


class EarlierFileForm(forms.Form):
    """An earlier year's anonymised data file (the product's own CSV or Excel export)."""

    file_year = forms.IntegerField(label="Jaar van het databestand", min_value=FIRST_YEAR)
    data_file = forms.FileField(
        label="Databestand (CSV of Excel)",
        help_text=(
            "Het geanonimiseerde databestand van dat jaar, zoals Ervaring het maakt: één rij "
            "per respondent, een kolom per vraag (zoals wmo_1) en de kolommen stratum, "
            "gewicht en populatie_stratum."
        ),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file_year"].widget.attrs["class"] = "input"
        self.fields["data_file"].widget.attrs["accept"] = ".csv,.xlsx"

    def clean_file_year(self) -> int:
        year = self.cleaned_data["file_year"]
        if year > dt.date.today().year:
            raise forms.ValidationError("Een jaar dat nog moet komen kan niet.")
        return year

    def clean_data_file(self) -> object:
        upload = self.cleaned_data["data_file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("Het bestand is groter dan 20 MB.")
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Kies een CSV- of Excelbestand (.csv of .xlsx).")
        return upload


def standard_columns() -> dict[str, object]:
    """Column name (the template's question id, or the standard id) -> its standard question."""
    from ervaring.analysis.earlier_file import ALLOWED, StandardColumn

    found: dict[str, object] = {}
    for law in Law:
        for q in load_template(law.value).questions():
            if q.standard and q.type in ALLOWED:
                column = StandardColumn(q.standard, q.type)
                found[q.id] = column
                found[q.standard] = column
    return found
