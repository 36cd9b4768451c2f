from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork import outbox, sending
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.management.commands._outbox_output import run_in_foreground, write_summary
from ervaring.questionnaires.lifecycle import SurveyError


class Command(BaseCommand):
    help = (
        "Send the due e-mail and SMS messages of the outbox here and now (what the background "
        "worker does), with progress lines; ends with the outbox counts per status."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", help="only this survey (slug)")
        parser.add_argument("--limit", type=int, help="stop after this many messages")
        parser.add_argument(
            "--resend-uncertain",
            action="store_true",
            help="queue messages whose sending was interrupted again (they may arrive twice)",
        )
        parser.add_argument(
            "--resend-unsent",
            action="store_true",
            help="queue again the messages that did not go out (cancelled or failed), "
            "except for opted-out clients and reminders to those who completed; needs --survey",
        )

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"])) if options["survey"] else None
        if options["resend_uncertain"]:
            released = sending.release_uncertain(survey.pk if survey else None)
            self.stdout.write(f"queued {released} uncertain messages again")
        if options["resend_unsent"]:
            if survey is None:
                raise CommandError("--resend-unsent needs --survey.")
            try:
                requeued = outbox.requeue_unsent(survey)
            except SurveyError as error:
                raise CommandError(str(error)) from error
            self.stdout.write(f"queued {requeued} unsent messages again")
        run_in_foreground(self.stdout, survey, options["limit"])  # type: ignore[arg-type]
        write_summary(self.stdout, survey)
