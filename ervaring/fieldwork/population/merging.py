"""Merging the rows of one client: one row per provision is how many case systems export.

A client seen again gains the provisions of the new row; every other value must agree with the
earlier row, or be empty on one of them (then the filled one counts). A disagreement is a
problem naming both rows, because guessing which row is right would make the client's data
quietly wrong. Records are frozen: a merge makes a new record, so merging one client can never
change another that shares a value.
"""

from collections.abc import Mapping
from dataclasses import replace
from datetime import date

from ervaring.fieldwork.population.records import (
    ClientRecord,
    PackedClients,
    Problem,
    pack,
    unpack,
)

# Mapping keys that fill other record fields than their own name.
_FILLS: Mapping[str, tuple[str, ...]] = {
    "client_ref": (),
    "provision_groups": (),
    "address": ("street", "house_number", "postcode", "town"),
    "parent_address": ("parent_street", "parent_house_number", "parent_postcode", "parent_town"),
    "house_number_addition": ("house_number",),
    "birth_date": ("birth_date", "birth_year"),
    "phone": ("phone", "mobile"),
}


def compared_fields(mapping: Mapping[str, str]) -> dict[str, str]:
    """Record field -> the column it comes from, for every field the mapping fills."""
    fields = {key: header for key, header in mapping.items() if header and key not in _FILLS}
    for key, header in mapping.items():  # derived fields: a column of their own comes first
        for name in _FILLS.get(key, ()) if header else ():
            fields.setdefault(name, header)
    return fields


class Merger:
    """Collects records by client number, merging a client's rows as they come; records are
    kept packed (see `records.pack`), so a million clients fit in a few hundred MB."""

    def __init__(self, mapping: Mapping[str, str]) -> None:
        self._fields = compared_fields(mapping)
        self._clients: dict[str, str] = {}

    def add(self, record: ClientRecord, problems: list[Problem]) -> None:
        packed = self._clients.get(record.client_ref)
        if packed is None:
            self._clients[record.client_ref] = pack(record)
            return
        earlier = unpack(packed)
        filled: dict[str, object] = {}
        for name, column in self._fields.items():
            if name == "birth_year" and earlier.birth_date and record.birth_date:
                continue  # the birth dates are compared themselves
            old, new = getattr(earlier, name), getattr(record, name)
            if old in {"", None}:
                filled[name] = new
            elif new not in {"", None} and old != new:
                problems.append(_conflict(earlier, record, column, new))
        names = tuple(dict.fromkeys(earlier.provision_names + record.provision_names))
        self._clients[record.client_ref] = pack(replace(earlier, provision_names=names, **filled))

    def clients(self) -> PackedClients:
        return PackedClients(self._clients.values())


def _conflict(earlier: ClientRecord, record: ClientRecord, column: str, new: object) -> Problem:
    return Problem(
        record.first_row,
        column,
        f"Cliënt {record.client_ref} staat ook op rij {earlier.first_row}, "
        "maar daar met een andere waarde in deze kolom.",
        new.strftime("%d-%m-%Y") if isinstance(new, date) else str(new)[:60],
    )
