from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ervaring.fieldwork import cohorts, tasks
from ervaring.fieldwork.management.commands._common import get_survey


class Command(BaseCommand):
    help = (
        "Continuous surveys: invite everyone who came into the population in a month (default: "
        "last month), exactly once per month; the period is recorded with each response."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--month", help="YYYY-MM (default: last month)")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        period = options["month"] or cohorts.previous_period(timezone.localdate())
        try:
            cohort = cohorts.invite_cohort(survey, str(period), actor_label="invite-cohort")
        except cohorts.CohortError as error:
            raise CommandError(str(error)) from error
        excluded = ", ".join(f"{reason} {n}" for reason, n in sorted(cohort.excluded.items()))
        self.stdout.write(
            f"cohort {cohort.period}: {cohort.clients} new clients, invited {cohort.invited}"
            + (f" (left out: {excluded})" if excluded else "")
        )
        tasks.enqueue_sending(survey.pk)
