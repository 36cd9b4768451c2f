from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork import codes
from ervaring.fieldwork.management.commands._common import get_survey
from ervaring.fieldwork.paper import PaperLanguageError, write_paper_questionnaires
from ervaring.fieldwork.services import find_invitation
from ervaring.questionnaires.services import get_document


class Command(BaseCommand):
    help = (
        "Write the survey's paper questionnaire as a printable PDF: one copy per --code (the "
        "code on every page), or one copy with a blank code field; --language picks one of "
        "the questionnaire's languages (nl, en, tr, ar, pl, uk)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", required=True, help="survey slug")
        parser.add_argument("--out", required=True, help="the PDF file to write")
        parser.add_argument(
            "--code", action="append", default=[], help="a respondent's code (repeatable)"
        )
        parser.add_argument(
            "--language", "--taal", default="nl", help="the form's language code (default nl)"
        )

    def handle(self, *args: object, **options: object) -> None:
        survey = get_survey(str(options["survey"]))
        if survey.current_version is None:
            raise CommandError("This survey has no questionnaire yet.")
        printed = []
        for typed in options["code"]:  # type: ignore[attr-defined]
            code = codes.normalise_code(typed)
            invitation = find_invitation(code) if code else None
            if invitation is None or invitation.survey_id != survey.pk:
                raise CommandError(f"The code '{typed}' does not belong to this survey.")
            printed.append(codes.format_code(code))
        try:
            pages = write_paper_questionnaires(
                Path(str(options["out"])),
                get_document(survey.current_version),
                survey.organisation.name,
                printed,
                str(options["language"]),
            )
        except PaperLanguageError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"wrote {pages} pages for {max(len(printed), 1)} questionnaires")
