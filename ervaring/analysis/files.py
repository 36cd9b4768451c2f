"""Reading a respondent file from outside the product (CSV, XLSX, SPSS) for ``ervaring analyse``.

Files come from other systems and other years, so nothing about their columns is assumed
beyond the contract in ``docs/analyse.md``: the group column is named by the user, a column
whose values are agree-scale answers (Dutch labels, or codes from the questions file, or
SPSS value labels) is a question, an identifier column is recognised and skipped, and any
other column is skipped with a warning. An answer that is not on the scale is an error that
names its row and column: guessing would publish a wrong percentage.

CSV and XLSX are read by the population import's reader (`fieldwork.population.reading`), so
both commands read the same file the same way: encoding and separator detected, Excel's dates
and numbers as Excel shows them, the same limits, and the same Dutch message for a file that is
no table. No Django here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from ervaring.analysis import columnar
from ervaring.fieldwork.population import reading
from ervaring.fieldwork.population.table import PopulationFileError, RawTable
from ervaring.stats.codes import (
    HELEMAAL_MEE_EENS,
    HELEMAAL_NIET_MEE_EENS,
    MEE_EENS,
    NEUTRAAL,
    NIET_MEE_EENS,
    NIET_VAN_TOEPASSING,
    TOTAL_LABEL,
    WEET_NIET,
)

#: The agree scale's Dutch labels (compared without case and extra spaces) and their codes.
AGREE_LABELS: dict[str, int] = {
    "helemaal mee eens": HELEMAAL_MEE_EENS,
    "mee eens": MEE_EENS,
    "neutraal": NEUTRAAL,
    "niet mee eens": NIET_MEE_EENS,
    "helemaal niet mee eens": HELEMAAL_NIET_MEE_EENS,
    "weet niet": WEET_NIET,
    "niet van toepassing": NIET_VAN_TOEPASSING,
}
#: Spellings seen in exports of other survey tools, accepted as the same answer.
AGREE_ALIASES: dict[str, int] = {"n.v.t.": NIET_VAN_TOEPASSING, "nvt": NIET_VAN_TOEPASSING}
ID_NAMES = {"id", "respondent", "respondentnummer", "respondentid", "respnr", "nr", "nummer"}
ID_NAMES |= {"volgnummer", "record", "recordnummer", "caseid", "case", "respondentnr"}
_INTEGRAL = re.compile(r"^-?\d+\.0+$")
#: Share of a column's filled cells that must be answers before its other values are errors.
QUESTION_SHARE = 0.5
MAX_REPORTED = 10


class AnalyseError(ValueError):
    """The input cannot be analysed; the message says where (row, column) and why."""


def normalise_label(value: object) -> str:
    """Lower case, single spaces; "1.0" (Excel, SPSS) becomes "1"."""
    text = " ".join(str(value).lower().split())
    return text[: text.index(".")] if _INTEGRAL.match(text) else text


@dataclass(frozen=True)
class QuestionsFile:
    """The optional questions file (Q.yaml): answer codes, question texts, columns to skip."""

    codes: dict[str, int] = field(default_factory=dict)
    questions: dict[str, QuestionEntry] = field(default_factory=dict)
    ignore: frozenset[str] = frozenset()

    def lookup(self, column: str) -> dict[str, int]:
        """Normalised value -> agree code for one column: labels, then file codes."""
        entry = self.questions.get(column)
        return {
            **AGREE_LABELS,
            **AGREE_ALIASES,
            **self.codes,
            **(entry.codes if entry else {}),
        }


@dataclass(frozen=True)
class QuestionEntry:
    text: str = ""
    codes: dict[str, int] = field(default_factory=dict)


def load_questions_file(path: Path) -> QuestionsFile:
    """Read and check Q.yaml (format in ``docs/analyse.md``); every problem in one error."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise AnalyseError(f"{path.name} is not valid YAML: {error}") from error
    if not isinstance(data, dict):
        raise AnalyseError(f"{path.name}: expected a mapping with codes, questions, ignore")
    unknown = set(data) - {"codes", "questions", "ignore"}
    if unknown:
        raise AnalyseError(f"{path.name}: unknown key(s) {sorted(unknown)}")
    codes = _codes(data.get("codes") or {}, f"{path.name}: codes")
    raw_questions = data.get("questions") or {}
    if isinstance(raw_questions, list):
        raw_questions = {str(q): {} for q in raw_questions}
    if not isinstance(raw_questions, dict):
        raise AnalyseError(f"{path.name}: questions must map column names to their details")
    questions = {}
    for column, entry in raw_questions.items():
        if isinstance(entry, str):
            entry = {"text": entry}
        entry = entry or {}
        if not isinstance(entry, dict) or set(entry) - {"text", "codes"}:
            raise AnalyseError(f"{path.name}: questions.{column} may hold only text and codes")
        where = f"{path.name}: questions.{column}.codes"
        questions[str(column)] = QuestionEntry(
            str(entry.get("text") or ""), _codes(entry.get("codes") or {}, where)
        )
    ignore = data.get("ignore") or []
    if not isinstance(ignore, list):
        raise AnalyseError(f"{path.name}: ignore must be a list of column names")
    return QuestionsFile(codes, questions, frozenset(str(c) for c in ignore))


