"""Complaint signals: which providers' complaint figures may be published, and how.

A complaint body (the independent confidential advisers, such as Jeugdstem) or the
municipality itself counts per year and per provider the unique clients who filed a
complaint, and what about. Those bodies report per organisation only from ten complaints a
year (``shared/reference/purmerend-raadsbrief-ceo-jeugd-2024.txt``): below that, the
provider's own figure could point at the clients behind it. The report and the raadsbrief
therefore name a provider only from the threshold, and otherwise give the municipality's
total, its main subjects, and the range of the totals over earlier years.

Plain functions on plain numbers: no request, no database.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: The subjects a complaint body usually reports; an import may add its own.
STANDARD_SUBJECTS = (
    "bejegening",
    "beslissing",
    "uitvoering",
    "communicatie",
    "wachttijd",
    "financiën",
    "overig",
)
DEFAULT_THRESHOLD = 10
#: How many subjects the text names as the main ones.
MAIN_SUBJECTS = 3


@dataclass(frozen=True)
class ProviderFigure:
    """One provider's complaints in one year: unique clients, and clients per subject."""

    provider: str
    clients: int
    subjects: Mapping[str, int]


@dataclass(frozen=True)
class ShownProvider:
    provider: str
    clients: int
    main_subjects: tuple[str, ...]


@dataclass(frozen=True)
class ComplaintSummary:
    """What may be published about one year's complaints.

    ``providers`` are the ones shown by name (at or over the threshold, and not hidden as
    the complement). ``earlier`` is (lowest, highest, number of years) of the totals of
    earlier years, or None without earlier years.
    """

    year: int
    threshold: int
    total: int
    main_subjects: tuple[str, ...]
    providers: tuple[ShownProvider, ...]
    earlier: tuple[int, int, int] | None
    #: Who counted the complaints, as the text names them ("de klachtinstantie").
    body: str = "de klachtinstantie"


def shown_providers(clients: Mapping[str, int], threshold: int) -> frozenset[str]:
    """The providers whose figure may be published beside the municipality's total.

    A provider is shown only when at least ``threshold`` unique clients complained about
    it. The total is always published, so the providers not shown are together
    ``total - shown``. When exactly one provider with complaints is hidden, that
    difference *is* its figure, and the threshold would protect nothing. Then the
    smallest shown provider is hidden too (every provider tied with it, because picking
    one of equals would tell a reader who knows this rule which one sits beside the small
    one), so the difference is a sum of at least two providers and no single one follows
    from it. When no shown provider is left, only the total is published; no provider is
    named, so the total is not any provider's figure. Providers without complaints (0)
    need no protection and give none: they are never company for a hidden provider.
    """
    if threshold < 1:
        raise ValueError("threshold must be at least 1")
    with_complaints = {name: n for name, n in clients.items() if n > 0}
    shown = {name for name, n in with_complaints.items() if n >= threshold}
    hidden = set(with_complaints) - shown
    if len(hidden) == 1 and shown:
        smallest = min(with_complaints[name] for name in shown)
        shown -= {name for name in shown if with_complaints[name] == smallest}
    return frozenset(shown)


def main_subjects(subjects: Mapping[str, int], count: int = MAIN_SUBJECTS) -> tuple[str, ...]:
    """The subjects most clients complained about, most first (ties by name); none of 0."""
    ranked = sorted((s for s, n in subjects.items() if n > 0), key=lambda s: (-subjects[s], s))
    return tuple(ranked[:count])


def summarise(
    year: int,
    figures: Sequence[ProviderFigure],
    earlier_totals: Mapping[int, int],
    threshold: int = DEFAULT_THRESHOLD,
    body: str = "de klachtinstantie",
) -> ComplaintSummary:
    """One year's publishable complaint figures (see :func:`shown_providers`).

    The total is the sum of the providers' unique clients: a client who complained about
    two providers counts twice, as the complaint bodies report it. The main subjects of the
    total are named without counts, so nothing about a hidden provider's subjects can be
    subtracted from them.
    """
    clients = {f.provider: f.clients for f in figures}
    shown = shown_providers(clients, threshold)
    subjects: Counter[str] = Counter()
    for figure in figures:
        subjects.update(figure.subjects)
    providers = tuple(
        ShownProvider(f.provider, f.clients, main_subjects(f.subjects))
        for f in sorted(figures, key=lambda f: (-f.clients, f.provider))
        if f.provider in shown
    )
    totals = [t for y, t in earlier_totals.items() if y < year]
    return ComplaintSummary(
        year=year,
        threshold=threshold,
        total=sum(clients.values()),
        main_subjects=main_subjects(subjects),
        providers=providers,
        earlier=(min(totals), max(totals), len(totals)) if totals else None,
        body=body,
    )


