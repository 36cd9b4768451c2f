"""The anonymised data file for analysts: CSV, XLSX or SPSS ``.sav`` with labels.

What makes it anonymous (domain.md section 8, and LimeSurvey's lesson that row order and
dates re-link answers to people):

- no direct identifiers: no token, no response or invitation id, no dates or completion
  month; the rows are sorted on their exported values and numbered afresh, so their order
  says nothing about when someone answered;
- open answers left out: they may hold names, addresses or phone numbers, and scrubbing
  them is later work (the file's notes say so);
- every combination of the quasi-identifiers (team, district, age band, who answered,
  law, channel, the provision groups and the sample stratum) is shared by at least the
  survey's minimum group size ``k``. Instead of refusing, the file is generalised until
  that holds (:func:`generalise`): first the groups the tables never show on their own
  (rule 3 of :mod:`ervaring.stats.suppression`) become "overig", so that the file cannot
  isolate what the report hides; then, step by step, the coarsening that leaves the
  fewest respondents in too-small combinations: two neighbouring age bands merged, the
  smallest district, team or other category merged into "overig", the rarest provision
  group folded into ``voorz_overig``. What was coarsened is listed in the notes and in
  the command's output;
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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyreadstat

from ervaring.analysis.dataset import SurveyDataset
from ervaring.analysis.results import (
    MULTI_SEPARATOR,
    build_design,
    membership_suppression,
    pooled_strata,
    respondent_suppression,
)
from ervaring.questionnaires.age_bands import BOUNDS
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
PROVISION_OTHER = f"{PROVISION_PREFIX}overig"
OTHER = "overig"
UNKNOWN = "onbekend"
#: Order in which equally good coarsenings are taken (least useful to analysts first).
PREFERENCE = ("channel", "respondent_role", "law", "team", "district", "age_band")
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


class DisclosureError(ValueError):
    """Even fully generalised, the file would single out respondents (too few of them)."""


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
    dataset: SurveyDataset, questionnaire: Questionnaire, drop: Iterable[str] = ()
) -> DataFile:
    """The anonymised file: attributes generalised until every combination holds ``k``."""
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
    labels |= DESIGN_LABELS | questions[1]
    for name in generalised.frame.columns:
        if name.startswith(PROVISION_PREFIX) and name not in labels:
            labels[name] = "Heeft een van de samengenomen voorzieningen (1 = ja)"
    table = pd.concat([generalised.frame, design, questions[0]], axis=1)
    table = table.sort_values(list(table.columns), kind="stable", na_position="last")
    table.insert(0, "respondent", range(1, len(table) + 1))
    labels["respondent"] = "Volgnummer (zegt niets over de volgorde van invullen)"
    smallest = generalised.smallest
    notes = (
        "Open antwoorden zijn weggelaten: ze kunnen namen of andere herkenbare details "
        "bevatten en worden (nog) niet automatisch opgeschoond.",
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
        questions[2],
        smallest,
        tuple(generalised.frame.columns),
        generalised.steps,
        notes,
    )


def _background(dataset: SurveyDataset, dropped: set[str]) -> tuple[pd.DataFrame, dict]:
    """Attributes and provision columns, groups too small to show already "overig"."""
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


@dataclass(frozen=True)
class Generalised:
    frame: pd.DataFrame
    smallest: int
    steps: tuple[str, ...]


def generalise(frame: pd.DataFrame, k: int) -> Generalised:
    """Coarsen ``frame`` until every combination of its columns holds at least ``k`` rows.

    ``stratum`` is never coarsened (the weights depend on it; the design already pools
    strata below ``k``). First the groups too small to show become "overig" (so the file
    and the tables hide the same groups), then one step at a time the coarsening that
    leaves the fewest rows in too-small combinations. Deterministic.
    """
    frame = frame.copy()
    steps: list[str] = []
    for column in [c for c in frame.columns if c in ATTRIBUTES]:
        hidden = sorted(respondent_suppression(pd.Series(frame[column]), k) - {OTHER})
        if not hidden:
            continue
        # Age bands keep their names ("tot 45 of 85+"): "overig" would say nothing.
        label = " of ".join(_band_order(hidden)) if column == "age_band" else OTHER
        frame[column] = frame[column].where(~frame[column].isin(hidden), label)
        steps.append(_merge_text(column, hidden, "te klein om apart te tonen", label))
    provisions = [c for c in frame.columns if c.startswith(PROVISION_PREFIX)]
    if provisions:
        long = frame[provisions].to_numpy().nonzero()
        small = membership_suppression(
            pd.DataFrame({"row": long[0], "group": pd.Categorical.from_codes(long[1], provisions)}),
            len(frame),
            k,
        )
        if small:
            frame = _fold_provisions(frame, sorted(small))
            steps.append(_fold_text(sorted(small)))
    while (smallest := _smallest(frame)) < k:
        options = _coarsenings(frame)
        if not options:
            raise DisclosureError(
                f"Export geweigerd: ook zonder kenmerken telt een stratum {smallest} "
                f"respondenten, minder dan {k}."
            )
        frame, text = min(options, key=lambda o: (_rows_in_small(o[0], k), o[2]))[:2]
        steps.append(text)
    return Generalised(frame, _smallest(frame), tuple(steps))


def _smallest(frame: pd.DataFrame) -> int:
    return int(frame.groupby(list(frame.columns), observed=True, dropna=False).size().min())


def _rows_in_small(frame: pd.DataFrame, k: int) -> int:
    sizes = frame.groupby(list(frame.columns), observed=True, dropna=False).size()
    return int(sizes[sizes < k].sum())


def _coarsenings(frame: pd.DataFrame) -> list[tuple[pd.DataFrame, str, int]]:
    """Every next step: (coarser frame, what it did, preference rank)."""
    options = []
    for rank, column in enumerate(PREFERENCE):
        if column not in frame or frame[column].nunique() < 2:
            continue
        if column == "age_band":
            options.append((*_widen_age(frame), rank))
            continue
        counts = frame[column].value_counts()
        rest = counts.drop(OTHER, errors="ignore")
        merge = sorted(rest[rest == rest.min()].index)[:1]
        if OTHER not in counts and len(rest) > 1:
            # "overig" needs two groups, or it is the group under another name.
            merge = sorted(rest.sort_values(kind="stable").index[:2], key=str)
        coarser = frame.copy()
        coarser[column] = coarser[column].where(~coarser[column].isin(merge), OTHER)
        options.append((coarser, _merge_text(column, merge, "te kleine combinaties"), rank))
    provisions = [c for c in frame.columns if c.startswith(PROVISION_PREFIX)]
    if provisions and provisions != [PROVISION_OTHER]:
        rarest = min((c for c in provisions if c != PROVISION_OTHER), key=lambda c: frame[c].sum())
        folded = _fold_provisions(frame, [rarest])
        options.append((folded, _fold_text([rarest]), len(PREFERENCE)))
    elif provisions:
        options.append(
            (frame.drop(columns=provisions), "Voorzieningen: voorz_overig weggelaten.", 99)
        )
    return options


def _fold_provisions(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` folded into ``voorz_overig`` (1 when any of them, or it, is 1)."""
    out = frame.copy()
    folded = out[list(columns)].max(axis=1)
    if PROVISION_OTHER in out:
        folded = np.maximum(folded, out[PROVISION_OTHER])
    out = out.drop(columns=[c for c in columns if c != PROVISION_OTHER])
    position = out.columns.get_loc("stratum")
    if PROVISION_OTHER in out:
        out[PROVISION_OTHER] = folded.astype(np.int64)
    else:
        out.insert(position, PROVISION_OTHER, folded.astype(np.int64))
    return out


