"""A population file from upload to import, for the staff pages.

The pages work in steps (upload, columns, perhaps provision groups), so the file is kept
between requests as a `PopulationUpload`. The import itself is `run_import`: a file up to
`INLINE_MAX_BYTES` (about 10,000 rows, read in about a second) is imported in the request
that asks for it, so the usual small file needs no waiting page; a bigger one is queued for
the background worker (`tasks.import_population_upload`) and the page shows its progress.
Both ways run the same code and keep the same rule: all or nothing.

What an attempt found is kept as the upload's `outcome`, which the pages read back:
`IMPORTED` (with counts and notices), `PROVISIONS` (names that need a group), `PROBLEMS`
(every problem with row and column), `REFUSED` (the file or the survey's state does not
allow importing) or `FAILED` (an error in Ervaring itself).
"""

import logging
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import timedelta
from typing import BinaryIO

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from ervaring.accounts.models import Staff
from ervaring.fieldwork import population_services as services
from ervaring.fieldwork.models import PopulationUpload, PopulationUploadChunk, UploadStatus
from ervaring.fieldwork.population import provisions, reading
from ervaring.fieldwork.population.records import Problem
from ervaring.questionnaires.models import Survey

logger = logging.getLogger(__name__)

#: Files up to this size are imported in the request; bigger ones by the worker.
INLINE_MAX_BYTES = 1024 * 1024
CHUNK_BYTES = 1024 * 1024
#: An import that has not moved for this long lost its worker (it was stopped or crashed);
#: all or nothing means nothing was written, and the page offers to start again.
STUCK_AFTER = timedelta(minutes=15)
#: Uploads (and their files) are kept this long at most.
KEEP_UPLOADS = timedelta(days=1)
IMPORTED, PROVISIONS, PROBLEMS, REFUSED, FAILED = (
    "imported",
    "provisions",
    "problems",
    "refused",
    "failed",
)
RUNNING = (UploadStatus.QUEUED, UploadStatus.READING, UploadStatus.CHECKED)


def save_upload(survey: Survey, staff: Staff | None, upload: UploadedFile) -> PopulationUpload:
    """Keep an uploaded file for the next steps, with its column headers.

    Raises `PopulationFileError` (Dutch) when the file cannot be read as a table; the
    file is read from where Django put it (on disk when it is big), never whole in memory.
    """
    upload.seek(0)
    headers = reading.read_table(upload.file).headers
    with transaction.atomic():
        kept = PopulationUpload.objects.create(
            survey=survey,
            uploaded_by=staff,
            file_name=(upload.name or "bestand")[:200],
            size=upload.size or 0,
            headers=headers,
        )
        upload.seek(0)
        index = 0
        while chunk := upload.read(CHUNK_BYTES):
            PopulationUploadChunk.objects.create(upload=kept, index=index, data=chunk)
            index += 1
    return kept


@contextmanager
def open_upload(upload: PopulationUpload) -> Iterator[BinaryIO]:
    """The kept file as a temporary local file, read back piece by piece."""
    with tempfile.TemporaryFile() as file:
        chunks = upload.chunks.order_by("index").values_list("data", flat=True)
        for data in chunks.iterator(chunk_size=1):
            file.write(data)
        file.seek(0)
        yield file


def discard(upload: PopulationUpload) -> None:
    """Delete an upload that is not being imported (a running one finishes first)."""
    PopulationUpload.objects.filter(pk=upload.pk).exclude(status__in=RUNNING).delete()


def claim_import(
    upload: PopulationUpload,
    mapping: dict[str, str],
    *,
    save_as: str = "",
    provision_choices: dict[str, str] | None = None,
) -> bool:
    """Mark the upload queued for import with this mapping (and provision groups); False when
    it is being imported already (a double click). `tasks.start_population_import` then runs
    it at once or queues it (see `is_small`)."""
    claimed = (
        PopulationUpload.objects.filter(pk=upload.pk)
        .exclude(status__in=RUNNING)
        .update(
            status=UploadStatus.QUEUED,
            mapping=mapping,
            save_as=save_as,
            provision_choices=provision_choices or {},
            rows_done=0,
            rows_total=0,
            outcome={},
            updated_at=timezone.now(),
        )
    )
    return bool(claimed)