def listed(words: Sequence[str]) -> str:
    """ "a", "a en b", "a, b en c"."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " en " + words[-1]


def sentences(summary: ComplaintSummary) -> tuple[str, ...]:
    """The complaints paragraph in plain Dutch, for the report and the raadsbrief."""
    clients = "cliënt" if summary.total == 1 else "cliënten"
    text = [
        f"In {summary.year} dienden {summary.total} unieke {clients} een klacht in bij "
        f"{summary.body}."
    ]
    low, high, years = summary.earlier or (0, 0, 0)
    if years == 1:
        text.append(f"Het jaar daarvoor waren dat er {low}.")
    elif years and low == high:
        text.append(f"In de {years} jaren daarvoor waren dat er steeds {low} per jaar.")
    elif years:
        text.append(
            f"In de {years} jaren daarvoor waren dat er tussen de {low} en {high} per jaar."
        )
    if summary.main_subjects:
        text.append(f"De meeste klachten gingen over {listed(summary.main_subjects)}.")
    for provider in summary.providers:
        about = f", vooral over {listed(provider.main_subjects)}" if provider.main_subjects else ""
        text.append(f"Over {provider.provider} klaagden {provider.clients} cliënten{about}.")
    text.append(
        f"Per organisatie noemen we het aantal alleen bij {summary.threshold} of meer klachten "
        "in een jaar, om de privacy van cliënten te beschermen."
    )
    return tuple(text)


@dataclass(frozen=True)
class ComplaintRow:
    """One row of an import, checked: a provider's complaints in one year."""

    row: int
    year: int
    provider: str
    clients: int
    subjects: dict[str, int]


class ComplaintImportError(ValueError):
    """Every problem of an import, each a Dutch message naming row and column."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = tuple(errors)


#: Header names (lower case) accepted for each fixed column.
YEAR_HEADERS = ("jaar",)
PROVIDER_HEADERS = ("aanbieder", "organisatie", "zorgaanbieder")
CLIENT_HEADERS = ("unieke cliënten", "unieke clienten", "cliënten", "clienten", "aantal")
MAX_ROWS = 5000


def _column(headers: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in headers]
    return next((i for i, h in enumerate(lowered) if h in names), None)


#: A figure above this is a typing error (and would not fit the database column).
MAX_FIGURE = 1_000_000


def _whole(text: str) -> int | None:
    """A whole number of 0 or more written with the digits 0-9 (not "²" or "٣"), else None."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 7:
        return None
    value = int(text)
    return value if value <= MAX_FIGURE else None


def check_rows(
    headers: list[str], rows: Sequence[tuple[int, list[str]]], *, first_year: int, last_year: int
) -> list[ComplaintRow]:
    """The rows of an import, checked all at once; raises with every problem found.

    Columns: ``jaar``, ``aanbieder`` (or ``organisatie``), ``unieke cliënten``, then one
    column per subject (its header is the subject's name) with the number of clients who
    complained about it; an empty cell is 0. A subject's number cannot exceed the unique
    clients of its row, and a provider appears once per year.
    """
    found_columns = {
        "jaar": _column(headers, YEAR_HEADERS),
        "aanbieder": _column(headers, PROVIDER_HEADERS),
        "unieke cliënten": _column(headers, CLIENT_HEADERS),
    }
    missing = [name for name, index in found_columns.items() if index is None]
    if missing:
        raise ComplaintImportError([f"De kolom ‘{name}’ ontbreekt." for name in missing])
    columns = {name: index for name, index in found_columns.items() if index is not None}
    fixed = set(columns.values())
    subject_columns = [(i, h.strip().lower()) for i, h in enumerate(headers) if i not in fixed]
    errors: list[str] = []
    checked: list[ComplaintRow] = []
    seen: dict[tuple[int, str], int] = {}
    if len(rows) > MAX_ROWS:
        raise ComplaintImportError([f"Het bestand heeft meer dan {MAX_ROWS} rijen."])
    for number, cells in rows:
        if not any(cell.strip() for cell in cells):
            continue
        row = _check_row(number, cells, columns, subject_columns, (first_year, last_year), seen)
        if isinstance(row, ComplaintRow):
            checked.append(row)
        else:
            errors.extend(row)
    if errors:
        raise ComplaintImportError(errors)
    if not checked:
        raise ComplaintImportError(["Het bestand heeft geen rijen met klachten."])
    return checked


def _check_row(
    number: int,
    cells: list[str],
    columns: dict[str, int],
    subject_columns: list[tuple[int, str]],
    years: tuple[int, int],
    seen: dict[tuple[int, str], int],
) -> ComplaintRow | list[str]:
    """One row checked, or its problems. ``seen`` remembers (year, provider) by row, so a
    provider given twice for a year is named with the row it first appeared in."""
    found: list[str] = []

    def cell(index: int) -> str:
        return cells[index].strip() if index < len(cells) else ""

    def problem(column: str, message: str) -> None:
        found.append(f"Rij {number}, kolom ‘{column}’: {message}")

    year = _whole(cell(columns["jaar"]))
    if year is None or not years[0] <= year <= years[1]:
        problem("jaar", f"vul een jaar in tussen {years[0]} en {years[1]}.")
    provider = " ".join(cell(columns["aanbieder"]).split())
    if not provider:
        problem("aanbieder", "vul de naam van de organisatie in.")
    elif len(provider) > 200:
        problem("aanbieder", "de naam is langer dan 200 tekens.")
    clients = _whole(cell(columns["unieke cliënten"]))
    if clients is None:
        problem("unieke cliënten", "vul een heel getal in (0 of meer).")
    subjects: dict[str, int] = {}
    for index, subject in subject_columns:
        text = cell(index)
        value = _whole(text) if text else 0
        if value is None:
            problem(subject, "vul een heel getal in (0 of meer) of laat de cel leeg.")
        elif clients is not None and value > clients:
            problem(subject, f"meer cliënten ({value}) dan unieke cliënten ({clients}).")
        elif value:
            subjects[subject] = value
    if year is not None and provider:
        key = (year, provider.lower())
        if key in seen:
            problem("aanbieder", f"{provider} staat voor {year} ook al in rij {seen[key]}.")
        seen.setdefault(key, number)
    if found or year is None or clients is None:
        return found
    return ComplaintRow(number, year, provider, clients, subjects)
