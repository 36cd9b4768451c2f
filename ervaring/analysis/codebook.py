"""The codebook as plain data: the standard CEO codebook, and its CSV form.

Reports of Dutch CEOs summarise open answers into the same themes year after year (access,
treatment, waiting, information, expertise, continuity, cooperation, effect, ...), each as
strengths (pluspunten) and points to work on (kluspunten). The standard codebook has those
themes at the top and, under each, a pluspunt and a kluspunt with Dutch keywords that the
suggestions use. Keys are stable across surveys so that earlier coding teaches later
suggestions.

CSV columns (semicolon-separated, UTF-8, as Excel in Dutch writes them): `code`, `naam`,
`bovenliggend` (the parent's code, empty at the top), `soort` (pluspunt, kluspunt,
neutraal), `trefwoorden` (comma-separated), `toets` (one letter or digit). A file is checked
whole: every error is reported with its line, and nothing is imported while one remains.

No Django here.
"""

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

COLUMNS = ("code", "naam", "bovenliggend", "soort", "trefwoorden", "toets")
POLARITY_WORDS = {"pluspunt": "plus", "kluspunt": "klus", "neutraal": "neutraal"}
POLARITY_NAMES = {value: word for word, value in POLARITY_WORDS.items()}
#: Keys that tick a code, in the order the standard codebook hands them out.
SHORTCUT_KEYS = "1234567890abcdefghijklmnopqrstuvwxyz"
KEY_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


@dataclass(frozen=True)
class CodeRow:
    """One code of a codebook, as in the CSV."""

    key: str
    label: str
    parent: str = ""
    polarity: str = "neutraal"
    keywords: tuple[str, ...] = ()
    shortcut: str = ""


class CodebookError(ValueError):
    """A codebook that cannot be used; `errors` names every problem with its line."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


# (key, label, keywords of the pluspunt, keywords of the kluspunt)
_THEMES: tuple[tuple[str, str, str, str], ...] = (
    (
        "toegang",
        "Toegang en eerste contact",
        "makkelijk bereikbaar, goed bereikbaar, wist waar, snel contact, loket, website",
        "slecht bereikbaar, niet bereikbaar, niet wist waar, telefoon, wachtrij, doorverbonden",
    ),
    (
        "bejegening",
        "Bejegening",
        "vriendelijk, aardig, respect, serieus, luistert, luisterde, betrokken, geduldig, fijn",
        "onvriendelijk, bot, niet serieus, luistert niet, arrogant, kortaf, respectloos",
    ),
    (
        "wachttijd",
        "Snelheid en wachttijd",
        "snel, vlot, op tijd, meteen, direct geholpen",
        "lang, wachten, wachttijd, wachtlijst, weken, maanden, duurde, traag",
    ),
    (
        "informatie",
        "Informatie en uitleg",
        "duidelijk, uitleg, goed uitgelegd, informatie, op de hoogte",
        "onduidelijk, geen uitleg, geen informatie, niets gehoord, brief, terugkoppeling",
    ),
    (
        "deskundigheid",
        "Deskundigheid",
        "deskundig, kennis, professioneel, ervaren, weet wat",
        "geen verstand, onkundig, geen kennis, onervaren",
    ),
    (
        "continuiteit",
        "Continuïteit",
        "vaste, zelfde, dezelfde, vertrouwd",
        "wisseling, steeds andere, steeds een ander, wisselt, vervanging, nieuwe medewerker",
    ),
    (
        "samenwerking",
        "Samenwerking en afstemming",
        "samen, samenwerking, overleg, afstemming",
        "langs elkaar, van het kastje, niet afgestemd, doorverwezen, instanties",
    ),
    (
        "effect",
        "Effect van de hulp",
        "beter, zelfstandig, redden, verschil, verbetering, kan weer, rust",
        "niet geholpen, geen verschil, slechter, niets veranderd, nog steeds",
    ),
    (
        "uitvoering",
        "Uitvoering van de hulp",
        "goede hulp, schoon, goed werk, prettige hulp, zorgvuldig",
        "te weinig uren, niet goed schoon, slordig, afspraak niet nagekomen, niet gekomen",
    ),
    (
        "regels",
        "Regels en kosten",
        "gratis, betaalbaar, eenvoudig aanvragen",
        "eigen bijdrage, kosten, duur, regels, bureaucratie, formulieren, papierwerk",
    ),
    (
        "hulpmiddelen",
        "Hulpmiddelen en vervoer",
        "scootmobiel, rolstoel, taxi, vervoer, chauffeur, aanpassing",
        "te laat, niet op tijd, kapot, defect, reparatie, taxi",
    ),
)


def standard_codebook() -> tuple[CodeRow, ...]:
    """The standard CEO codebook: each theme, with a pluspunt and a kluspunt under it."""
    rows: list[CodeRow] = []
    keys = iter(SHORTCUT_KEYS)
    for key, label, plus, klus in _THEMES:
        rows.append(CodeRow(key, label))
        rows.append(CodeRow(f"{key}-plus", f"{label}: goed", key, "plus", _words(plus), next(keys)))
        rows.append(
            CodeRow(f"{key}-klus", f"{label}: kan beter", key, "klus", _words(klus), next(keys))
        )
    rows.append(CodeRow("overig", "Overig", "", "neutraal", (), next(keys)))
    return tuple(rows)


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip().lower() for w in text.split(",") if w.strip())


def to_csv(rows: Iterable[CodeRow]) -> str:
    """The codebook as CSV text (semicolons, a header)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                row.key,
                row.label,
                row.parent,
                POLARITY_NAMES.get(row.polarity, row.polarity),
                ", ".join(row.keywords),
                row.shortcut,
            ]
        )
    return out.getvalue()


