"""The forms of the quarterly monitor: the file, how its columns are laid out, the pairing."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms

from ervaring.reporting.registration import LONG, WIDE
from ervaring.reporting.trend_forms import standard_questions

UNIT_CHOICES = [("aantal", "aantal"), ("percentage", "percentage"), ("dagen", "dagen")]
LAW_CHOICES = [("", "beide of geen"), ("wmo", "Wmo"), ("jeugd", "Jeugdwet")]


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Bestand met registratiecijfers (CSV of Excel)",
        help_text=(
            "Eén rij per kwartaal met een kolom per cijfer, of één rij per kwartaal en cijfer."
        ),
    )


class MappingForm(forms.Form):
    """Which column holds what; built from the file's headers, prefilled from the saved mapping.

    For a wide file each header (other than the quarter's) gets a name, a unit and a law; a
    column left without a name is not read.
    """

    layout = forms.ChoiceField(
        label="Hoe is het bestand opgebouwd?",
        choices=[
            (WIDE, "Breed: één rij per kwartaal, één kolom per cijfer"),
            (LONG, "Lang: één rij per kwartaal en cijfer"),
        ],
        widget=forms.RadioSelect,
    )
    quarter = forms.ChoiceField(label="Kolom met het kwartaal (bijvoorbeeld 2026-K3)")
    indicator = forms.ChoiceField(label="Lang: kolom met de naam van het cijfer", required=False)
    value = forms.ChoiceField(label="Lang: kolom met de waarde", required=False)
    unit = forms.ChoiceField(label="Lang: kolom met de eenheid (mag leeg)", required=False)

    def __init__(self, *args: object, headers: list[str], saved: Mapping | None, **kwargs: object):
        saved = dict(saved or {})
        columns = saved.get("columns") or {}
        initial = {
            key: saved.get(key, "") for key in ("layout", "quarter", "indicator", "value", "unit")
        }
        initial["layout"] = initial["layout"] or WIDE
        super().__init__(*args, initial=initial, **kwargs)  # type: ignore[arg-type]
        self.headers = headers
        choices = [("", "—"), *[(h, h) for h in headers]]
        for name in ("quarter", "indicator", "value", "unit"):
            self.fields[name].choices = choices
        for i, header in enumerate(headers):
            spec = columns.get(header, {})
            self.fields[f"name_{i}"] = forms.CharField(
                label=f"Kolom '{header}': naam van het cijfer (leeg = niet inlezen)",
                required=False,
                max_length=200,
                initial=spec.get("name", "" if saved else header),
            )
            self.fields[f"unit_{i}"] = forms.ChoiceField(
                label=f"Kolom '{header}': eenheid",
                choices=UNIT_CHOICES,
                initial=spec.get("unit", "aantal"),
            )
            self.fields[f"law_{i}"] = forms.ChoiceField(
                label=f"Kolom '{header}': wet",
                choices=LAW_CHOICES,
                required=False,
                initial=spec.get("law", ""),
            )

    def column_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (h, self[f"name_{i}"], self[f"unit_{i}"], self[f"law_{i}"])
            for i, h in enumerate(self.headers)
        ]

    def clean(self) -> dict[str, object]:
        data = super().clean()
        if data.get("layout") == LONG:
            for name in ("indicator", "value"):
                if not data.get(name):
                    self.add_error(name, "Kies deze kolom voor een lang bestand.")
        return data

    def mapping(self) -> dict[str, object]:
        """The mapping as :mod:`ervaring.reporting.registration` reads it."""
        data = self.cleaned_data
        if data["layout"] == LONG:
            found = {k: data[k] for k in ("layout", "quarter", "indicator", "value")}
            if data.get("unit"):
                found["unit"] = data["unit"]
            return found
        columns = {
            header: {
                "name": data[f"name_{i}"].strip(),
                "unit": data[f"unit_{i}"],
                "law": data[f"law_{i}"],
            }
            for i, header in enumerate(self.headers)
            if data[f"name_{i}"].strip() and header != data["quarter"]
        }
        return {"layout": WIDE, "quarter": data["quarter"], "columns": columns}


class PairingForm(forms.Form):
    """Which standard question's % eens is shown beside an indicator."""

    question = forms.ChoiceField(label="Ervaringsvraag ernaast", required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "geen"), *standard_questions()]
        self.fields["question"].widget.attrs["class"] = "input"
