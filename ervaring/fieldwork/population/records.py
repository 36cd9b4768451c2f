"""The values a population check produces: client records, problems and notices.

All frozen: cell values are cached and shared between rows (see `cells.CellChecker`), so a
value that could be changed in place would change every client that shares it. Merging and
assigning groups make new records instead.
"""

from dataclasses import dataclass, field
from datetime import date

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

    @property
    def has_address(self) -> bool:
        """A letter can reach the client, or (for youth care) a parent at their own address."""
        own = (self.street, self.house_number, self.postcode, self.town)
        parent = (self.parent_street, self.parent_house_number, self.parent_postcode)
        return all(own) or all((*parent, self.parent_town))


@dataclass(frozen=True)
class ParsedPopulation:
    """The outcome of checking a file: import only when `problems` is empty."""

    clients: tuple[ClientRecord, ...]
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