def _widen_age(frame: pd.DataFrame) -> tuple[pd.DataFrame, str]:
    """Merge the smallest age band with its smaller neighbour (unknown sits last)."""
    present = list(frame["age_band"].value_counts().index)
    order = _band_order(present)
    counts = frame["age_band"].value_counts()
    i = min(range(len(order)), key=lambda j: (counts[order[j]], j))
    neighbours = [j for j in (i - 1, i + 1) if 0 <= j < len(order)]
    j = min(neighbours, key=lambda n: (counts[order[n]], n))
    first, second = sorted((order[i], order[j]), key=order.index)
    label = _band_label(first, second)
    coarser = frame.copy()
    coarser["age_band"] = coarser["age_band"].where(
        ~coarser["age_band"].isin([first, second]), label
    )
    return coarser, f"Leeftijdsgroep: {first} en {second} samengenomen tot {label}."


def _band_order(present: Sequence[str]) -> list[str]:
    lows = {}
    for label in present:
        bounds = _bounds(label)
        lows[label] = bounds[0] if bounds else float("inf")
    return sorted(present, key=lambda label: (lows[label], label))


def _bounds(label: str) -> tuple[int, int | None] | None:
    """(low, high) of a band label, also of one made by merging ("45-74", "tot 65")."""
    if label in BOUNDS:
        return BOUNDS[label]
    if label.startswith("tot ") and label[4:].isdigit():
        return 0, int(label[4:]) - 1
    if label.endswith("+") and label[:-1].isdigit():
        return int(label[:-1]), None
    if "-" in label and label.replace("-", "").isdigit():
        low, high = label.split("-")
        return int(low), int(high)
    return None


def _band_label(first: str, second: str) -> str:
    a, b = _bounds(first), _bounds(second)
    if a is None or b is None:
        return f"{first} of {second}" if b is None else f"{second} of {first}"
    low, high = a[0], b[1]
    if high is None:
        return f"{low}+"
    return f"tot {high + 1}" if low == 0 else f"{low}-{high}"


def _merge_text(column: str, merged: Sequence[str], why: str, label: str = OTHER) -> str:
    return (
        f"{ATTRIBUTES.get(column, column)}: {', '.join(map(str, merged))} samengenomen als "
        f"‘{label}’ ({why})."
    )


def _fold_text(columns: Sequence[str]) -> str:
    names = [c.removeprefix(PROVISION_PREFIX).replace("_", " ") for c in columns]
    return f"Voorzieningen: {', '.join(names)} opgenomen in {PROVISION_OTHER}."


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
