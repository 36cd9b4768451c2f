"""`ervaring scrub`: scrub one text column of a CSV or XLSX file from elsewhere.

For researchers with open answers that did not come through the product (another survey
tool, a complaints register): the column is replaced by its scrubbed text and the rest of
the file is copied as it is, to a new CSV. The file is read with the population reader
(separator, encoding and limits detected as for a population export) and written to a
temporary file that is renamed only when every row is done, so a failure leaves nothing
half written.
"""

import csv
import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ervaring.fieldwork.population.reading import read_table
from ervaring.fieldwork.population.table import PopulationFileError, RawTable
from ervaring.responses.scrubbing import Scrubber

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Command(BaseCommand):
    help = "Scrub a text column of a CSV or XLSX file: names, addresses, numbers become tags."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV or XLSX file")
        parser.add_argument("--column", required=True, help="the column with the text")
        parser.add_argument("--out", required=True, help="the scrubbed CSV to write")
        parser.add_argument("--names", help="text file: staff names, one per line")
        parser.add_argument("--teams", help="text file: team names, one per line")
        parser.add_argument("--streets", help="text file: street names, one per line")

    def handle(self, *args: object, **options: object) -> None:
        source, out = Path(str(options["file"])), Path(str(options["out"]))
        if out.resolve() == source.resolve():
            raise CommandError("Kies voor --out een ander bestand dan het invoerbestand.")
        try:
            with source.open("rb") as stream:
                table = read_table(stream)
                column = str(options["column"])
                if column not in table.headers:
                    found = ", ".join(table.headers)
                    raise CommandError(f"Kolom '{column}' staat niet in het bestand; wel: {found}.")
                scrubber = Scrubber(
                    staff_names=_lines(options["names"]),
                    team_names=_lines(options["teams"]),
                    street_names=_lines(options["streets"]),
                )
                counts = self._write(table, table.headers.index(column), scrubber, out)
        except OSError as error:
            raise CommandError(f"Bestand niet te lezen of te schrijven: {error}") from error
        except PopulationFileError as error:
            raise CommandError(str(error)) from error
        rows = counts.pop("_rows")
        summary = ", ".join(f"{tag} {n}" for tag, n in sorted(counts.items())) or "no tags"
        self.stdout.write(f"scrubbed {rows} rows into {out}: {summary}")

    def _write(self, table: RawTable, index: int, scrubber: Scrubber, out: Path) -> dict[str, int]:
        """Scrub the rows into a temporary file beside `out`, renamed once complete."""
        counts: dict[str, int] = {}
        handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=".scrub-", suffix=".csv")
        try:
            with os.fdopen(handle, "w", encoding="utf-8-sig", newline="") as target:
                writer = csv.writer(target, delimiter=";")
                writer.writerow([_safe(h) for h in table.headers])
                rows = 0
                for rows, (_, cells) in enumerate(table.rows, 1):
                    cells = cells + [""] * (len(table.headers) - len(cells))
                    result = scrubber.scrub(cells[index])
                    cells[index] = result.text
                    for span in result.spans:
                        counts[span.tag] = counts.get(span.tag, 0) + 1
                    writer.writerow([_safe(c) for c in cells])
                    if rows % 1000 == 0:
                        self.stdout.write(f"  {rows:,} rows scrubbed")
            os.replace(temporary, out)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return {**counts, "_rows": rows}


def _lines(path: object) -> list[str]:
    if not path:
        return []
    return [
        line.strip() for line in Path(str(path)).read_text("utf-8-sig").splitlines() if line.strip()
    ]


def _safe(text: str) -> str:
    """A cell Excel will not run as a formula."""
    return "'" + text if text.startswith(FORMULA_START) and text != "-" else text
