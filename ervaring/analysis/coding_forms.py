"""Forms of the codebook and coding pages (Dutch labels; the rules live in `codebook.check`)."""

from django import forms

from ervaring.analysis.codebook import POLARITY_WORDS, CodeRow


class CodeForm(forms.Form):
    """One code of the codebook, added or changed on the page."""

    label = forms.CharField(label="Naam", max_length=120)
    key = forms.SlugField(
        label="Code",
        max_length=60,
        help_text="Kleine letters, cijfers en -; blijft gelijk tussen onderzoeken "
        "(bijvoorbeeld bejegening-plus).",
    )
    parent = forms.ChoiceField(label="Valt onder", required=False)
    polarity = forms.ChoiceField(
        label="Soort", choices=[(value, word) for word, value in POLARITY_WORDS.items()]
    )
    keywords = forms.CharField(
        label="Trefwoorden",
        required=False,
        help_text="Woorden die op deze code wijzen, gescheiden door komma's.",
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    shortcut = forms.CharField(
        label="Toets",
        required=False,
        max_length=1,
        help_text="Eén letter of cijfer waarmee u de code aanvinkt op de codeerpagina.",
    )

    def __init__(self, *args: object, parents: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["parent"].choices = [("", "(bovenaan)"), *parents]

    def row(self) -> CodeRow:
        data = self.cleaned_data
        return CodeRow(
            key=data["key"].lower(),
            label=data["label"].strip(),
            parent=data["parent"],
            polarity=data["polarity"],
            keywords=tuple(w.strip().lower() for w in data["keywords"].split(",") if w.strip()),
            shortcut=data["shortcut"].strip().lower(),
        )


class CodebookUploadForm(forms.Form):
    file = forms.FileField(
        label="Codeboek (CSV)",
        help_text="Kolommen code, naam, bovenliggend, soort, trefwoorden, toets; gescheiden "
        "door puntkomma's. Codes die al bestaan worden bijgewerkt, andere blijven staan.",
    )
