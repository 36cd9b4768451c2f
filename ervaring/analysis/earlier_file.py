"""An earlier year's figures computed from that year's anonymised data file.

The file is the product's own export (:mod:`ervaring.reporting.exports`): one row per
respondent, the answer codes per question (5..1 and 8/9 on a scale, 1/2 for ja/nee) and
the design columns ``stratum``, ``gewicht`` and ``populatie_stratum``. Recomputing from
those columns gives the same design-based % eens and standard error as that year's report
(weights ``N_h / n_h``, finite population correction per stratum), so a change against this
year is tested with the real variance instead of the simple-random-sample approximation a
typed-in figure has to make do with. A file without design columns counts every respondent
once and has no fpc.

Only the national standard questions are read (matched on the question id of the standard
template or the standard id itself as column name): their wording is the same every year.
Everything is checked before anything is computed, and a bad cell is named by its row (as a
spreadsheet numbers it, the header being row 1) and column, so the caller can store all
figures or none. Pure: no Django; pandas is imported inside the functions (view modules
import this one).
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ervaring.stats.codes import AGREE_SCALE, EXCLUDED_CODES

if TYPE_CHECKING:
    import pandas as pd

#: Codes a cell of a question may hold (empty = not asked or not answered).
ALLOWED = {
    "agree": frozenset((*AGREE_SCALE, *EXCLUDED_CODES)),
    "satisfaction": frozenset((*AGREE_SCALE, *EXCLUDED_CODES)),
    "yesno": frozenset((1, 2, *EXCLUDED_CODES)),
}
DESIGN_COLUMNS = ("stratum", "gewicht", "populatie_stratum")


class EarlierFileError(ValueError):
    """The file cannot be read as a data file; the message is Dutch and names the cell."""


@dataclass(frozen=True)
class StandardColumn:
    """A standard question as it may appear in a data file."""

    standard: str
    type: str


@dataclass(frozen=True)
class EarlierFigure:
    """One standard question's design-based result in the file (percentages in points)."""

    standard: str
    pct_agree: float
    n: int
    se: float
    population: int | None


def read_table(content: bytes, filename: str) -> pd.DataFrame:
    """The file's cells as text (CSV with ``;`` or ``,``, or the first sheet of an XLSX)."""
    import pandas as pd

    name = filename.lower()
    try:
        if name.endswith(".xlsx"):
            frame = pd.read_excel(io.BytesIO(content), sheet_name=0, dtype=object)
        elif name.endswith(".csv"):
            text = content.decode("utf-8-sig")
            header = text.split("\n", 1)[0]
            sep = ";" if header.count(";") >= header.count(",") else ","
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        else:
            raise EarlierFileError("Kies een CSV- of Excelbestand (.csv of .xlsx).")
    except UnicodeDecodeError as error:
        raise EarlierFileError(
            "Het CSV-bestand is geen UTF-8. Sla het op als ‘CSV UTF-8’ en probeer opnieuw."
        ) from error
    except (ValueError, OSError) as error:
        if isinstance(error, EarlierFileError):
            raise
        raise EarlierFileError(f"Het bestand is niet te lezen: {error}") from error
    frame.columns = [str(c).strip().lstrip("'") for c in frame.columns]
    return frame


