"""A big population file is imported by the background worker, not in the request: the page
shows its progress, the result is the same as in the request (all or nothing, problems with row
and column, the provision step), and a stopped worker is noticed and can be started again."""

from contextlib import nullcontext
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ervaring.accounts.tests.factories import StaffFactory, TeamFactory
from ervaring.fieldwork import population_uploads, population_writer, tasks
from ervaring.fieldwork.models import (
    Client,
    PopulationUpload,
    PopulationUploadChunk,
    UploadStatus,
)
from ervaring.fieldwork.tests.population_files import csv_bytes, row
from ervaring.questionnaires.tests.factories import SurveyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey():
    survey = SurveyFactory()
    TeamFactory(organisation=survey.organisation, slug="noord", name="Wijkteam Noord")
    return survey


@pytest.fixture
def by_the_worker(monkeypatch):
    """Every file counts as big: the import goes to the worker."""
    monkeypatch.setattr(population_uploads, "INLINE_MAX_BYTES", 0)


def url(name, survey):
    return reverse(f"fieldwork:{name}", args=[survey.slug])


def upload_and_map(client, survey, data: bytes, capture) -> None:
    """Steps 1 and 2 as a project leader does them; the import is queued, not run."""
    client.force_login(StaffFactory(organisation=survey.organisation))
    client.post(url("population", survey), {"file": SimpleUploadedFile("export.csv", data)})
    form = client.get(url("population-columns", survey)).context["form"]
    posted = {name: form[name].value() or "" for name in form.fields}
    with capture(execute=True):
        started = client.post(url("population-columns", survey), posted)
    assert started["Location"] == url("population-import", survey)


def run_queued_imports() -> int:
    """Run the import jobs the pages enqueued, as the worker does (its loop closes database
    connections, which a test transaction cannot survive: one test below runs the real one)."""
    queued = list(DBTaskResult.objects.ready())
    for job in queued:
        assert job.task_path == tasks.import_population_upload.module_path
        job.task.call(*job.task_result.args, **job.task_result.kwargs)
        job.delete()
    return len(queued)


def test_a_big_file_waits_for_the_worker_and_the_page_shows_its_progress(
    client, survey, by_the_worker, django_capture_on_commit_callbacks, monkeypatch
):
    upload_and_map(client, survey, csv_bytes([row("1"), row("2"), row("2", "Vervoer")]),
                   django_capture_on_commit_callbacks)  # fmt: skip
    assert not Client.objects.exists()  # the request did not import
    waiting = client.get(url("population-import", survey))
    page = waiting.content.decode()
    assert "<progress" in page and "staat klaar om gelezen te worden" in page
    assert client.get(url("population-import-status", survey)).json()["finished"] is False

    seen = []
    real_add = population_writer.add_clients

    def add_clients(*args, **kwargs):
        # While the worker writes, the page says that every row was read and checked.
        seen.append(client.get(url("population-import-status", survey)).json())
        return real_add(*args, **kwargs)

    monkeypatch.setattr(population_writer, "add_clients", add_clients)
    assert run_queued_imports() == 1
    assert seen[0]["text"].startswith("Alle 3 rijen zijn gelezen en gecontroleerd.")
    assert client.get(url("population-import-status", survey)).json()["finished"] is True
    done = client.get(url("population-import", survey), follow=True)
    assert "2 cliënten ingelezen uit 3 rijen" in done.content.decode()
    assert dict(Client.objects.values_list("client_ref", "provision_groups")) == {
        "1": ["huishoudelijke_hulp"],
        "2": ["huishoudelijke_hulp", "vervoer"],
    }
    assert not PopulationUpload.objects.exists()  # shown, so deleted


def test_the_bar_shows_the_share_of_rows_read_with_its_text(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation))
    client.post(
        url("population", survey), {"file": SimpleUploadedFile("e.csv", csv_bytes([row("1")]))}
    )
    PopulationUpload.objects.update(
        status=UploadStatus.READING, rows_done=300_000, rows_total=1_000_000
    )
    page = client.get(url("population-import", survey)).content.decode()
    assert 'max="1000000" value="300000"' in page
    assert "Gelezen en gecontroleerd: 300.000 van ongeveer 1.000.000 rijen (30%)." in page
    state = client.get(url("population-import-status", survey)).json()
    assert (state["value"], state["max"], state["finished"]) == (300_000, 1_000_000, False)


