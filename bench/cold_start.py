"""Benchmark: what starting the web app, a command and the worker costs in CPU.

Run: `.venv/bin/python bench/cold_start.py [--repeat 3]`.

Each case runs in a fresh process (the median of `--repeat` runs, CPU time user + system from
`wait4`, so a busy machine moves it less than wall time):

- **web app**: `django.setup()`, the whole URL configuration and `ervaring.wsgi`, what a
  gunicorn worker does before it can answer the first request;
- **command**: `ervaring showmigrations --list` against an empty SQLite file (start-up of
  every CLI command);
- **worker**: loading the task modules the worker runs (`fieldwork.tasks`,
  `analysis.tasks`), which import what they need only when a task runs;
- **baseline, heavy libraries**: the web app's start-up plus importing pandas, scipy.stats,
  ReportLab, WeasyPrint and python-docx, which the URL configuration loaded before issue 16;
- **baseline, Python**: `python -c pass`.

The web app may load none of the heavy libraries: the run fails if it does. The bytecode is
as `make install` leaves it: compiled (see the Makefile and docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HEAVY = ("pandas", "scipy", "numpy", "weasyprint", "reportlab", "docx", "openpyxl", "pyarrow")
WEB = f"""
import sys, django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns
import ervaring.wsgi
heavy = [m for m in {HEAVY!r} if m in sys.modules]
assert not heavy, f"the web app loaded {{heavy}}"
"""
WORKER = """
import django
django.setup()
import ervaring.fieldwork.tasks, ervaring.analysis.tasks
"""
HEAVY_BASELINE = (
    WEB.split("heavy =")[0]
    + "import pandas, scipy.stats, reportlab.pdfgen.canvas, weasyprint, docx\n"
)


def cpu_seconds(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"failed: {' '.join(command)}")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="ervaring-bench-") as work:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ervaring.settings",
            "ERVARING_DEV": "1",
            "DATABASE_URL": f"sqlite:///{Path(work) / 'db.sqlite3'}",
        }
        cases = {
            "web app": [python, "-c", WEB],
            "command": [str(Path(python).with_name("ervaring")), "showmigrations", "--list"],
            "worker": [python, "-c", WORKER],
            "baseline, heavy libraries": [python, "-c", HEAVY_BASELINE],
            "baseline, Python": [python, "-c", "pass"],
        }
        print(f"{os.cpu_count()} CPUs; load {os.getloadavg()[0]:.1f}; median of {args.repeat}")
        results = {}
        for name, command in cases.items():
            runs = [cpu_seconds(command, env) for _ in range(args.repeat)]
            results[name] = statistics.median(runs)
        heavy = results["baseline, heavy libraries"]
        for name, seconds in results.items():
            print(
                f"{name:>28}: {seconds:5.2f} s CPU  ({seconds / heavy:.2f} of the heavy baseline)"
            )


if __name__ == "__main__":
    main()
