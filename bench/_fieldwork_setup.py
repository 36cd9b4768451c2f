"""Shared set-up for the fieldwork benchmarks: a throw-away SQLite database in a temporary
directory (or, with ERVARING_BENCH_POSTGRES=1 under scripts/with-postgres.sh, a throw-away
PostgreSQL one) with a survey whose population (N clients, one channel) has been drawn as a census.
Not a benchmark itself: `make bench` runs every bench/*.py, and run directly this only says so."""

import os
import tempfile
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="ervaring-bench-"))
os.environ.setdefault("ERVARING_DEV", "1")
#: With ERVARING_BENCH_POSTGRES=1 the benchmark uses the DATABASE_URL it was given, which must
#: be a PostgreSQL server on 127.0.0.1 (`scripts/with-postgres.sh` starts a throw-away one):
#: the production database, never by accident a real one.
USES_POSTGRES = os.environ.get("ERVARING_BENCH_POSTGRES") == "1"
if USES_POSTGRES:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres://ervaring:ervaring@127.0.0.1:"):
        raise SystemExit("ERVARING_BENCH_POSTGRES=1 needs scripts/with-postgres.sh around it")
else:
    os.environ["DATABASE_URL"] = f"sqlite:///{WORK / 'bench.sqlite3'}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from ervaring.accounts.models import Organisation, Team  # noqa: E402
from ervaring.fieldwork import population_services, sample_services  # noqa: E402
from ervaring.questionnaires import services as questionnaires  # noqa: E402
from ervaring.questionnaires.models import Survey  # noqa: E402

HEADER = (
    "Cliëntnummer;Wet;Voorziening;Geboortedatum;Geslacht;Wijkteam;Wijk;Naam;Straat;"
    "Huisnummer;Postcode;Woonplaats;E-mail\r\n"
)


def survey_with_invitations(count: int, *, email: bool) -> Survey:
    """A survey in fieldwork with `count` invitations, by e-mail or (else) by letter."""
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(
        slug="bench",
        name="Gemeente Bench",
        return_address="Postbus 1, 1000 AA Bench",
        signatory_name="J. de Vries",
        signatory_role="Onderzoeker",
        contact_phone="14 0123",
    )
    Team.objects.create(organisation=organisation, slug="noord", name="Wijkteam Noord")
    survey = questionnaires.create_survey_from_template(organisation, "wmo", "Bench")
    lines = [HEADER]
    for number in range(count):
        address = f"client{number}@example.org" if email else ""
        lines.append(
            f"B{number:07d};Wmo;Begeleiding;01-01-1950;V;Noord;Noord;Testpersoon {number};"
            f"Proefstraat;{number % 300 + 1};1234 AB;Voorbeeld;{address}\r\n"
        )
    result = population_services.import_population(survey, "".join(lines).encode())
    assert result.is_imported, result.problems[:3]
    sample_services.draw_sample(survey, sample_services.SampleRequest(seed=1))
    return questionnaires.start_fieldwork(survey)


if __name__ == "__main__":
    import shutil

    shutil.rmtree(WORK, ignore_errors=True)
    print("helper for bench/letters.py and bench/send_email.py; nothing to measure")
