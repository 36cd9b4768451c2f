"""Registering and importing complaint figures, and the year's publishable summary.

The verbs for :class:`~ervaring.analysis.models.ComplaintFigure`; the page, the command and
the demo all write through them. What may be published is decided in
:mod:`ervaring.analysis.complaints`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction

from ervaring.accounts.models import Organisation, Staff
from ervaring.accounts.services import log_event
from ervaring.analysis import complaints
from ervaring.analysis.complaints import ComplaintImportError, ComplaintRow, ComplaintSummary
from ervaring.analysis.models import ComplaintFigure, ComplaintSettings, ComplaintSource

BODY_NAMES = {
    ComplaintSource.BODY: "de klachtinstantie",
    ComplaintSource.MUNICIPALITY: "de gemeente",
}
FIRST_YEAR = 2015  # the Wmo 2015 and the Jeugdwet came into force


def last_year() -> int:
    return dt.date.today().year


def get_threshold(organisation: Organisation) -> int:
    settings = ComplaintSettings.objects.filter(organisation=organisation).first()
    return settings.threshold if settings else complaints.DEFAULT_THRESHOLD


def set_threshold(organisation: Organisation, threshold: int, *, actor: Staff | None) -> None:
    """Change the threshold; logged, since it decides what the report publishes."""
    if threshold < 1:
        raise ComplaintImportError(["Drempel: vul een heel getal van 1 of meer in."])
    with transaction.atomic():
        ComplaintSettings.objects.update_or_create(
            organisation=organisation, defaults={"threshold": threshold}
        )
        log_event(
            "complaints.threshold",
            organisation=organisation,
            actor=actor,
            target=str(threshold),
        )


def save_complaints(
    organisation: Organisation,
    law: str,
    source: str,
    rows: list[ComplaintRow],
    *,
    actor: Staff | None,
) -> int:
    """Store checked rows, replacing a provider's figures of the same year and source.

    One transaction: either every row is stored or none.
    """
    if source not in ComplaintSource.values:
        raise ComplaintImportError(["Bron: kies de klachtinstantie of de gemeente."])
    with transaction.atomic():
        for row in rows:
            ComplaintFigure.objects.update_or_create(
                organisation=organisation,
                law=law,
                year=row.year,
                source=source,
                provider=row.provider,
                defaults={"clients": row.clients, "subjects": row.subjects, "changed_by": actor},
            )
        log_event(
            "complaints.saved",
            organisation=organisation,
            actor=actor,
            target=f"{law} {source}",
            rows=len(rows),
        )
    return len(rows)


def import_complaints(
    organisation: Organisation, law: str, source: str, data: bytes, *, actor: Staff | None
) -> int:
    """Read a CSV or XLSX overview and store it, all or nothing.

    Raises :class:`ComplaintImportError` with every problem (row and column named) and
    stores nothing then.
    """
    from ervaring.fieldwork.population.reading import read_table
    from ervaring.fieldwork.population.table import PopulationFileError

    try:
        table = read_table(data)
        rows = list(table.rows)
    except PopulationFileError as error:
        raise ComplaintImportError([str(error)]) from error
    checked = complaints.check_rows(
        table.headers, rows, first_year=FIRST_YEAR, last_year=last_year()
    )
    return save_complaints(organisation, law, source, checked, actor=actor)


def remove_complaint(organisation: Organisation, pk: int, *, actor: Staff | None) -> None:
    with transaction.atomic():
        figure = ComplaintFigure.objects.filter(organisation=organisation, pk=pk).first()
        if figure is None:
            return
        figure.delete()
        log_event(
            "complaints.removed",
            organisation=organisation,
            actor=actor,
            target=f"{figure.provider} {figure.year}",
        )


def figures_by_year(
    organisation: Organisation, law: str
) -> dict[int, list[complaints.ProviderFigure]]:
    """Per year, one figure per provider (its sources added up)."""
    clients: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    subjects: dict[int, dict[str, dict[str, int]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(int))
    )
    for figure in ComplaintFigure.objects.filter(organisation=organisation, law=law):
        clients[figure.year][figure.provider] += figure.clients
        for subject, n in figure.subjects.items():
            subjects[figure.year][figure.provider][subject] += int(n)
    return {
        year: [
            complaints.ProviderFigure(p, n, dict(subjects[year][p]))
            for p, n in sorted(providers.items())
        ]
        for year, providers in clients.items()
    }


def find_summary(organisation: Organisation, law: str, year: int) -> ComplaintSummary | None:
    """The publishable summary of the latest year with figures up to ``year``, or None."""
    by_year = figures_by_year(organisation, law)
    years = [y for y in by_year if y <= year]
    if not years:
        return None
    latest = max(years)
    totals = {y: sum(f.clients for f in figures) for y, figures in by_year.items() if y < latest}
    sources = set(
        ComplaintFigure.objects.filter(organisation=organisation, law=law, year=latest)
        .values_list("source", flat=True)
        .distinct()
    )
    bodies = [BODY_NAMES[s] for s in ComplaintSource.values if s in sources]
    return complaints.summarise(
        latest,
        by_year[latest],
        totals,
        get_threshold(organisation),
        body=complaints.listed(bodies).replace(" en ", " of "),
    )