def _codes(raw: object, where: str) -> dict[str, int]:
    if not isinstance(raw, dict):
        raise AnalyseError(f"{where} must map each code in the file to an answer label")
    codes = {}
    for code, label in raw.items():
        meaning = AGREE_LABELS.get(normalise_label(label))
        if meaning is None:
            raise AnalyseError(
                f"{where}: {code}: '{label}' is not an answer of the agree scale "
                f"({', '.join(AGREE_LABELS)})"
            )
        codes[normalise_label(code)] = meaning
    return codes


@dataclass(frozen=True)
class Table:
    """A file's cells as text ("" when empty), and SPSS value labels per column if any.

    Columns are plain text or Categoricals of text (a large CSV read column by column, see
    `columnar`); everything below treats them alike through `_factorised`.
    """

    frame: pd.DataFrame
    value_labels: dict[str, dict[str, str]] = field(default_factory=dict)
    #: The line a spreadsheet shows for each data row (the header's line is not among them);
    #: None for SPSS files, which have cases rather than lines, and for a file read column by
    #: column, whose lines are counted only when a message needs them (`source`).
    lines: tuple[int, ...] | None = None
    source: Path | None = None

    def where(self, i: int, column: str) -> str:
        """How a message names a cell: data row (1-based), file line, column."""
        lines = self.lines
        if self.source is not None:
            stat = self.source.stat()
            lines = _exact_lines(self.source, stat.st_mtime_ns, stat.st_size)
        line = f" (line {lines[i]})" if lines is not None else ""
        return f"row {i + 1}{line}, column '{column}'"


def read_table(path: Path, started: columnar.Background | None = None) -> Table:
    """Read CSV (comma, semicolon or tab; UTF-8, UTF-16 or Windows-1252), XLSX or SPSS .sav
    as text. ``started`` is the column reader's parse of this file begun earlier (the
    command starts it before its imports); it is taken after the same checks."""
    if not path.is_file():
        raise AnalyseError(f"No such file: {path}")
    if path.suffix.lower() == ".sav":
        return _read_sav(path)
    if started is not None and started.path != path:
        raise ValueError(f"the parse started is of {started.path}, not of {path}")
    frame = columnar.to_frame(started.result() if started else columnar.parse(path))
    if frame is not None:
        return Table(frame, source=path)
    try:
        return read_exact(path)
    except PopulationFileError as error:
        raise AnalyseError(f"{path.name}: {error}") from error


@functools.lru_cache(maxsize=4)
def _exact_lines(path: Path, mtime_ns: int, size: int) -> tuple[int, ...]:
    """The file lines of a file read column by column, counted the exact way (for messages):
    the line of every row with a filled cell, as `_read_rows` keeps them. Counted once per
    version of the file (its time and size are part of the key), however many messages."""
    with path.open("rb") as file:
        raw = reading.read_table(file)
        return tuple(line for line, cells in raw.rows if any(cell.strip() for cell in cells))


def read_exact(path: Path) -> Table:
    """The file read row by row by the population import's reader (the reference)."""
    with path.open("rb") as file:
        return _read_rows(reading.read_table(file))


def _read_rows(raw: RawTable) -> Table:
    """Every filled row under the header, as many cells as the header names."""
    width = len(raw.headers)
    lines, rows = [], []
    for line, cells in raw.rows:
        values = [_cell(cell) for cell in cells]
        if not any(values):
            continue  # a blank line is no respondent
        if any(values[width:]):
            raise AnalyseError(
                f"line {line} has more cells than the header has columns ({width}): check the "
                "separator, or give every column a name"
            )
        lines.append(line)
        rows.append(values[:width] + [""] * (width - len(values)))
    frame = pd.DataFrame(rows, columns=raw.headers, dtype=object)
    return Table(frame, lines=tuple(lines))


