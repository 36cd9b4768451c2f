"""Benchmark: import a population of 1,000,000 rows, and refuse hostile files, in bounded memory.

Issue 9's goals: peak memory under 500 MB and under 2 minutes for a million-row CSV; the XLSX
of the same data too; the 1.4 KB "far cell" XLSX and a 200 MB CSV refused or read within the
limits, never with more than 500 MB.

Run: `.venv/bin/python bench/import_population.py [--rows N] [--xlsx-rows N]`.

It writes, in a temporary directory removed afterwards: an Excel-style CSV (';', Windows-1252,
one row per provision: 10% of the clients have two rows; a combined address column; half the
clients a mobile number, a third an e-mail address), the same data as an XLSX the way Excel
saves one (shared strings), the far-cell XLSX and a 200 MB CSV. Every step then runs in a
fresh process on a throw-away SQLite database, which reports its own peak resident memory
(VmHWM: Python and Django's own share is in each figure) and times its own work; the operating
system gives its CPU time. Baselines from the same run: `csv.reader` over the
same CSV, and a process that only starts Django.
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

PROVISIONS = ("Huishoudelijke hulp", "Begeleiding", "Hulpmiddelen", "Woningaanpassing", "Vervoer")
TEAMS = ("Noord", "Oost", "Zuid", "West", "Centrum")
TOWNS = ("Ede", "Epe", "Oss", "Ermelo")
HEADER = (
    "Cliëntnummer",
    "Voorziening",
    "Geboortedatum",
    "Geslacht",
    "Wijkteam",
    "Naam",
    "Adres",
    "Postcode",
    "Woonplaats",
    "E-mail",
    "Mobiel",
)


def population_rows(rows: int):
    """The export's rows: every tenth client has two provisions, on two rows."""
    rng = random.Random(1)
    client = written = 0
    while written < rows:
        client += 1
        for provision in rng.sample(PROVISIONS, 2 if client % 10 == 0 else 1):
            if written == rows:
                return
            written += 1
            yield (
                f"W{client:07d}",
                provision,
                f"{1 + client % 28:02d}-{1 + client % 12:02d}-{1925 + client % 75}",
                "VM"[client % 2],
                TEAMS[client % 5],
                f"Persoon {client}",
                f"Kerkstraat {client % 300 + 1}",
                f"{1000 + client % 8999} AB",
                TOWNS[client % 4],
                f"c{client}@example.org" if client % 3 == 0 else "",
                f"0612{client % 1_000_000:06d}" if client % 2 == 0 else "",
            )


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow(HEADER)
        writer.writerows(population_rows(rows))


def write_xlsx(path: Path, rows: int) -> None:
    """The same data as Excel saves it: every text in the shared-strings table."""
    strings: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref='
                + f'"A1:K{rows + 1}"/><sheetData>'.encode()
            )
            for number, values in enumerate((HEADER, *population_rows(rows)), start=1):
                cells = "".join(
                    f'<c r="{"ABCDEFGHIJK"[i]}{number}" t="s"><v>'
                    f"{strings.setdefault(value, len(strings))}</v></c>"
                    for i, value in enumerate(values)
                    if value
                )
                sheet.write(f'<row r="{number}">{cells}</row>'.encode())
            sheet.write(b"</sheetData></worksheet>")
        with archive.open("xl/sharedStrings.xml", "w", force_zip64=True) as shared:
            shared.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns='
                b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            for text in strings:
                shared.write(f"<si><t>{escape(text)}</t></si>".encode())
            shared.write(b"</sst>")
        for name, xml in XLSX_PARTS.items():
            archive.writestr(name, xml)


XLSX_PARTS = {
    "[Content_Types].xml": (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.'
        'worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r='
        '"http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet '
        'name="Populatie" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
}


def write_far_cell(path: Path) -> None:
    """Only A1 and XFD1048576, the sheet's used range A1:XFD1048576 (issue 9's 1.4 KB file)."""
    from ervaring.fieldwork.tests.odd_files import cell, sheet, xlsx

    rows = (
        f'<row r="1">{cell("A1", "Cliëntnummer", kind="inlineStr")}</row>'
        f'<row r="1048576">{cell("XFD1048576", 1)}</row>'
    )
    path.write_bytes(xlsx(sheet(rows, dimension="A1:XFD1048576")))


def write_big_csv(path: Path, megabytes: int) -> None:
    block = (";".join(HEADER) + "\r\n").encode("cp1252")
    line = ";".join(next(population_rows(1))).encode("cp1252") + b"\r\n"
    with path.open("wb") as out:
        out.write(block)
        lines = line * 10_000
        while out.tell() < megabytes * 1024 * 1024:
            out.write(lines)


# --- Steps, each in its own process ---------------------------------------------------------


def step(name: str, work: Path, *args: str) -> dict[str, object]:
    """Run one step in a fresh process: its own report (time, peak memory) and its CPU time."""
    report = work / f"{name}.json"
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--step", name, str(work), *args])
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"step {name} failed")
    result = json.loads(report.read_text())
    result["process_seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = usage.ru_utime + usage.ru_stime
    return result


def peak_mb() -> float:
    """This process's peak resident memory since it started (not the ru_maxrss a fork
    inherits from its parent)."""
    status = Path("/proc/self/status").read_text()
    return int(status.split("VmHWM:")[1].split()[0]) / 1024


def run_step(name: str, work: Path, args: list[str]) -> None:
    if name == "csv-reader":
        start = time.perf_counter()
        with open(args[0], encoding="cp1252", newline="") as file:
            rows = sum(1 for _ in csv.reader(file, delimiter=";"))
        result = {"seconds": time.perf_counter() - start, "outcome": f"{rows - 1:,} rows"}
    else:
        os.environ.setdefault("ERVARING_DEV", "1")
        os.environ["DATABASE_URL"] = f"sqlite:///{work / 'bench.sqlite3'}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ervaring.settings")
        import django

        django.setup()
        start = time.perf_counter()
        outcome = DJANGO_STEPS[name](*args)
        result = {"seconds": time.perf_counter() - start, "outcome": outcome}
    result["peak_mb"] = peak_mb()
    (work / f"{name}.json").write_text(json.dumps(result))