def claim_stuck_import(upload: PopulationUpload) -> bool:
    """Mark queued again an import whose worker stopped (see `is_stuck`); False when it was
    not stuck, or someone else restarted it first."""
    if not is_stuck(upload):
        return False
    claimed = PopulationUpload.objects.filter(
        pk=upload.pk, status=upload.status, updated_at=upload.updated_at
    ).update(status=UploadStatus.QUEUED, rows_done=0, updated_at=timezone.now())
    return bool(claimed)


def is_small(upload: PopulationUpload) -> bool:
    """Whether the upload is imported in the request rather than by the worker."""
    return upload.size <= INLINE_MAX_BYTES


def is_stuck(upload: PopulationUpload) -> bool:
    return upload.status in RUNNING and upload.updated_at < timezone.now() - STUCK_AFTER


def run_import(upload_id: int) -> str:
    """Import a queued upload and keep what it found as its outcome; returns the outcome's
    kind ('' when the upload was not queued: it ran already, or runs elsewhere)."""
    claimed = PopulationUpload.objects.filter(pk=upload_id, status=UploadStatus.QUEUED).update(
        status=UploadStatus.READING, updated_at=timezone.now()
    )
    if not claimed:
        return ""
    upload = PopulationUpload.objects.select_related("survey__organisation", "uploaded_by").get(
        pk=upload_id
    )
    try:
        outcome = _import(upload)
    except Exception:
        logger.exception("population import %s failed", upload_id)
        _finish(upload, {"kind": FAILED})
        raise
    _finish(upload, outcome)
    return str(outcome["kind"])


def _import(upload: PopulationUpload) -> dict[str, object]:
    def progress(phase: str, done: int, total: int) -> None:
        if phase == services.READING:
            status = UploadStatus.CHECKED if done == total else UploadStatus.READING
            PopulationUpload.objects.filter(pk=upload.pk).update(
                status=status, rows_done=done, rows_total=total, updated_at=timezone.now()
            )

    try:
        with open_upload(upload) as file:
            result = services.import_population(
                upload.survey,
                file,
                upload.mapping,
                provision_choices=upload.provision_choices,
                actor=upload.uploaded_by,
                file_name=upload.file_name,
                progress=progress,
            )
    except services.PopulationError as error:
        return {"kind": REFUSED, "message": str(error)}
    if result.is_imported:
        if upload.save_as:
            services.save_column_mapping(
                upload.survey.organisation, upload.save_as, result.mapping, upload.uploaded_by
            )
        upload.chunks.all().delete()  # imported: the file itself is not needed any more
        return {
            "kind": IMPORTED,
            "imported": result.imported,
            "rows_read": result.rows_read,
            "merged_rows": result.merged_rows,
            "notices": [notice.text for notice in result.notices],
            "renamed": [
                [match.label, match.group]
                for match in result.provision_matches
                if provisions.name_key(match.group) != match.key
            ],
        }
    if result.needs_provision_choices:
        return {"kind": PROVISIONS, "matches": [asdict(m) for m in result.provision_matches]}
    return {
        "kind": PROBLEMS,
        "rows_read": result.rows_read,
        "problems": [asdict(problem) for problem in result.problems],
        "unmatched": [match.label for match in result.unmatched],
    }


def _finish(upload: PopulationUpload, outcome: dict[str, object]) -> None:
    PopulationUpload.objects.filter(pk=upload.pk).update(
        status=UploadStatus.DONE, outcome=outcome, updated_at=timezone.now()
    )


def outcome_problems(upload: PopulationUpload) -> list[Problem]:
    return [Problem(**problem) for problem in upload.outcome.get("problems", [])]


def outcome_matches(upload: PopulationUpload) -> list[provisions.NameMatch]:
    return [provisions.NameMatch(**match) for match in upload.outcome.get("matches", [])]


def purge_uploads() -> int:
    """Delete uploads older than `KEEP_UPLOADS` (files nobody finished importing); returns
    how many."""
    cutoff = timezone.now() - KEEP_UPLOADS
    deleted, _ = (
        PopulationUpload.objects.filter(updated_at__lt=cutoff).exclude(status__in=RUNNING).delete()
    )
    return deleted
