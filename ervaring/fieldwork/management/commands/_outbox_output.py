"""Progress and summary lines shared by the outbox commands (not a command: starts with _)."""

from django.core.management.base import OutputWrapper

from ervaring.fieldwork import outbox, sending
from ervaring.questionnaires.models import Survey


def run_in_foreground(stdout: OutputWrapper, survey: Survey | None, limit: int | None) -> None:
    """Send due messages here and now, printing a progress line every 500 and the result."""

    def progress(report: sending.RunReport) -> None:
        stdout.write(f"... {report.handled} handled ({report.sent} sent)")

    report = sending.send_due_messages(
        limit=limit, survey_id=survey.pk if survey else None, progress=progress
    )
    if report.recovered:
        recovered = ", ".join(f"{status} {n}" for status, n in sorted(report.recovered.items()))
        stdout.write(f"recovered from an interrupted run: {recovered}")
    stdout.write(
        f"sent {report.sent}, retry later {report.retried}, failed {report.failed}, "
        f"not sent {report.cancelled}"
    )


def write_summary(stdout: OutputWrapper, survey: Survey | None) -> None:
    """The outbox per kind and channel, with a count per status."""
    summary = outbox.summarise_outbox(survey)
    statuses = list(summary.totals)
    stdout.write(f"{'message':<16}{'channel':<18}" + "".join(f"{s:>11}" for s in statuses))
    for kind, channel, counts in summary.rows:
        stdout.write(f"{kind:<16}{channel:<18}" + "".join(f"{counts[s]:>11}" for s in statuses))
    stdout.write(f"{'total':<34}" + "".join(f"{summary.totals[s]:>11}" for s in statuses))