def test_problems_found_by_the_worker_are_shown_with_row_and_column_and_nothing_is_written(
    client, survey, by_the_worker, django_capture_on_commit_callbacks
):
    Client.objects.create(survey=survey, client_ref="old", law="wmo")
    data = csv_bytes([row("1"), row("2", postcode="99"), row("3", born="31-02-1950")])
    upload_and_map(client, survey, data, django_capture_on_commit_callbacks)
    run_queued_imports()
    shown = client.get(url("population-import", survey))
    page = shown.content.decode()
    assert "niet ingelezen: 2 fouten" in page
    assert [(p.row, p.column) for p in shown.context["problems"]] == [
        (3, "Postcode"),
        (4, "Geboortedatum"),
    ]
    assert list(Client.objects.values_list("client_ref", flat=True)) == ["old"]
    listed = client.get(url("population-problems", survey))
    assert b"3;Postcode;" in listed.content and b"4;Geboortedatum;" in listed.content


def test_the_provision_step_comes_from_the_worker_and_its_choices_go_back_to_it(
    client, survey, by_the_worker, django_capture_on_commit_callbacks
):
    data = csv_bytes([row("1", "Gezinscoaching"), row("2", "Hbh")])
    upload_and_map(client, survey, data, django_capture_on_commit_callbacks)
    run_queued_imports()
    step = client.get(url("population-import", survey), follow=True)
    assert step.templates[0].name == "fieldwork/population_provisions.html"
    form = step.context["form"]
    posted = {name: form[name].value() or "" for name in form.fields}
    posted["provision__gezinscoaching"] = "begeleiding"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("population-provisions", survey), posted)
    assert not Client.objects.exists()
    assert run_queued_imports() == 1
    client.get(url("population-import", survey))
    assert dict(Client.objects.values_list("client_ref", "provision_groups")) == {
        "1": ["begeleiding"],
        "2": ["huishoudelijke_hulp"],
    }


def test_a_second_click_does_not_queue_a_second_import(
    client, survey, by_the_worker, django_capture_on_commit_callbacks
):
    upload_and_map(client, survey, csv_bytes([row("1")]), django_capture_on_commit_callbacks)
    upload = PopulationUpload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        assert not tasks.start_population_import(upload, upload.mapping)
    assert run_queued_imports() == 1


def test_an_import_whose_worker_stopped_says_so_and_can_be_started_again(
    client, survey, by_the_worker, django_capture_on_commit_callbacks
):
    upload_and_map(client, survey, csv_bytes([row("1")]), django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()  # the worker took the job and died while reading
    PopulationUpload.objects.update(
        status=UploadStatus.READING, updated_at=timezone.now() - timedelta(hours=1)
    )
    page = client.get(url("population-import", survey)).content.decode()
    assert "gestopt voordat het klaar was" in page and "Opnieuw inlezen" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("population-import", survey))
    assert run_queued_imports() == 1
    assert Client.objects.count() == 1


def test_another_organisation_cannot_see_the_progress(client, survey):
    client.force_login(StaffFactory(beheerder=True))
    assert client.get(url("population-import", survey)).status_code == 404
    assert client.get(url("population-import-status", survey)).status_code == 404


def test_an_unreadable_file_is_refused_on_the_upload_step(client, survey):
    client.force_login(StaffFactory(organisation=survey.organisation))
    response = client.post(
        url("population", survey), {"file": SimpleUploadedFile("foto.png", b"\x89PNG\r\n")}
    )
    assert "Dit is een afbeelding" in response.content.decode()
    assert not PopulationUpload.objects.exists()


def test_the_file_is_kept_in_pieces_and_read_back_whole(client, survey, monkeypatch):
    monkeypatch.setattr(population_uploads, "CHUNK_BYTES", 100)
    data = csv_bytes([row(str(n)) for n in range(30)])
    kept = population_uploads.save_upload(survey, None, SimpleUploadedFile("e.csv", data))
    assert PopulationUploadChunk.objects.filter(upload=kept).count() == -(-len(data) // 100)
    with population_uploads.open_upload(kept) as file:
        assert file.read() == data


def test_old_uploads_are_purged_but_not_one_being_imported(survey):
    old = timezone.now() - timedelta(days=2)
    files = {"file_name": "e.csv", "survey": survey}
    for status in (UploadStatus.UPLOADED, UploadStatus.DONE, UploadStatus.READING):
        PopulationUpload.objects.create(status=status, **files)
    PopulationUpload.objects.update(updated_at=old)
    fresh = PopulationUpload.objects.create(**files)
    assert population_uploads.purge_uploads() == 2
    assert set(PopulationUpload.objects.values_list("status", flat=True)) == {
        UploadStatus.READING,
        fresh.status,
    }


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_the_queued_import(client, survey, by_the_worker):
    # Outside a test transaction on-commit callbacks run at once: nothing to capture.
    upload_and_map(client, survey, csv_bytes([row("1"), row("2")]), lambda execute: nullcontext())
    assert not Client.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay")
    assert Client.objects.count() == 2
    assert PopulationUpload.objects.get().outcome["kind"] == population_uploads.IMPORTED
