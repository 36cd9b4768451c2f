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