def _read_sav(path: Path) -> Table:
    import pyreadstat  # only needed for SPSS files; slow to import

    frame, meta = pyreadstat.read_sav(str(path))
    labels = {
        str(column): {_cell(code): str(label) for code, label in mapping.items()}
        for column, mapping in meta.variable_value_labels.items()
    }
    return Table(frame.map(_cell), labels)


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_population(path: Path) -> dict[str, int]:
    """The population file: columns ``group,population`` (or groep/populatie), in file order."""
    frame = read_table(path).frame
    columns = {c.lower(): c for c in frame.columns}
    group = columns.get("group") or columns.get("groep")
    size = columns.get("population") or columns.get("populatie")
    if group is None or size is None:
        raise AnalyseError(f"{path.name}: expected the columns group,population")
    population: dict[str, int] = {}
    for i, (label, value) in enumerate(zip(frame[group], frame[size], strict=True)):
        where = f"{path.name}, row {i + 1}"
        if not label:
            raise AnalyseError(f"{where}: the group is empty")
        if label in population:
            raise AnalyseError(f"{where}: group '{label}' appears twice")
        if label == TOTAL_LABEL:
            raise AnalyseError(f"{where}: '{TOTAL_LABEL}' is reserved for all groups together")
        try:
            population[label] = int(normalise_label(value))
        except ValueError:
            raise AnalyseError(f"{where}: population '{value}' is not a whole number") from None
        if population[label] < 1:
            raise AnalyseError(f"{where}: population must be at least 1")
    return population


@dataclass(frozen=True)
class RecognisedColumns:
    """Question columns as agree codes (NaN when empty), and what was skipped and why."""

    questions: dict[str, np.ndarray]
    identifiers: list[str]
    skipped: list[str]
    warnings: list[str]


def recognise_columns(table: Table, by: str, questions_file: QuestionsFile) -> RecognisedColumns:
    """Sort every column but ``by`` into question, identifier or other (with a warning).

    A column is a question when the questions file lists it, or when at least half of its
    filled cells are answers; then every other value in it is an error.

    Every value is looked at once, however many rows hold it: the counts per row come from
    one ``bincount`` of the column's codes, and only a column with a bad answer is searched
    row by row (for the message).
    """
    frame = table.frame
    questions: dict[str, np.ndarray] = {}
    identifiers: list[str] = []
    skipped: list[str] = []
    warnings: list[str] = []
    problems: list[str] = []
    n_problems = 0
    for column in frame.columns:
        if column == by or column in questions_file.ignore:
            continue
        codes, distinct = _factorised(frame[column])
        lookup = _column_lookup(table, column, questions_file)
        facts = _distinct_facts(distinct, lookup)
        rows = np.bincount(codes, minlength=len(facts.filled))
        filled_rows = int(rows[facts.filled].sum())
        known_rows = int(rows[facts.known].sum())
        listed = column in questions_file.questions
        if questions_file.questions and not listed:
            is_question = False
        else:
            is_question = listed or (known_rows > 0 and known_rows >= QUESTION_SHARE * filled_rows)
        if is_question:
            bad = facts.filled & ~facts.known
            if rows[bad].any():
                positions = np.flatnonzero(bad[codes])
                n_problems += len(positions)
                room = max(MAX_REPORTED - len(problems), 0)
                problems.extend(_bad_cells(table, column, positions[:room], lookup))
            questions[column] = facts.answers[codes]
        elif _is_identifier(column, facts, codes, is_first=column == frame.columns[0]):
            identifiers.append(column)
        else:
            example = next((v for v in frame[column] if v), "")
            skipped.append(column)
            warnings.append(
                f"column '{column}' ignored: it does not hold answers"
                + (f" (e.g. '{example}')" if example else " (it is empty)")
            )
    if problems:
        more = f"\n... and {n_problems - MAX_REPORTED} more" if n_problems > MAX_REPORTED else ""
        raise AnalyseError("\n".join(problems) + more)
    missing = sorted(set(questions_file.questions) - set(frame.columns))
    if missing:
        raise AnalyseError(f"question column(s) from the questions file not found: {missing}")
    return RecognisedColumns(questions, identifiers, skipped, warnings)


#: From this many distinct values in a column on, they are normalised and looked up by
#: PyArrow (`columnar.normalised`) instead of one by one in Python: a million respondent
#: numbers cost half a second the Python way.
BULK_VALUES = 100_000


@dataclass(frozen=True)
class _DistinctFacts:
    """Per distinct value of a column (as `_factorised` numbers them), once normalised:
    filled, a known answer, and that answer's code (NaN when not an answer)."""

    filled: np.ndarray
    known: np.ndarray
    answers: np.ndarray
    #: How many distinct values remain once normalised (counted only when asked).
    count_normal: Callable[[], int]


def _distinct_facts(distinct: Sequence[str], lookup: Mapping[str, int]) -> _DistinctFacts:
    if len(distinct) >= BULK_VALUES:
        return _bulk_facts(distinct, lookup)
    # Digits stay as they are (normalising changes nothing in them, and is slower).
    normal = [value if value.isdigit() else normalise_label(value) for value in distinct]
    answers = np.array([lookup.get(value, np.nan) for value in normal], dtype=float)
    filled = np.array([value != "" for value in normal], dtype=bool)
    return _DistinctFacts(filled, _known(filled, answers), answers, lambda: len(set(normal)))


