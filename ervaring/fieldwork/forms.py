"""Forms for the population and sample pages (Dutch labels, B1)."""

from collections.abc import Mapping, Sequence

from django import forms

from ervaring.fieldwork import sampling
from ervaring.fieldwork.population import limits, provisions
from ervaring.fieldwork.population.fields import FIELDS
from ervaring.fieldwork.sample_services import STRATIFY_COLUMNS

NOT_IN_FILE = ""


class StyledForm(forms.Form):
    """Gives every widget the project's input class, so templates stay plain."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")


class UploadForm(StyledForm):
    file = forms.FileField(
        label="Bestand (CSV of Excel)",
        help_text="Een export uit het registratiesysteem: één rij per cliënt of per voorziening.",
    )
    saved_mapping = forms.ChoiceField(label="Opgeslagen koppeling", required=False)

    def __init__(self, *args: object, mapping_names: Sequence[str], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["saved_mapping"].choices = [("", "Kolommen zelf herkennen")] + [
            (name, name) for name in mapping_names
        ]

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > limits.MAX_FILE_BYTES:
            raise forms.ValidationError(limits.file_too_big(upload.size))
        return upload


class MappingForm(StyledForm):
    """Which column holds which field; one select per field Ervaring knows."""

    save_as = forms.CharField(
        label="Koppeling bewaren als (mag leeg)", max_length=100, required=False
    )

    def __init__(
        self, *args: object, headers: Sequence[str], initial_mapping: dict[str, str], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(NOT_IN_FILE, "— niet in het bestand —")] + [(h, h) for h in headers]
        for spec in FIELDS:
            self.fields[f"field_{spec.key}"] = forms.ChoiceField(
                label=spec.label + (" (verplicht)" if spec.required else ""),
                choices=choices,
                required=False,
                initial=initial_mapping.get(spec.key, NOT_IN_FILE),
                widget=forms.Select(attrs={"class": "input"}),
            )
        self.order_fields([f"field_{spec.key}" for spec in FIELDS] + ["save_as"])

    def mapping(self) -> dict[str, str]:
        return {
            spec.key: self.cleaned_data[f"field_{spec.key}"]
            for spec in FIELDS
            if self.cleaned_data.get(f"field_{spec.key}")
        }


PROVISION = "provision__"
LABEL = "label__"
CLIENTS = "clients__"


def posted_names(data: Mapping[str, str]) -> list[tuple[str, str, int]]:
    """(name key, name, clients) of the provision names a ProvisionForm was posted with."""
    names = []
    for field_name in data:
        if field_name.startswith(PROVISION):
            key = field_name[len(PROVISION) :]
            label = str(data.get(LABEL + key, key))[:200]
            count = str(data.get(CLIENTS + key, ""))
            names.append((key, label, int(count) if count.isascii() and count.isdigit() else 0))
    return names


class ProvisionForm(StyledForm):
    """Per provision name in the file, the group it belongs to: required for a name the
    questionnaire does not know, changeable for a name that was recognised."""

    def __init__(
        self,
        data: Mapping[str, str] | None = None,
        *,
        catalogue: provisions.Catalogue,
        matches: Sequence[provisions.NameMatch] = (),
        names: Sequence[tuple[str, str, int]] = (),
        choices: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(data)
        rows = list(matches) or [provisions.NameMatch(*name) for name in names]
        self.unmatched = [m for m in rows if not m.is_matched]
        self.matched = [m for m in rows if m.is_matched]
        for match in self.unmatched + self.matched:
            initial = match.group or (choices or {}).get(match.key, "")
            self.fields[PROVISION + match.key] = forms.ChoiceField(
                label=f"{match.label} ({match.clients} cliënt{'en' if match.clients != 1 else ''})",
                choices=_group_choices(catalogue, match),
                initial=initial,
                error_messages={"required": f"Kies een groep voor '{match.label}'."},
                widget=forms.Select(attrs={"class": "input"}),
            )
            self.fields[LABEL + match.key] = forms.CharField(
                initial=match.label, widget=forms.HiddenInput, required=False
            )
            self.fields[CLIENTS + match.key] = forms.IntegerField(
                initial=match.clients, widget=forms.HiddenInput, required=False
            )

    def unmatched_fields(self) -> list[forms.BoundField]:
        return [self[PROVISION + m.key] for m in self.unmatched]

    def matched_fields(self) -> list[tuple[forms.BoundField, provisions.NameMatch]]:
        return [(self[PROVISION + m.key], m) for m in self.matched]

    def choices(self) -> dict[str, str]:
        """Name key -> group slug or `provisions.NO_BLOCK`."""
        return {
            name[len(PROVISION) :]: value
            for name, value in self.cleaned_data.items()
            if name.startswith(PROVISION)
        }


def _group_choices(
    catalogue: provisions.Catalogue, match: provisions.NameMatch
) -> list[tuple[str, str]]:
    hint = {match.suggestion: " — lijkt het meest op deze naam"} if match.suggestion else {}
    choices = [("", "— kies een groep —")]
    for group in catalogue.groups:
        block = "met vragenblok" if group.has_block else "geen vragenblok"
        choices.append((group.slug, f"{group.title} ({block}){hint.get(group.slug, '')}"))
    own = provisions.own_group(match.label, catalogue)
    choices.append((provisions.NO_BLOCK, f"Geen blok: een eigen groep '{own}'"))
    return choices


class SampleForm(StyledForm):
    seed = forms.IntegerField(
        label="Startgetal (seed)",
        min_value=0,
        max_value=2**63 - 1,
        help_text="Met hetzelfde startgetal en dezelfde populatie komt dezelfde steekproef.",
    )
    stratify_by = forms.ChoiceField(
        label="Groepen maken op", choices=list(STRATIFY_COLUMNS.items())
    )
    response_rate = forms.IntegerField(
        label="Verwachte respons (%)", min_value=1, max_value=100, initial=30
    )
    exclude_invited_months = forms.IntegerField(
        label="Niet opnieuw uitnodigen wie in de afgelopen ... maanden al is uitgenodigd",
        min_value=0,
        max_value=120,
        initial=0,
        help_text="0 betekent: niemand om deze reden overslaan.",
    )

    def __init__(
        self,
        *args: object,
        strata: Sequence[str] = (),
        names: Sequence[str] = (),
        **kwargs: object,
    ) -> None:
        """``strata`` are the groups' codes, ``names`` what the page shows for them."""
        super().__init__(*args, **kwargs)
        for index, stratum in enumerate(strata):
            self.fields[f"rule_{index}"] = forms.CharField(
                label=names[index] if index < len(names) else stratum,
                initial="all",
                max_length=20,
                widget=forms.TextInput(attrs={"class": "input input--number"}),
            )
        self.strata = list(strata)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        rules = {}
        for index, stratum in enumerate(self.strata):
            text = (data.get(f"rule_{index}") or "all").strip()
            try:
                rules[stratum] = sampling.StratumRule.parse(text)
            except sampling.RuleError as error:
                self.add_error(f"rule_{index}", str(error))
        data["rules"] = rules
        return data
