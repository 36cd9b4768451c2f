import re
import unicodedata
from collections.abc import Collection

from django import forms

from ervaring.questionnaires import standard
from ervaring.questionnaires.translations import DUTCH_NAMES

QUESTION_TYPES = [
    ("agree", "Stelling (helemaal mee eens ... helemaal niet mee eens)"),
    ("satisfaction", "Tevredenheid (heel tevreden ... heel ontevreden)"),
    ("yesno", "Ja / nee"),
    ("single", "Eén keuze"),
    ("multi", "Meer keuzes mogelijk"),
    ("open", "Open vraag"),
    ("number", "Getal"),
]
#: The question types whose answers the project leader writes: one option per line.
CHOICE_TYPES = frozenset({"single", "multi"})


class StyledForm(forms.Form):
    """Gives every widget the project's input class, so templates stay plain."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "input")


class CreateSurveyForm(StyledForm):
    name = forms.CharField(label="Naam van het onderzoek", max_length=200)
    template = forms.ChoiceField(label="Standaardvragenlijst")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].choices = [(k, t.get("nl")) for k, t in standard.TEMPLATES.items()]


class DocumentForm(StyledForm):
    source = forms.CharField(label="Vragenlijst (YAML)", widget=forms.Textarea)
    note = forms.CharField(label="Wat is er veranderd?", max_length=200, required=False)
    # The version the editor started from: a save on an older one is refused, not merged.
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddQuestionForm(StyledForm):
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    theme = forms.ChoiceField(label="Onderdeel")
    question_id = forms.RegexField(
        label="Naam in het databestand (mag leeg blijven)",
        help_text="Laat u dit leeg, dan maken wij een naam uit de vraag. Zelf kiezen mag: "
        "kleine letters, cijfers en _.",
        regex=r"^[a-z][a-z0-9_]*$",
        max_length=60,
        required=False,
    )
    type = forms.ChoiceField(label="Soort vraag", choices=QUESTION_TYPES)
    text_nl = forms.CharField(label="Vraag of stelling (Nederlands)", max_length=500)
    options = forms.CharField(
        label="Antwoorden bij een keuzevraag: één per regel; begin met * voor 'anders, namelijk'",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(
        self,
        *args: object,
        themes: list[tuple[str, str]],
        taken: Collection[str] = (),
        languages: Collection[str] = ("nl", "en"),
        **kwargs: object,
    ) -> None:
        """``taken``: the ids already in the questionnaire, so a made-up id is new.
        ``languages``: the questionnaire's; each other than Dutch gets a translation field,
        since fieldwork waits until every one is filled in."""
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = themes
        self.taken = set(taken)
        self.translations = [code for code in languages if code != "nl"]
        for code in self.translations:
            self.fields[f"text_{code}"] = forms.CharField(
                label=f"Vertaling ({DUTCH_NAMES.get(code, code)})",
                help_text="Mag nu leeg blijven; het veldwerk start pas als elke vertaling er is.",
                max_length=500,
                required=False,
            )
            self.fields[f"options_{code}"] = forms.CharField(
                label=f"Antwoorden ({DUTCH_NAMES.get(code, code)}): in dezelfde volgorde, "
                "één per regel",
                help_text="Mag nu leeg blijven; het veldwerk start pas als elke vertaling er is.",
                widget=forms.Textarea(attrs={"rows": 4}),
                required=False,
            )
        # Each text's translations right under its Dutch text.
        self.order_fields(
            ["based_on", "theme", "question_id", "type", "text_nl"]
            + [f"text_{code}" for code in self.translations]
            + ["options"]
            + [f"options_{code}" for code in self.translations]
        )

    def clean(self) -> dict[str, object]:
        """A translation of the answers has one line per Dutch answer, since the lines are
        matched by their place: a missing or extra line would put a text under the wrong
        answer."""
        data = super().clean()
        if data.get("type") not in CHOICE_TYPES:
            return data
        count = len(_lines(data.get("options", "")))
        if not count:  # the document check names the missing Dutch answers
            return data
        for code in self.translations:
            given = _lines(data.get(f"options_{code}", ""))
            if given and len(given) != count:
                self.add_error(
                    f"options_{code}",
                    f"Antwoorden ({DUTCH_NAMES.get(code, code)}): geef {count} regels, één "
                    f"voor elk Nederlands antwoord in dezelfde volgorde; nu zijn het er "
                    f"{len(given)}.",
                )
        return data

    def question_data(self) -> dict[str, object]:
        """The question as a document mapping (see docs/questionnaire-format.md)."""
        data = self.cleaned_data
        text = {"nl": data["text_nl"]}
        for code in self.translations:
            if data[f"text_{code}"]:
                text[code] = data[f"text_{code}"]
        question: dict[str, object] = {
            "id": data["question_id"] or question_id_from_text(data["text_nl"], self.taken),
            "type": data["type"],
            "text": text,
        }
        if data["type"] in CHOICE_TYPES:
            translated = {code: _lines(data[f"options_{code}"]) for code in self.translations}
            options = []
            for index, line in enumerate(_lines(data["options"])):
                label = {"nl": line.lstrip("* ")}
                for code, lines in translated.items():
                    if lines:  # clean() made sure there is one line per Dutch answer
                        label[code] = lines[index].lstrip("* ")
                other = line.startswith("*")
                options.append({"code": f"o{index + 1}", "label": label, "other": other})
            question["options"] = options
        return question


def _lines(text: str) -> list[str]:
    """The non-empty lines of a text area, stripped."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def question_id_from_text(text: str, taken: Collection[str]) -> str:
    """A data-file name made from a question's first words: "eigen_hoe_vaak_komt" for
    "Hoe vaak komt de hulp?", with a number added when that name is already used."""
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKD", text.lower()))
    base = "_".join(["eigen", *words[:4]])[:50]
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}_{number}", number + 1
    return candidate
