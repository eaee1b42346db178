"""Import runs started from the browser: files kept under var/imports/, the import in a task."""

from __future__ import annotations

import uuid
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..models import ImportRun
from . import Scope, registers_import


def _store(upload: UploadedFile, folder: Path, name: str) -> Path:
    path = folder / name
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return path


def import_dry_run_start(
    *,
    map_upload: UploadedFile,
    patients_upload: UploadedFile,
    scope: Scope,
    allow_month_mismatch: bool,
    user,
) -> ImportRun:
    """Keep the two uploads and compare them with the directory, writing nothing else."""
    folder = Path(settings.IMPORTS_DIR) / uuid.uuid4().hex
    folder.mkdir(parents=True)
    map_path = _store(map_upload, folder, "map")
    patients_path = _store(patients_upload, folder, "patients")
    run = ImportRun.objects.create(
        started_by=user,
        map_file=str(map_path),
        patients_file=str(patients_path),
        scope={
            **scope.as_dict(),
            "allow_month_mismatch": allow_month_mismatch,
            "names": [map_upload.name[:100], patients_upload.name[:100]],
        },
        status=ImportRun.Status.RUNNING,
    )
    return import_run_execute(run_id=run.pk, dry_run=True)


@transaction.atomic
def import_confirm(*, dry_run: ImportRun, user) -> ImportRun:
    """Start the real import of a dry run's files, in the background."""
    run = ImportRun.objects.create(
        started_by=user,
        map_file=dry_run.map_file,
        patients_file=dry_run.patients_file,
        scope=dry_run.scope,
        status=ImportRun.Status.PENDING,
        phase="Waiting for the worker",
    )
    from ..tasks import import_registers_task

    transaction.on_commit(partial(import_registers_task.delay, run.pk))
    return run


def import_run_execute(*, run_id: int, dry_run: bool = False) -> ImportRun:
    run = ImportRun.objects.get(pk=run_id)
    scope = Scope.of(
        sub_icbs=run.scope.get("sub_icb", []),
        icbs=run.scope.get("icb", []),
        pcns=run.scope.get("pcn", []),
    )
    return registers_import(
        map_source=run.map_file,
        patients_source=run.patients_file,
        scope=scope,
        dry_run=dry_run,
        allow_month_mismatch=run.scope.get("allow_month_mismatch", False),
        run=run,
    )