def parse_csv(text: str) -> tuple[CodeRow, ...]:
    """The rows of a codebook CSV; raises CodebookError naming every faulty line."""
    text = text.lstrip("\ufeff")
    dialect = ";" if text.split("\n", 1)[0].count(";") >= text.split("\n", 1)[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=dialect)
    header = [h.strip().lower() for h in next(reader, [])]
    missing = [c for c in ("code", "naam") if c not in header]
    if missing:
        raise CodebookError(
            [f"Regel 1: de kolom '{missing[0]}' ontbreekt (kolommen: {', '.join(COLUMNS)})."]
        )
    rows: list[CodeRow] = []
    errors: list[str] = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        values = dict(zip(header, (c.strip() for c in cells), strict=False))
        polarity_word = (values.get("soort") or "neutraal").lower()
        if polarity_word not in POLARITY_WORDS:
            errors.append(
                f"Regel {number}: soort '{polarity_word}' bestaat niet; kies pluspunt, "
                "kluspunt of neutraal."
            )
        rows.append(
            CodeRow(
                key=values.get("code", "").lower(),
                label=values.get("naam", ""),
                parent=values.get("bovenliggend", "").lower(),
                polarity=POLARITY_WORDS.get(polarity_word, "neutraal"),
                keywords=_words(values.get("trefwoorden", "")),
                shortcut=values.get("toets", "").lower(),
            )
        )
    errors += [f"Regel {line}: {message}" for line, message in check(rows, first_line=2)]
    if errors:
        raise CodebookError(errors)
    return tuple(rows)


def check(rows: list[CodeRow], first_line: int = 1) -> list[tuple[int, str]]:
    """Problems of a codebook as (line, message): keys, names, parents, shortcuts."""
    problems: list[tuple[int, str]] = []
    keys = {row.key for row in rows}
    seen_keys: set[str] = set()
    seen_shortcuts: dict[str, str] = {}
    for line, row in enumerate(rows, start=first_line):
        if not KEY_PATTERN.match(row.key):
            problems.append(
                (line, f"code '{row.key}' mag alleen kleine letters, cijfers en - bevatten.")
            )
        if row.key in seen_keys:
            problems.append((line, f"code '{row.key}' staat er twee keer in."))
        seen_keys.add(row.key)
        if not row.label:
            problems.append((line, f"code '{row.key}' heeft geen naam."))
        if row.parent and (row.parent not in keys or row.parent == row.key):
            problems.append((line, f"bovenliggende code '{row.parent}' bestaat niet."))
        if row.shortcut:
            if len(row.shortcut) != 1 or row.shortcut not in SHORTCUT_KEYS:
                problems.append((line, f"toets '{row.shortcut}' moet één letter of cijfer zijn."))
            elif row.shortcut in seen_shortcuts:
                other = seen_shortcuts[row.shortcut]
                problems.append((line, f"toets '{row.shortcut}' hoort al bij '{other}'."))
            seen_shortcuts[row.shortcut] = row.key
    problems += [(first_line, message) for message in _cycles(rows)]
    return problems


def _cycles(rows: list[CodeRow]) -> list[str]:
    parent = {row.key: row.parent for row in rows}
    for key in parent:
        seen, current = {key}, parent[key]
        while current:
            if current in seen:
                return [f"de codes rond '{key}' zijn elkaars bovenliggende code."]
            seen.add(current)
            current = parent.get(current, "")
    return []
