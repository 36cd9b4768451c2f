"""The report's complaints paragraph: the year's total, main subjects, range, providers.

What may be published is decided in :mod:`ervaring.analysis.complaints`; this module only
lays it out as sentences and a table of the providers that may be named.
"""

from __future__ import annotations

from ervaring.analysis.complaints import ComplaintSummary, sentences
from ervaring.reporting.report_context import Cell, ComplaintsSection, Table


def build_section(summary: ComplaintSummary | None) -> ComplaintsSection | None:
    """None when no complaint figures are registered up to the report's year."""
    if summary is None:
        return None
    table = None
    if summary.providers:
        rows = tuple(
            (
                Cell(p.provider),
                Cell(str(p.clients)),
                Cell(", ".join(p.main_subjects) or "niet bekend"),
            )
            for p in summary.providers
        )
        table = Table(
            f"Klachten per organisatie in {summary.year} (vanaf {summary.threshold} per jaar)",
            ("Organisatie", "Unieke cliënten", "Meest genoemde onderwerpen"),
            rows,
            (
                f"Organisaties met minder dan {summary.threshold} klachten staan niet in de "
                "tabel, en soms ook de kleinste daarboven: anders zou hun aantal uit het "
                "totaal te berekenen zijn.",
            ),
            numeric_from=1,
        )
    return ComplaintsSection(summary.year, sentences(summary), table)
