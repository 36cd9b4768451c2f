from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.analysis import tallies
from ervaring.questionnaires.models import Survey


class Command(BaseCommand):
    help = (
        "Check the dashboard's running totals against a count from scratch (--check, the "
        "default), or recount them (--rebuild: after responses were imported in bulk, or "
        "when the check finds drift). One survey (--survey) or all of them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--survey", help="the survey's slug (default: every survey)")
        parser.add_argument(
            "--rebuild", action="store_true", help="recount instead of only checking"
        )

    def handle(self, *args: object, **options: object) -> None:
        surveys = Survey.objects.order_by("pk")
        if options["survey"]:
            surveys = surveys.filter(slug=options["survey"])
            if not surveys.exists():
                raise CommandError(f"onderzoek {options['survey']!r} bestaat niet")
        drifted = 0
        for survey in surveys:
            if options["rebuild"]:
                count = tallies.rebuild(survey)
                self.stdout.write(f"{survey.slug}: opnieuw geteld, {count} respons(en)")
                continue
            drift = tallies.find_drift(survey)
            drifted += bool(drift)
            if not drift:
                self.stdout.write(f"{survey.slug}: tellingen kloppen")
                continue
            self.stdout.write(f"{survey.slug}: {len(drift)} telling(en) wijken af")
            for item in drift[:20]:
                self.stdout.write(f"  {item.key}: opgeslagen {item.stored}, geteld {item.actual}")
        if drifted:
            raise CommandError(
                f"{drifted} onderzoek(en) met afwijkende tellingen; herstel met --rebuild"
            )
