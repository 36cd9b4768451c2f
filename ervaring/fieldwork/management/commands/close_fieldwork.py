from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ervaring.fieldwork import closing
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.questionnaires.services import SurveyError


class Command(BaseCommand):
    help = (
        "Close a survey's fieldwork (no more answers, invitations or reminders) and delete the "
        "contact data of invited people now or after a retention period."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument(
            "--retention-days",
            type=int,
            default=closing.DEFAULT_RETENTION_DAYS,
            help="days after closing before contact data are deleted (default: at closing)",
        )

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        try:
            outcome = closing.close_fieldwork(
                survey,
                retention_days=int(options["retention_days"]),  # type: ignore[call-overload]
                actor_label="close-fieldwork",
            )
        except (SurveyError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"closed {outcome.survey.slug}")
        if outcome.purged is None:
            when = timezone.localtime(outcome.purge_after)
            self.stdout.write(f"contact data will be deleted after {when:%Y-%m-%d %H:%M}")
            return
        purged = outcome.purged
        self.stdout.write(
            f"contact data deleted: {purged.contact_details_deleted} contact details, "
            f"{purged.addresses_blanked} message addresses, {purged.codes_removed} codes, "
            f"{purged.clients_pseudonymised} client numbers"
        )
