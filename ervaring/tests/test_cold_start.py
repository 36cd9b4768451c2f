"""A web worker's first respondent never waits for the analysis libraries (issue 16).

A fresh process, like a new gunicorn worker, loads the URL configuration on its first
request and then serves a respondent from the personal link to the next page. The
libraries that cost seconds to import (and made busy machines kill booting workers) must
not be loaded by then: they belong to the staff pages that compute, and to the worker.
"""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

from ervaring.fieldwork.tests.factories import invite
from ervaring.questionnaires.tests.factories import SurveyFactory
from ervaring.responses.tests.test_logs import database_url

pytestmark = pytest.mark.django_db(transaction=True)
HEAVY = (
    "pandas",
    "scipy",
    "numpy",
    "weasyprint",
    "reportlab",
    "docx",
    "openpyxl",
    "pyarrow",
    "deduce",
)
FIRST_REQUESTS = """
import json, sys
import django
django.setup()
from django.test import Client

code = sys.argv[1]
respondent = Client(SERVER_NAME="localhost")
statuses = [respondent.get("/").status_code, respondent.get(f"/k/{code}").status_code]
statuses.append(respondent.post("/", {"code": code}).status_code)
page = respondent.get("/vragenlijst/", follow=True)
statuses.append(page.status_code)
statuses.append(respondent.post(page.request["PATH_INFO"], {"action": "next"}).status_code)
print(json.dumps({"statuses": statuses, "loaded": sorted(sys.modules)}))
"""


def first_requests(code: str) -> dict:
    env = dict(os.environ, DATABASE_URL=database_url(), ERVARING_DEV="1")
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "ervaring.settings"
    done = subprocess.run(
        [sys.executable, "-c", FIRST_REQUESTS, code],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_respondents_first_requests_load_no_analysis_or_document_library():
    survey = SurveyFactory(in_fieldwork=True)
    result = first_requests(invite(survey).code)
    # Start page, personal link, code sent (redirect), first page, and the first page sent
    # empty (saved through the services, shown again with what still needs an answer).
    assert result["statuses"] == [200, 200, 302, 200, 200]
    loaded = {name.split(".")[0] for name in result["loaded"]}
    assert loaded & set(HEAVY) == set()
    assert "ervaring.responses.views" in result["loaded"]  # the pages were really served


WORKER_START = """
import json, sys
import django
django.setup()
import ervaring.analysis.tasks, ervaring.fieldwork.tasks, ervaring.schedule.jobs
print(json.dumps(sorted(sys.modules)))
"""


def test_the_worker_starts_without_the_analysis_or_document_libraries():
    """The task modules import what a task needs when it runs: a worker that only sends
    e-mail never pays for pandas, and a busy machine starts it in about a second."""
    env = dict(os.environ, DATABASE_URL=database_url(), ERVARING_DEV="1")
    env["DJANGO_SETTINGS_MODULE"] = "ervaring.settings"
    done = subprocess.run(
        [sys.executable, "-c", WORKER_START],
        capture_output=True,
        text=True,
        env=env,
        cwd=settings.BASE_DIR,
        check=True,
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert "ervaring.analysis.tasks" in loaded
    assert {name.split(".")[0] for name in loaded} & set(HEAVY) == set()


def test_the_installation_compiled_the_libraries_bytecode():
    """`make install` compiles bytecode (uv does not by default). Without it, every worker
    and command compiled Django and the rest from source wherever `__pycache__` cannot be
    written (a service user, `PYTHONDONTWRITEBYTECODE`): about three times the start-up's
    CPU (docs/benchmarks.md, "Cold start"). A module that nothing imports shows that the
    installation wrote it, not an import. An older `.venv`: `rm -rf .venv && make install`."""
    import importlib.util
    from pathlib import Path

    import django

    never_imported = Path(django.__file__).parent / "contrib/gis/gdal/raster/band.py"
    assert Path(importlib.util.cache_from_source(str(never_imported))).exists()