def _number(value: object, row: int, column: str) -> float | None:
    """A cell as a number (``5``, ``5.0`` or ``5,0``); None when empty."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip().replace(",", ".")
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise EarlierFileError(f"Rij {row}, kolom ‘{column}’: ‘{value}’ is geen getal.") from None
    if not math.isfinite(number):
        raise EarlierFileError(f"Rij {row}, kolom ‘{column}’: ‘{value}’ is geen getal.")
    return number


def earlier_figures(
    frame: pd.DataFrame, standard_columns: Mapping[str, StandardColumn]
) -> list[EarlierFigure]:
    """% eens (or % ja), n and se per standard question found in the file.

    ``standard_columns`` maps a column name to its standard question. Raises
    :class:`EarlierFileError` on the first bad cell, or when no standard question or no
    respondent is found; a question with fewer than two valid answers is left out (no
    standard error), which the caller reports.
    """
    import numpy as np

    from ervaring.stats import summarise_agree, summarise_yes_no

    found = [c for c in frame.columns if c in standard_columns]
    if not found:
        raise EarlierFileError(
            "Geen enkele kolom is een standaardvraag (zoals wmo_1 of wmo-1). Gebruik het "
            "databestand dat Ervaring (of dit formaat) maakt, met één kolom per vraag."
        )
    if len(frame) == 0:
        raise EarlierFileError("Het bestand heeft geen rijen met antwoorden.")
    rows = range(2, len(frame) + 2)  # spreadsheet row numbers: the header is row 1
    codes: dict[str, np.ndarray] = {}
    for column in found:
        allowed = ALLOWED[standard_columns[column].type]
        values = []
        for row, cell in zip(rows, frame[column].tolist(), strict=True):
            number = _number(cell, row, column)
            if number is not None and number not in allowed:
                raise EarlierFileError(
                    f"Rij {row}, kolom ‘{column}’: {cell} is geen geldige antwoordcode "
                    f"(toegestaan: {', '.join(str(c) for c in sorted(allowed))}, of leeg)."
                )
            values.append(np.nan if number is None else number)
        codes[column] = np.asarray(values, dtype=float)
    design, population = _design(frame, rows)
    figures = []
    for column in found:
        spec = standard_columns[column]
        if spec.type == "yesno":
            summary = summarise_yes_no(codes[column], design, yes_code=1, no_code=2)
            pct, se = summary["pct_yes"].iloc[0], summary["se_yes"].iloc[0]
        else:
            summary = summarise_agree(codes[column], design)
            pct, se = summary["pct_agree"].iloc[0], summary["se_agree"].iloc[0]
        n = int(summary["n"].iloc[0])
        if n < 2 or math.isnan(pct) or math.isnan(se):
            continue
        figures.append(EarlierFigure(spec.standard, float(pct), n, float(se), population))
    return figures


def _design(frame: pd.DataFrame, rows: range):
    """The sample design from the design columns; one stratum without fpc if they are absent."""
    from ervaring.stats import StratifiedDesign

    present = [c for c in DESIGN_COLUMNS if c in frame.columns]
    if not present:
        return StratifiedDesign.build(None, None, n=len(frame)), None
    if "stratum" not in present or "populatie_stratum" not in present:
        missing = [c for c in ("stratum", "populatie_stratum") if c not in present]
        raise EarlierFileError(
            f"De kolom ‘{missing[0]}’ ontbreekt: zonder stratum en populatie per stratum "
            "zijn de cijfers niet met de steekproefopzet te berekenen."
        )
    strata: list[str] = []
    population: dict[str, float] = {}
    weights: list[float] = []
    for i, row in enumerate(rows):
        stratum = str(frame["stratum"].iloc[i] or "").strip()
        if not stratum or stratum.lower() == "nan":
            raise EarlierFileError(f"Rij {row}, kolom ‘stratum’: het stratum is leeg.")
        size = _number(frame["populatie_stratum"].iloc[i], row, "populatie_stratum")
        if size is None or size < 1:
            raise EarlierFileError(
                f"Rij {row}, kolom ‘populatie_stratum’: vul de populatie van het stratum in "
                "(een getal van 1 of meer)."
            )
        if population.setdefault(stratum, size) != size:
            raise EarlierFileError(
                f"Rij {row}, kolom ‘populatie_stratum’: {size:g} wijkt af van "
                f"{population[stratum]:g} eerder in stratum ‘{stratum}’."
            )
        if "gewicht" in frame.columns:
            weight = _number(frame["gewicht"].iloc[i], row, "gewicht")
            if weight is None or weight <= 0:
                raise EarlierFileError(
                    f"Rij {row}, kolom ‘gewicht’: het gewicht moet een getal groter dan 0 zijn."
                )
            weights.append(weight)
        strata.append(stratum)
    counts = {s: strata.count(s) for s in population}
    for stratum, size in population.items():
        if size < counts[stratum]:
            raise EarlierFileError(
                f"Kolom ‘populatie_stratum’: stratum ‘{stratum}’ heeft {counts[stratum]} "
                f"respondenten maar een populatie van {size:g}."
            )
    design = StratifiedDesign.build(strata, population, weights or None)
    return design, int(sum(population.values()))
