from django.core.management.base import BaseCommand, CommandParser

from ervaring.fieldwork import reminders, tasks
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.management.commands._outbox_output import run_in_foreground, write_summary


class Command(BaseCommand):
    help = (
        "Queue the reminders that are due for a survey (only to people who have not completed "
        "and have not opted out, exactly once each); e-mail and SMS go out through the worker, "
        "or here with --now; reminder letters are printed with `ervaring letters --reminder N`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--now", action="store_true", help="send here instead of the worker")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        schedule = reminders.get_fieldwork_settings(survey).reminder_days
        self.stdout.write("schedule: " + (", ".join(f"{d} days" for d in schedule) or "none"))
        for number, queued in reminders.queue_due_reminders(survey).items():
            self.stdout.write(f"queued {queued} of reminder {number}")
        if options["now"]:
            run_in_foreground(self.stdout, survey, None)
        else:
            tasks.enqueue_sending(survey.pk)
        write_summary(self.stdout, survey)
