from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.analysis import alerts
from ervaring.questionnaires.models import Survey, SurveyStatus


class Command(BaseCommand):
    help = (
        "Evaluate the alert rules (default: > 20% 'oneens' of at least 10 answers over 90 "
        "days, per team and overall) of one survey or of every survey in fieldwork; mails "
        "the responsible people once per new alert. Safe to run from cron at any interval."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", help="the survey's slug (default: all in fieldwork)")

    def handle(self, *args: object, **options: object) -> None:
        if options["survey"]:
            surveys = list(Survey.objects.filter(slug=options["survey"]))
            if not surveys:
                raise CommandError(f"onderzoek {options['survey']!r} bestaat niet")
        else:
            surveys = list(Survey.objects.filter(status=SurveyStatus.FIELDWORK).order_by("pk"))
        for survey in surveys:
            report = alerts.evaluate_alerts(survey)
            open_now = survey.alerts.filter(recovered_at=None).count()
            self.stdout.write(
                f"{survey.slug}: {len(report.opened)} nieuw, {len(report.recovered)} hersteld, "
                f"{open_now} open, {report.mails} e-mail(s)"
            )
