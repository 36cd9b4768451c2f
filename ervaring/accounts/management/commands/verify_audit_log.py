from django.core.management.base import BaseCommand, CommandError

from ervaring.accounts import audit


class Command(BaseCommand):
    help = (
        "Check the audit log's hash chains: every record unchanged, none missing or added. "
        "Prints each chain's last record and hash; keep that output outside the database."
    )

    def handle(self, *args: object, **options: object) -> None:
        sealed = audit.seal_pending()
        if sealed:
            self.stdout.write(f"{sealed} nieuwe record(s) verzegeld.")
        broken = 0
        for report in audit.verify_chains():
            head = f"{report.name} ({report.scope}): {report.length} records, laatste hash "
            head += report.last_hash or "-"
            if report.problems:
                broken += 1
                self.stdout.write(self.style.ERROR(f"NIET IN ORDE  {head}"))
                for problem in report.problems:
                    self.stdout.write(f"    - {problem}")
            else:
                self.stdout.write(f"in orde  {head}")
        if broken:
            raise CommandError(f"{broken} keten(s) van het auditlogboek zijn niet in orde.")
