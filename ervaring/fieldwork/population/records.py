"""The values a population check produces: client records, problems and notices.

All frozen: cell values are cached and shared between rows (see `cells.CellChecker`), so a
value that could be changed in place would change every client that shares it. Merging and
assigning groups make new records instead.
"""

from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from operator import attrgetter

#: How many row numbers a notice lists; the count says how many there are in all.
NOTICE_ROWS = 10


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the file; `row` is None for the file as a whole. Any problem stops
    the import."""

    row: int | None
    column: str
    message: str
    value: str = ""


@dataclass(frozen=True)
class Notice:
    """Something the import does not stop for, but the user must know (Dutch), with the
    first rows it concerns and how many there are in all."""

    message: str
    count: int
    rows: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        if not self.rows:
            return self.message
        shown = ", ".join(str(row) for row in self.rows)
        more = " en verder" if self.count > len(self.rows) else ""
        word = "rij" if len(self.rows) == 1 else "rijen"
        return f"{self.message} ({word} {shown}{more})"


def notice_for(message: str, rows: list[int]) -> Notice:
    """A notice about these rows: all of them counted, the first few listed."""
    return Notice(message, len(rows), tuple(sorted(rows)[:NOTICE_ROWS]))


@dataclass(frozen=True, slots=True)
class ClientRecord:
    """One client as the file describes it, after validation and merging of duplicates.

    `provision_names` are the name keys as the file has them (see `provisions.name_key`);
    `provision_groups` are filled in only once every name is matched to a group.
    """

    client_ref: str
    first_row: int
    law: str = ""
    provision_names: tuple[str, ...] = ()
    provision_groups: tuple[str, ...] = ()
    birth_date: date | None = None
    birth_year: int | None = None
    gender: str = ""
    team: str = ""
    district: str = ""
    name: str = ""
    street: str = ""
    house_number: str = ""
    postcode: str = ""
    town: str = ""
    email: str = ""
    mobile: str = ""
    phone: str = ""
    parent_name: str = ""
    parent_street: str = ""
    parent_house_number: str = ""
    parent_postcode: str = ""
    parent_town: str = ""
    parent_email: str = ""
    parent_mobile: str = ""
    language: str = ""

    @property
    def has_address(self) -> bool:
        """A letter can reach the client, or (for youth care) a parent at their own address."""
        own = (self.street, self.house_number, self.postcode, self.town)
        parent = (self.parent_street, self.parent_house_number, self.parent_postcode)
        return all(own) or all((*parent, self.parent_town))


# A record packed into one string (see `pack`): its fields in order, joined by control
# characters no checked value holds (the cell check reads them as white space, like tabs, and
# refuses every other control character).
_SEPARATOR = "\x1f"
_NAME_SEPARATOR = "\x1e"
_FIELD_NAMES = tuple(f.name for f in fields(ClientRecord))
_VALUES = attrgetter(*_FIELD_NAMES)
_ROW, _NAMES, _GROUPS, _BIRTH_DATE, _BIRTH_YEAR = (
    _FIELD_NAMES.index(name)
    for name in ("first_row", "provision_names", "provision_groups", "birth_date", "birth_year")
)


def pack(record: ClientRecord) -> str:
    """The record as one string, about a quarter of the memory of the record and its values.

    A population is checked in full before anything is written, so every client of a file is
    in memory at once: a million clients as records take about 800 MB, packed about 200 MB.
    """
    values = list(_VALUES(record))
    values[_ROW] = str(record.first_row)
    values[_NAMES] = _NAME_SEPARATOR.join(record.provision_names)
    values[_GROUPS] = _NAME_SEPARATOR.join(record.provision_groups)
    values[_BIRTH_DATE] = record.birth_date.isoformat() if record.birth_date else ""
    values[_BIRTH_YEAR] = "" if record.birth_year is None else str(record.birth_year)
    packed = _SEPARATOR.join(values)
    if packed.count(_SEPARATOR) != len(values) - 1:
        raise ValueError("a checked value holds a control character")  # the cell check failed
    return packed


def unpack(packed: str, groups: Mapping[str, str] | None = None) -> ClientRecord:
    """The record `pack` made this string of; with `groups` (name key -> group, for every name
    the client has), its `provision_groups` filled from its provision names."""
    text = packed.split(_SEPARATOR)
    values: list[object] = list(text)
    values[_ROW] = int(text[_ROW])
    names = tuple(text[_NAMES].split(_NAME_SEPARATOR)) if text[_NAMES] else ()
    values[_NAMES] = names
    if groups is None:
        values[_GROUPS] = tuple(text[_GROUPS].split(_NAME_SEPARATOR)) if text[_GROUPS] else ()
    else:
        values[_GROUPS] = tuple(dict.fromkeys(groups[name] for name in names))
    values[_BIRTH_DATE] = date.fromisoformat(text[_BIRTH_DATE]) if text[_BIRTH_DATE] else None
    values[_BIRTH_YEAR] = int(text[_BIRTH_YEAR]) if text[_BIRTH_YEAR] else None
    return ClientRecord(*values)  # type: ignore[arg-type]


class PackedClients(Collection[ClientRecord]):
    """Clients kept packed (see `pack`), unpacked one at a time while they are read, with
    `provision_groups` filled from name key -> group when `groups` is given (every name a
    client has must be in it)."""

    def __init__(self, packed: Collection[str], groups: Mapping[str, str] | None = None) -> None:
        self._packed, self._groups = packed, groups

    def __len__(self) -> int:
        return len(self._packed)

    def __iter__(self) -> Iterator[ClientRecord]:
        groups = self._groups
        for packed in self._packed:
            yield unpack(packed, groups)

    def __contains__(self, item: object) -> bool:
        return any(client == item for client in self)

    def with_groups(self, groups: Mapping[str, str]) -> "PackedClients":
        return PackedClients(self._packed, groups)


@dataclass(frozen=True)
class ParsedPopulation:
    """The outcome of checking a file: import only when `problems` is empty."""

    clients: Collection[ClientRecord]
    problems: tuple[Problem, ...]
    rows_read: int
    notices: tuple[Notice, ...] = ()
    # name key -> the name as the file first wrote it
    provision_labels: dict[str, str] = field(default_factory=dict, compare=False)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def provision_counts(self) -> list[tuple[str, str, int]]:
        """(key, name, clients) per provision name, most clients first."""
        counts: dict[str, int] = {}
        for client in self.clients:
            for key in client.provision_names:
                counts[key] = counts.get(key, 0) + 1
        return sorted(
            ((key, self.provision_labels.get(key, key), n) for key, n in counts.items()),
            key=lambda item: (-item[2], item[1]),
        )
