from django.core.management.base import BaseCommand, CommandParser

from ervaring.fieldwork import outbox, tasks
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.management.commands._outbox_output import run_in_foreground, write_summary


class Command(BaseCommand):
    help = (
        "Queue the invitation message of every invitation of a survey that has none yet "
        "(exactly once); e-mail and SMS go out through the background worker, or here with "
        "--now; letters wait for `ervaring letters`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--now", action="store_true", help="send here instead of the worker")

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        result = outbox.queue_invitations(survey)
        self.stdout.write(f"queued {result.queued} invitations")
        if result.without_address:
            self.stdout.write(f"{result.without_address} invitations have no address any more")
        if options["now"]:
            run_in_foreground(self.stdout, survey, None)
        else:
            tasks.enqueue_sending(survey.pk)
            self.stdout.write("the background worker sends them (ervaring db_worker)")
        write_summary(self.stdout, survey)
