from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.accounts.models import Organisation
from ervaring.accounts.services import get_organisation
from ervaring.fieldwork.population_services import record_opt_outs


class Command(BaseCommand):
    help = "Add client numbers to an organisation's opt-out list (stored as keyed hashes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organisation", required=True, help="organisation slug")
        parser.add_argument("--file", help="a text file with one client number per line")
        parser.add_argument("client_refs", nargs="*", help="client numbers")

    def handle(self, *args: object, **options: object) -> None:
        try:
            organisation = get_organisation(str(options["organisation"]))
        except Organisation.DoesNotExist as missing:
            raise CommandError(f"Unknown organisation '{options['organisation']}'.") from missing
        refs = list(options["client_refs"])  # type: ignore[call-overload]
        if options["file"]:
            refs += Path(str(options["file"])).read_text(encoding="utf-8-sig").splitlines()
        if not any(ref.strip() for ref in refs):
            raise CommandError("Give client numbers or --file.")
        added = record_opt_outs(organisation, refs, actor_label="add-opt-out")
        self.stdout.write(f"added {added} opt-outs")
