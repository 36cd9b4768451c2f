"""Benchmark: import a population of 100,000 rows (the issue asks for under a minute).

Run: `.venv/bin/python bench/import_population.py [ROWS]`. It builds a synthetic Excel-style
CSV (';', Windows-1252, some clients on two rows), migrates a throw-away SQLite database in a
temporary directory, and times the full import (read, check every cell, write in one
transaction) beside a baseline measured in the same run: plain `csv.reader` over the same file.
"""

import csv
import io
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
WORK = Path(tempfile.mkdtemp(prefix="ervaring-bench-"))
os.environ.setdefault("ERVARING_DEV", "1")
os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from ervaring.accounts.models import Organisation, Team  # noqa: E402
from ervaring.fieldwork.population_services import import_population  # noqa: E402
from ervaring.questionnaires.services import create_survey_from_template  # noqa: E402

PROVISIONS = ("Huishoudelijke hulp", "Begeleiding", "Hulpmiddelen", "Woningaanpassing", "Vervoer")
TEAMS = ("Noord", "Oost", "Zuid", "West", "Centrum")


def make_file(rows: int) -> bytes:
    rng = random.Random(1)
    out = io.StringIO()
    out.write(
        "Cliëntnummer;Wet;Voorziening;Geboortedatum;Geslacht;Wijkteam;Wijk;Naam;Straat;"
        "Huisnummer;Postcode;Woonplaats;E-mail;Mobiel\r\n"
    )
    client = 0
    for index in range(rows):
        if index % 10 != 9:  # every tenth row is a second provision of the previous client
            client += 1
        team = TEAMS[client % 5]
        out.write(
            f"W{client:07d};Wmo;{rng.choice(PROVISIONS)};"
            f"{1 + client % 28:02d}-{1 + client % 12:02d}-{1925 + client % 75};"
            f"{'VM'[client % 2]};{team};{team};Testpersoon {client};Proefstraat;{client % 300 + 1};"
            f"{1000 + client % 8999} AB;Voorbeeld;"
            f"{f'client{client}@example.org' if client % 3 == 0 else ''};"
            f"{f'0612{client % 1_000_000:06d}' if client % 2 == 0 else ''}\r\n"
        )
    return out.getvalue().encode("cp1252")


def main() -> None:
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Gemeente Bench")
    Team.objects.bulk_create(
        Team(organisation=organisation, slug=t.lower(), name=f"Wijkteam {t}") for t in TEAMS
    )
    survey = create_survey_from_template(organisation, "wmo", "Bench")
    data = make_file(ROWS)

    start = time.perf_counter()
    count = sum(1 for _ in csv.reader(io.StringIO(data.decode("cp1252")), delimiter=";"))
    baseline = time.perf_counter() - start

    start = time.perf_counter()
    result = import_population(survey, data)
    elapsed = time.perf_counter() - start
    assert result.is_imported, result.problems[:5]

    print(f"rows: {count - 1:,} ({len(data) / 1e6:.1f} MB), clients: {result.imported:,}")
    print(f"baseline csv.reader:      {baseline:6.2f} s")
    print(f"import-population (full): {elapsed:6.2f} s  ({elapsed / baseline:.0f}x the baseline)")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