def set_up() -> str:
    from django.core.management import call_command

    from ervaring.accounts.models import Organisation, Team
    from ervaring.questionnaires.services import create_survey_from_template

    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(slug="bench", name="Gemeente Bench")
    for team in TEAMS:
        Team.objects.create(organisation=organisation, slug=team.lower(), name=f"Team {team}")
    for name in ("csv", "upload", "xlsx", "far", "big"):
        create_survey_from_template(organisation, "wmo", name)
    return "migrated, five surveys"


def import_command(survey: str, path: str) -> str:
    """What `ervaring import-population --survey S FILE` does and prints last."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    from ervaring.questionnaires.models import Survey

    slug = Survey.objects.get(name=survey).slug
    out, err = StringIO(), StringIO()
    try:
        call_command("import_population", "--survey", slug, path, stdout=out, stderr=err)
    except CommandError as error:
        return f"refused: {error}"[:160]
    return out.getvalue().splitlines()[-1]


def keep_upload(path: str) -> str:
    """The web request of the upload step: the file kept in the database in 1 MB pieces."""
    from django.core.files.uploadedfile import UploadedFile

    from ervaring.fieldwork import population_uploads
    from ervaring.questionnaires.models import Survey

    with open(path, "rb") as file:
        upload = UploadedFile(file, Path(path).name, size=Path(path).stat().st_size)
        kept = population_uploads.save_upload(Survey.objects.get(name="upload"), None, upload)
    return f"kept as upload {kept.pk} in {kept.chunks.count()} pieces"


def worker_job() -> str:
    """The background worker's job for that upload (read back, checked, written)."""
    from ervaring.fieldwork import population_uploads
    from ervaring.fieldwork.models import PopulationUpload
    from ervaring.fieldwork.population import fields

    upload = PopulationUpload.objects.get()
    assert population_uploads.claim_import(upload, fields.suggest_mapping(upload.headers))
    kind = population_uploads.run_import(upload.pk)
    upload.refresh_from_db()
    return f"{kind}: {upload.outcome.get('imported')} clients"


def django_only() -> str:
    return "started Django, did nothing"


DJANGO_STEPS = {
    "set-up": set_up,
    "django": django_only,
    "import-csv": lambda path: import_command("csv", path),
    "upload": keep_upload,
    "worker": worker_job,
    "import-xlsx": lambda path: import_command("xlsx", path),
    "import-far-cell": lambda path: import_command("far", path),
    "import-200mb": lambda path: import_command("big", path),
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--xlsx-rows", type=int, default=1_000_000)
    parser.add_argument("--step", nargs="+", metavar=("NAME", "WORK"))
    options = parser.parse_args()
    if options.step:
        name, work, *args = options.step
        run_step(name, Path(work), args)
        return
    work = Path(tempfile.mkdtemp(prefix="ervaring-bench-"))
    try:
        files = make_files(work, options.rows, options.xlsx_rows)
        results = [
            ("set-up (migrate)", step("set-up", work)),
            ("baseline: csv.reader over the CSV", step("csv-reader", work, files["csv"])),
            ("baseline: start Django, nothing else", step("django", work)),
            ("import-population, CSV", step("import-csv", work, files["csv"])),
            ("staff page upload step: keep the CSV", step("upload", work, files["csv"])),
            ("worker job: import that upload", step("worker", work)),
            ("import-population, XLSX", step("import-xlsx", work, files["xlsx"])),
            ("import-population, far-cell XLSX", step("import-far-cell", work, files["far"])),
            ("import-population, 200 MB CSV", step("import-200mb", work, files["big"])),
        ]
        report(files, results)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make_files(work: Path, rows: int, xlsx_rows: int) -> dict[str, str]:
    files = {name: work / name for name in ("csv", "xlsx", "far", "big")}
    for name, make in (
        ("csv", lambda path: write_csv(path, rows)),
        ("xlsx", lambda path: write_xlsx(path, xlsx_rows)),
        ("far", write_far_cell),
        ("big", lambda path: write_big_csv(path, 200)),
    ):
        start = time.perf_counter()
        make(files[name])
        size = files[name].stat().st_size
        print(f"made {name}: {size:,} bytes in {time.perf_counter() - start:.1f} s", flush=True)
    print(f"CSV rows: {rows:,}; XLSX rows: {xlsx_rows:,}")
    return {name: str(path) for name, path in files.items()}


def report(files: dict[str, str], results: list[tuple[str, dict[str, object]]]) -> None:
    baseline = next(r for label, r in results if label.startswith("baseline: csv"))
    print(f"\n{'step':40} {'work s':>7} {'cpu s':>7} {'peak MB':>8} {'x csv.reader':>12}  outcome")
    for label, result in results:
        ratio = float(result["seconds"]) / float(baseline["seconds"])
        print(
            f"{label:40} {result['seconds']:7.2f} {result['cpu_seconds']:7.2f} "
            f"{result['peak_mb']:8.0f} {ratio:11.0f}x  {result['outcome']}"
        )


if __name__ == "__main__":
    main()
