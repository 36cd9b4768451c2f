"""The anonymised data file for analysts: CSV, XLSX or SPSS ``.sav`` with labels.

What makes it anonymous (domain.md section 8, and LimeSurvey's lesson that row order and
dates re-link answers to people):

- no direct identifiers: no token, no response or invitation id, no dates or completion
  month; the rows are sorted on their exported values and numbered afresh, so their order
  says nothing about when someone answered;
- quasi-identifiers coarsened: age band (never the age), district (never the postcode or
  address), team, the provision groups as 0/1 columns;
- open answers left out: they may hold names, addresses or phone numbers, and scrubbing
  them is later work (the file's notes say so);
- a disclosure check: the smallest group of respondents sharing one combination of the
  exported attributes must hold at least the survey's minimum group size; otherwise the
  export is refused with the attributes to drop (``--drop team,district``);
- text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is
  neutralised in CSV and XLSX.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

import pandas as pd
import pyreadstat

from ervaring.analysis.dataset import SurveyDataset
from ervaring.analysis.results import MULTI_SEPARATOR
from ervaring.questionnaires.document import Questionnaire
from ervaring.reporting.tablebook import safe_text

#: Exported respondent attributes (quasi-identifiers), with their variable labels.
ATTRIBUTES = {
    "team": "Wijkteam",
    "district": "Wijk",
    "age_band": "Leeftijdsgroep",
    "respondent_role": "Wie vulde in",
    "law": "Wet",
    "channel": "Kanaal van de uitnodiging",
}
PROVISION_PREFIX = "voorz_"
SCALE_LABELS = {
    "agree": {
        5: "helemaal mee eens",
        4: "mee eens",
        3: "neutraal",
        2: "niet mee eens",
        1: "helemaal niet mee eens",
        8: "weet niet",
        9: "niet van toepassing",
    },
    "satisfaction": {
        5: "heel tevreden",
        4: "tevreden",
        3: "neutraal",
        2: "ontevreden",
        1: "heel ontevreden",
        8: "weet niet",
        9: "niet van toepassing",
    },
    "yesno": {1: "ja", 2: "nee"},
}
FORMATS = ("csv", "xlsx", "sav")


class DisclosureError(ValueError):
    """The export would single out respondents; the message says what to drop."""


@dataclass(frozen=True)
class DataFile:
    """The anonymised table with its labels, ready to write in any format."""

    frame: pd.DataFrame
    variable_labels: dict[str, str]
    value_labels: dict[str, dict[int, str]]
    smallest_group: int
    checked_attributes: tuple[str, ...]
    notes: tuple[str, ...]


def build_data_file(
    dataset: SurveyDataset, questionnaire: Questionnaire, drop: Iterable[str] = ()
) -> DataFile:
    """The anonymised file, or :class:`DisclosureError` when a group is too small."""
    dropped = {d.strip() for d in drop if d.strip()}
    unknown = dropped - set(ATTRIBUTES) - {"provision_groups"}
    if unknown:
        raise ValueError(
            f"Onbekend kenmerk om weg te laten: {', '.join(sorted(unknown))}. "
            f"Kies uit: {', '.join([*ATTRIBUTES, 'provision_groups'])}."
        )
    frame, variable_labels, value_labels = _background(dataset, dropped)
    attributes = tuple(frame.columns)
    smallest, example = smallest_group(frame, attributes)
    if attributes and smallest < dataset.min_n:
        raise DisclosureError(_refusal(frame, attributes, smallest, example, dataset.min_n))
    questions = _questions(dataset, questionnaire, frame.index)
    variable_labels |= questions[1]
    value_labels |= questions[2]
    table = pd.concat([frame, questions[0]], axis=1)
    table = table.sort_values(list(table.columns), kind="stable", na_position="last")
    table.insert(0, "respondent", range(1, len(table) + 1))
    variable_labels["respondent"] = "Volgnummer (zegt niets over de volgorde van invullen)"
    notes = (
        "Open antwoorden zijn weggelaten: ze kunnen namen of andere herkenbare details "
        "bevatten en worden (nog) niet automatisch opgeschoond.",
        f"Kleinste groep op de combinatie van kenmerken: {smallest} respondenten "
        f"(minimaal {dataset.min_n}).",
    )
    return DataFile(
        table.reset_index(drop=True), variable_labels, value_labels, smallest, attributes, notes
    )


def _background(
    dataset: SurveyDataset, dropped: set[str]
) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[int, str]]]:
    frame = pd.DataFrame(index=dataset.frame.index)
    labels: dict[str, str] = {}
    for column, label in ATTRIBUTES.items():
        if column in dropped or column not in dataset.frame:
            continue
        values = dataset.frame[column].astype(object)
        frame[column] = values.where(values.notna(), "onbekend").astype(str)
        labels[column] = label
    if "provision_groups" not in dropped:
        members = dataset.memberships
        for group in members["group"].cat.categories:
            name = f"{PROVISION_PREFIX}{group}"[:64]
            column = pd.Series(0, index=dataset.frame.index, dtype="int64")
            rows = members.loc[members["group"] == group, "row"].to_numpy()
            column.iloc[rows] = 1
            frame[name] = column
            labels[name] = f"Heeft {str(group).replace('_', ' ')} (1 = ja)"
    return frame, labels, {}


def smallest_group(frame: pd.DataFrame, attributes: Sequence[str]) -> tuple[int, dict]:
    """The size of the smallest combination of ``attributes`` values, and that combination."""
    if not attributes or frame.empty:
        return len(frame), {}
    sizes = frame.groupby(list(attributes), observed=True, dropna=False).size()
    key = sizes.idxmin()
    key = key if isinstance(key, tuple) else (key,)
    return int(sizes.min()), dict(zip(attributes, key, strict=True))


def _refusal(frame, attributes, smallest, example, min_n) -> str:
    shown = ", ".join(f"{k}={v}" for k, v in example.items() if not k.startswith("voorz_"))
    suggestion = suggest_drop(frame, attributes, min_n)
    hint = (
        f"Laat bijvoorbeeld weg: --drop {','.join(suggestion)}"
        if suggestion
        else "Ook zonder deze kenmerken blijft een groep te klein; exporteer zonder kenmerken."
    )
    return (
        f"Export geweigerd: de kleinste groep met dezelfde kenmerken telt {smallest} "
        f"respondent(en) ({shown or 'zie de voorzieningen'}); minimaal {min_n} is nodig, "
        f"anders is iemand herkenbaar. {hint}"
    )


def suggest_drop(frame: pd.DataFrame, attributes: Sequence[str], min_n: int) -> list[str]:
    """The fewest attributes to drop so every group reaches ``min_n`` (provision columns
    count as one attribute, "provision_groups"); up to three, else none."""
    provision = [a for a in attributes if a.startswith(PROVISION_PREFIX)]
    units = [a for a in attributes if a not in provision] + (
        ["provision_groups"] if provision else []
    )
    for size in range(1, min(3, len(units)) + 1):
        for drop in combinations(units, size):
            keep = [
                a
                for a in attributes
                if a not in drop and not (a in provision and "provision_groups" in drop)
            ]
            if smallest_group(frame, keep)[0] >= min_n:
                return list(drop)
    return []


def _questions(
    dataset: SurveyDataset, questionnaire: Questionnaire, index: pd.Index
) -> tuple[pd.DataFrame, dict[str, str], dict[str, dict[int, str]]]:
    """Answer columns as numeric codes (scale codes, 1/2 for ja/nee, option numbers, 0/1)."""
    columns: dict[str, pd.Series] = {}
    labels: dict[str, str] = {}
    value_labels: dict[str, dict[int, str]] = {}
    for spec in dataset.questions:
        question = questionnaire.question(spec.id)
        text = question.text.get("nl")
        source = dataset.frame
        if spec.type in ("agree", "satisfaction"):
            columns[spec.id] = pd.to_numeric(source[spec.id].astype(object), errors="coerce")
            value_labels[spec.id] = SCALE_LABELS[spec.type]
        elif spec.type == "yesno":
            columns[spec.id] = source[spec.id].astype(object).map({"ja": 1, "nee": 2})
            value_labels[spec.id] = SCALE_LABELS["yesno"]
        elif spec.type == "single":
            numbers = {o.code: i for i, o in enumerate(question.options, start=1)}
            columns[spec.id] = source[spec.id].astype(object).map(numbers)
            value_labels[spec.id] = {
                i: o.label.get("nl") for i, o in enumerate(question.options, 1)
            }
        else:
            for option in question.options:
                name = f"{spec.id}{MULTI_SEPARATOR}{option.code}"
                columns[name] = source[name]
                labels[name] = f"{text} – {option.label.get('nl')}"
                value_labels[name] = {1: "aangekruist", 0: "niet aangekruist"}
            continue
        labels[spec.id] = text
    frame = pd.DataFrame(columns, index=index).astype("Float64")
    return frame, labels, value_labels


def write_data_file(data: DataFile, fmt: str) -> bytes:
    """The file in ``fmt`` (csv, xlsx or sav) as bytes."""
    if fmt == "csv":
        return _neutralised(data.frame).to_csv(index=False, sep=";").encode("utf-8-sig")
    if fmt == "xlsx":
        return _xlsx(data)
    if fmt == "sav":
        return _sav(data)
    raise ValueError(f"Onbekend formaat {fmt!r}: kies csv, xlsx of sav.")


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in out.columns:
        # Text columns may be object or pandas' string dtype; numbers can never be formulas.
        if not pd.api.types.is_numeric_dtype(out[column]):
            out[column] = out[column].map(safe_text)
    out.columns = [safe_text(c) for c in out.columns]
    return out


def _xlsx(data: DataFile) -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="xlsxwriter") as writer:
        _neutralised(data.frame).to_excel(writer, sheet_name="Gegevens", index=False)
        codebook = [
            {
                "variabele": safe_text(name),
                "label": safe_text(data.variable_labels.get(name, "")),
                "waarden": safe_text(
                    "; ".join(f"{k} = {v}" for k, v in data.value_labels.get(name, {}).items())
                ),
            }
            for name in data.frame.columns
        ]
        pd.DataFrame(codebook).to_excel(writer, sheet_name="Codeboek", index=False)
        pd.DataFrame({"toelichting": list(data.notes)}).to_excel(
            writer, sheet_name="Toelichting", index=False
        )
        writer.sheets["Gegevens"].freeze_panes(1, 1)
        writer.sheets["Codeboek"].set_column(0, 2, 50)
    return buffer.getvalue()


def _sav(data: DataFile) -> bytes:
    frame = data.frame.copy()
    for column in frame.columns:
        if str(frame[column].dtype) == "Float64":
            frame[column] = frame[column].astype(float)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "data.sav")
        pyreadstat.write_sav(
            frame,
            path,
            column_labels=[data.variable_labels.get(c, c) for c in frame.columns],
            variable_value_labels={
                k: {float(code): label for code, label in v.items()}
                for k, v in data.value_labels.items()
                if k in frame.columns
            },
            file_label="Geanonimiseerd databestand cliëntervaringsonderzoek",
        )
        with open(path, "rb") as handle:
            return handle.read()