def _bulk_facts(distinct: Sequence[str], lookup: Mapping[str, int]) -> _DistinctFacts:
    import pyarrow as pa  # many distinct values come from a large file; it is loaded then
    import pyarrow.compute as pc

    normal = columnar.normalised(pa.array(distinct, type=pa.large_string()), normalise_label)
    keys = pa.array(list(lookup), type=pa.large_string())
    position = pc.index_in(normal, value_set=keys).fill_null(-1).to_numpy(zero_copy_only=False)
    answers = np.append(np.array(list(lookup.values()), dtype=float), np.nan)[position]
    filled = pc.not_equal(normal, "").to_numpy(zero_copy_only=False)
    return _DistinctFacts(
        filled, _known(filled, answers), answers, lambda: pc.count_distinct(normal).as_py()
    )


def _known(filled: np.ndarray, answers: np.ndarray) -> np.ndarray:
    """A known answer is a filled one: an empty cell never counts towards a question, even
    when a questions file gives "" a code (it still gets that code as its answer)."""
    return filled & ~np.isnan(answers)


def _column_lookup(table: Table, column: str, questions_file: QuestionsFile) -> dict[str, int]:
    lookup = questions_file.lookup(column)
    has_codes = bool(questions_file.codes) or bool(
        column in questions_file.questions and questions_file.questions[column].codes
    )
    if not has_codes:
        for code, label in table.value_labels.get(column, {}).items():
            meaning = AGREE_LABELS.get(normalise_label(label))
            if meaning is not None:
                lookup[normalise_label(code)] = meaning
    return lookup


def _factorised(column: pd.Series) -> tuple[np.ndarray, Sequence[str]]:
    """(code of every row, the distinct values): each value is looked at once, not per row."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(), column.cat.categories
    if _in_arrow(column) and len(column) >= BULK_VALUES:
        # Respondent numbers read as plain text (`columnar`): each row stands for itself,
        # every figure below is the same, and a million values are not hashed.
        return np.arange(len(column)), column.array
    codes, distinct = pd.factorize(column, sort=False, use_na_sentinel=False)
    return codes, distinct


def _in_arrow(column: pd.Series) -> bool:
    dtype = column.dtype
    return isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"


def _bad_cells(
    table: Table, column: str, positions: np.ndarray, lookup: Mapping[str, int]
) -> list[str]:
    expected = ", ".join(sorted({k for k in lookup if not k.isdigit()} & set(AGREE_LABELS)))
    codes = sorted(k for k in lookup if k.isdigit())
    if codes:
        expected += f"; codes {', '.join(codes)}"
    return [
        f"{table.where(i, column)}: unknown answer '{table.frame[column].iloc[i]}' "
        f"(expected: {expected})"
        for i in positions
    ]


def _is_identifier(
    column: str, facts: _DistinctFacts, codes: np.ndarray, *, is_first: bool
) -> bool:
    """An identifier by name, or a first column with a distinct value in every row.

    Unique values alone are not enough further along: an age or a date can be unique in a
    small file, and skipping such a column silently would hide a mistake (it gets a warning).
    """
    name = re.sub(r"[^a-z0-9]", "", column.lower())
    if name in ID_NAMES:
        return True
    # Every row its own value (`facts` hold each value once, so as many as there are rows),
    # none of them empty, and no two alike once normalised.
    return (
        is_first
        and len(codes) > 1
        and len(facts.filled) == len(codes)
        and bool(facts.filled.all())
        and facts.count_normal() == len(codes)
    )


def group_labels(table: Table, by: str, population: Mapping[str, int]) -> pd.Categorical:
    """The group of every row, in the population file's order of groups; an empty or unknown
    group is an error naming the row."""
    if by not in table.frame.columns:
        raise AnalyseError(f"the file has no column '{by}' (columns: {list(table.frame.columns)})")
    order = list(population)
    position = {group: i for i, group in enumerate(order)}
    codes, distinct = _factorised(table.frame[by])
    groups = np.array([position.get(label, -1) for label in distinct] + [-1], dtype=np.int64)
    rows = groups[codes]
    bad = np.flatnonzero(rows < 0)
    if len(bad):
        problems = [_group_problem(table, i, by) for i in bad[:MAX_REPORTED]]
        more = f"\n... and {len(bad) - MAX_REPORTED} more" if len(bad) > MAX_REPORTED else ""
        raise AnalyseError("\n".join(problems) + more)
    return pd.Categorical.from_codes(rows, categories=order)


def _group_problem(table: Table, i: int, by: str) -> str:
    label = table.frame[by].iloc[i]
    where = table.where(i, by)
    if not label:
        return f"{where}: the group is empty"
    if label == TOTAL_LABEL:
        return f"{where}: '{TOTAL_LABEL}' is reserved for all groups together"
    return f"{where}: group '{label}' is not in the population file"
