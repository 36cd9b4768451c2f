"""The anonymised data file for analysts: CSV, XLSX or SPSS ``.sav`` with labels.

What makes it anonymous (domain.md section 8, and LimeSurvey's lesson that row order and
dates re-link answers to people):

- no direct identifiers: no token, no response or invitation id, no dates or completion
  month; the rows are sorted on their exported values and numbered afresh, so their order
  says nothing about when someone answered;
- open answers left out as text: they may hold names, addresses or phone numbers even
  scrubbed; their coded themes are in as 0/1 columns (``open_goed_bejegening_plus``: 1
  mentioned, 0 not, empty when the answer was not coded or not given);
- every combination of the quasi-identifiers (team, district, age band, who answered,
  law, channel, the provision groups and the sample stratum) is shared by at least the
  survey's minimum group size ``k``. Instead of refusing, the file is generalised until
  that holds (:mod:`ervaring.reporting.generalisation`): first the groups the tables
  never show on their own become "overig", so that the file cannot isolate what the
  report hides; then, step by step, neighbouring age bands, small districts and teams
  ("overig") and rare provision groups (``voorz_overig``). What was coarsened is listed
  in the notes and in the command's output;
- text that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is
  neutralised in CSV and XLSX.

The design columns make the report's figures reproducible: ``stratum`` (the sample's
stratum, small ones pooled), ``gewicht`` (``N_h / n_h``) and ``populatie_stratum``
(``N_h``, for the finite population correction). A published weighted percentage is
``sum(gewicht x answered it) / sum(gewicht x valid answer)``; for the few questions where
the report pooled further strata (listed in the notes) the pooled strata share one weight,
``sum N / sum n``. Every stratum holds at least ``k`` respondents (see
:mod:`ervaring.analysis.dataset`), so a weight singles out nobody.

What the file does not hide: it is respondent-level data, so for a group that it shows
(at least ``k`` respondents) an analyst can count a question that the tables suppress
because fewer than ``k`` of them answered it. Deliver it to analysts under an agreement,
not as open data (docs/statistics.md).
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyreadstat

from ervaring.analysis.dataset import SurveyDataset
from ervaring.analysis.open_results import CodeColumns
from ervaring.analysis.results import MULTI_SEPARATOR, build_design, pooled_strata
from ervaring.questionnaires.document import Questionnaire
from ervaring.reporting.generalisation import (
    ATTRIBUTES,
    PROVISION_PREFIX,
    UNKNOWN,
    DisclosureError,
    generalise,
)
from ervaring.reporting.tablebook import safe_text

#: Variable labels of the design columns.
DESIGN_LABELS = {
    "stratum": "Steekproefstratum (combinatie van voorzieningen; kleine samengenomen)",
    "gewicht": "Gewicht: populatie / respondenten van het stratum",
    "populatie_stratum": "Populatie van het stratum (eindige-populatiecorrectie)",
}
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


@dataclass(frozen=True)
class DataFile:
    """The anonymised table with its labels, ready to write in any format.

    ``coarsened`` says, per line in Dutch, what was generalised; ``notes`` holds those
    lines and the rest of the explanation (design, pooled strata, open answers).
    """

    frame: pd.DataFrame
    variable_labels: dict[str, str]
    value_labels: dict[str, dict[int, str]]
    smallest_group: int
    checked_attributes: tuple[str, ...]
    coarsened: tuple[str, ...]
    notes: tuple[str, ...]


def build_data_file(
    dataset: SurveyDataset,
    questionnaire: Questionnaire,
    drop: Iterable[str] = (),
    codes: CodeColumns | None = None,
) -> DataFile:
    """The anonymised file: attributes generalised until every combination holds ``k``.

    ``codes`` (``analysis.open_results.code_columns``) adds the coded open answers as 0/1.
    """
    dropped = {d.strip() for d in drop if d.strip()}
    unknown = dropped - set(ATTRIBUTES) - {"provision_groups"}
    if unknown:
        raise ValueError(
            f"Onbekend kenmerk om weg te laten: {', '.join(sorted(unknown))}. "
            f"Kies uit: {', '.join([*ATTRIBUTES, 'provision_groups'])}."
        )
    k = dataset.min_n
    if len(dataset.frame) < k:
        raise DisclosureError(
            f"Export geweigerd: {len(dataset.frame)} respondenten, minder dan de minimale "
            f"groepsgrootte {k}; met zo weinig respondenten is iedereen herkenbaar."
        )
    background, labels = _background(dataset, dropped)
    generalised = generalise(background, k)
    design = _design_columns(dataset)
    questions = _questions(dataset, questionnaire, dataset.frame.index)
    coded = _code_columns(codes, dataset.frame.index)
    labels |= DESIGN_LABELS | questions[1] | coded[1]
    value_labels = questions[2] | {name: {1: "genoemd", 0: "niet genoemd"} for name in coded[1]}
    for name in generalised.frame.columns:
        if name.startswith(PROVISION_PREFIX) and name not in labels:
            labels[name] = "Heeft een van de samengenomen voorzieningen (1 = ja)"
    table = pd.concat([generalised.frame, design, questions[0], coded[0]], axis=1)
    table = table.sort_values(list(table.columns), kind="stable", na_position="last")
    table.insert(0, "respondent", range(1, len(table) + 1))
    labels["respondent"] = "Volgnummer (zegt niets over de volgorde van invullen)"
    smallest = generalised.smallest
    notes = (
        "De tekst van open antwoorden is weggelaten: ook opgeschoond kan een verhaal iemand "
        "herkenbaar maken. De gecodeerde thema's staan er wel in, als 0/1 per vraag en "
        "thema (1 = genoemd, 0 = niet genoemd, leeg = niet beantwoord of niet gecodeerd).",
        f"Elke combinatie van kenmerken (ook het stratum) telt minstens {k} respondenten; "
        f"de kleinste telt er {smallest}.",
        *generalised.steps,
        "Gewogen percentage, zoals in het rapport: som(gewicht × koos dit antwoord) / "
        "som(gewicht × geldig antwoord); ‘weet niet’, ‘niet van toepassing’ en leeg tellen "
        "niet mee.",
        *_pooling_notes(dataset),
        "Bedoeld voor onderzoekers met een afspraak over gebruik, niet als open data: in een "
        f"getoonde groep (minstens {k} respondenten) kan men ook een vraag tellen die de "
        f"tabellen niet tonen omdat minder dan {k} respondenten hem beantwoordden.",
    )
    return DataFile(
        table.reset_index(drop=True),
        labels,
        value_labels,
        smallest,
        tuple(generalised.frame.columns),
        generalised.steps,
        notes,
    )


def _background(dataset: SurveyDataset, dropped: set[str]) -> tuple[pd.DataFrame, dict]:
    """The quasi-identifiers as exported before generalising: attributes ("onbekend" for
    missing), a 0/1 column per provision group, and the design stratum."""
    frame = pd.DataFrame(index=dataset.frame.index)
    labels: dict[str, str] = {}
    for column, label in ATTRIBUTES.items():
        if column in dropped or column not in dataset.frame:
            continue
        values = dataset.frame[column].astype(object)
        frame[column] = values.where(values.notna(), UNKNOWN).astype(str)
        labels[column] = label
    if "provision_groups" not in dropped:
        members = dataset.memberships
        for group in members["group"].cat.categories:
            name = f"{PROVISION_PREFIX}{group}"[:64]
            column = np.zeros(len(dataset.frame), dtype=np.int64)
            column[members.loc[members["group"] == group, "row"].to_numpy()] = 1
            frame[name] = column
            labels[name] = f"Heeft {str(group).replace('_', ' ')} (1 = ja)"
    frame["stratum"] = dataset.frame["stratum"].astype(str).to_numpy()
    return frame, labels


def _design_columns(dataset: SurveyDataset) -> pd.DataFrame:
    """Weight and population per respondent, from the design the report uses."""
    design = build_design(dataset.frame, dataset.population)
    population = (
        design.population_h[design.stratum_index]
        if design.population_h is not None
        else np.full(design.n, np.nan)
    )
    return pd.DataFrame(
        {"gewicht": design.respondent_weights(), "populatie_stratum": population},
        index=dataset.frame.index,
    )


def _pooling_notes(dataset: SurveyDataset) -> list[str]:
    if not dataset.population:
        return ["Zonder cliëntenlijst: elk gewicht is 1 (ongewogen)."]
    design = build_design(dataset.frame, dataset.population)
    pooled = pooled_strata(
        dataset.frame, dataset.questions, design, dataset.memberships, min_n=dataset.min_n
    )
    return [
        f"Vraag {question}: voor deze vraag zijn de strata {', '.join(map(str, strata))} "
        "samengenomen, omdat een voorziening daarin te weinig antwoorden had; hun "
        "respondenten krijgen één gewicht: som populatie_stratum / aantal respondenten "
        "van die strata."
        for question, strata in pooled.items()
    ]


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


def _code_columns(
    codes: CodeColumns | None, index: pd.Index
) -> tuple[pd.DataFrame, dict[str, str]]:
    """The coded themes as 0/1 columns on the dataset's rows (response ids)."""
    if codes is None:
        return pd.DataFrame(index=index), {}
    frame = pd.DataFrame(
        {name: pd.Series(values, dtype="Float64") for name, values in codes.values.items()},
        index=index,
    )
    return frame.reindex(index).astype("Float64"), dict(codes.labels)


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
