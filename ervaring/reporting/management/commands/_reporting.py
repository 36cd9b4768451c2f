"""Shared helpers for the reporting commands (not a command: the name starts with _)."""

import time
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError

from ervaring.questionnaires.models import Survey
from ervaring.reporting.report import collect_inputs
from ervaring.reporting.report_context import ReportInputs


def get_survey(slug: str) -> Survey:
    """The survey with this slug, or a CommandError that names it."""
    survey = Survey.objects.select_related("organisation", "current_version").filter(slug=slug)
    found = survey.first()
    if found is None:
        raise CommandError(f"Unknown survey '{slug}'.")
    return found


def analyse(survey: Survey, say: Callable[[str], None]) -> ReportInputs:
    """Run the analysis once, telling the user how long it took."""
    say(f"analysing {survey.slug} ...")
    started = time.perf_counter()
    inputs = collect_inputs(survey)
    say(
        f"... {len(inputs.dataset.frame)} respondents, {len(inputs.dataset.questions)} "
        f"questions, {len(inputs.rows)} result rows ({time.perf_counter() - started:.1f} s)"
    )
    return inputs


def write(out: Path, content: bytes, say: Callable[[str], None]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(content)
    say(f"wrote {out} ({len(content) / 1024:.0f} kB)")
