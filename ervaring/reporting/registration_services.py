"""Importing registration figures and putting them beside the experience figures.

The import is all or nothing: the whole file is read and checked first
(:mod:`ervaring.reporting.registration`), and only a file without a single problem is
written, in one transaction. The mapping that worked is saved for the organisation, so
next quarter's file (same headers) is imported without asking.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import BinaryIO

from django.db import transaction

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.fieldwork.population.reading import read_table
from ervaring.fieldwork.population.table import PopulationFileError
from ervaring.reporting import registration
from ervaring.reporting.models import (
    RegistrationIndicator,
    RegistrationMapping,
    RegistrationValue,
)

#: Registration exports are a few dozen rows; a bigger file is not one.
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


class RegistrationImportError(ValueError):
    """The file was refused; ``problems`` are Dutch sentences naming row and column."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class ImportResult:
    indicators: int
    values: int
    quarters: tuple[str, ...]


def read_headers(source: bytes | BinaryIO) -> list[str]:
    """The header of a CSV or XLSX file; RegistrationImportError when it is no table."""
    try:
        return read_table(source).headers
    except PopulationFileError as error:
        raise RegistrationImportError([str(error)]) from error


def find_mapping(organisation: Organisation) -> dict[str, object] | None:
    found = RegistrationMapping.objects.filter(organisation=organisation).first()
    return found.mapping if found else None


def mapping_fits(mapping: Mapping[str, object] | None, headers: list[str]) -> bool:
    """True when a saved mapping can be used on a file with these headers as it is."""
    if not mapping:
        return False
    try:
        registration.check_mapping(mapping, headers)
    except registration.MappingError:
        return False
    return True


def check_registration(
    organisation: Organisation, source: bytes | BinaryIO, mapping: Mapping[str, object]
) -> list[str]:
    """The problems the file has under the mapping, writing nothing."""
    try:
        _read(organisation, source, mapping)
    except RegistrationImportError as error:
        return error.problems
    return []


def _read(
    organisation: Organisation, source: bytes | BinaryIO, mapping: Mapping[str, object]
) -> list[registration.Figure]:
    known = {
        i.name: registration.Indicator(i.unit, i.law)
        for i in RegistrationIndicator.objects.filter(organisation=organisation)
    }
    try:
        table = read_table(source)
        figures, problems = registration.read_figures(table.headers, table.rows, mapping, known)
    except (PopulationFileError, registration.MappingError) as error:
        raise RegistrationImportError([str(error)]) from error
    if problems:
        raise RegistrationImportError(problems)
    return figures


def import_registration(
    organisation: Organisation,
    source: bytes | BinaryIO,
    mapping: Mapping[str, object],
    *,
    actor: Staff | None = None,
) -> ImportResult:
    """Read, check and store a file's figures (all or nothing), and save the mapping.

    A figure already stored for the same indicator and quarter is replaced: a municipality
    corrects last quarter's figures by importing them again.
    """
    figures = _read(organisation, source, mapping)
    with transaction.atomic():
        indicators: dict[str, RegistrationIndicator] = {}
        for figure in figures:
            if figure.name not in indicators:
                indicators[figure.name], _ = RegistrationIndicator.objects.get_or_create(
                    organisation=organisation,
                    name=figure.name,
                    defaults={"unit": figure.unit, "law": figure.law},
                )
            RegistrationValue.objects.update_or_create(
                indicator=indicators[figure.name],
                quarter=figure.quarter,
                defaults={"value": figure.value},
            )
        RegistrationMapping.objects.update_or_create(
            organisation=organisation, defaults={"mapping": dict(mapping)}
        )
        quarters = tuple(sorted({f.quarter for f in figures}))
        log_event(
            "reporting.registration_import",
            organisation=organisation,
            actor=actor,
            target=", ".join(quarters),
            values=len(figures),
        )
    return ImportResult(len(indicators), len(figures), quarters)
