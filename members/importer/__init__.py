"""Loading a real place from NHS England's practice registers: the one service to call."""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from ..models import ImportRun
from .planning import apply_plan, plan_import
from .reading import ImportRefused, Scope, read_registers

__all__ = ["ImportRefused", "Scope", "registers_import"]


def registers_import(
    *,
    map_source: str | Path | bytes,
    patients_source: str | Path | bytes,
    scope: Scope,
    dry_run: bool = False,
    allow_month_mismatch: bool = False,
    started_by=None,
    run: ImportRun | None = None,
    map_label: str = "",
    patients_label: str = "",
) -> ImportRun:
    """Import (or, with dry_run, only compare) and record the run with its summary.

    A refused file leaves the run FAILED with a one-sentence reason and writes nothing else.
    """
    if run is None:
        run = ImportRun.objects.create(
            started_by=started_by,
            map_file=map_label or str(map_source)[:300],
            patients_file=patients_label or str(patients_source)[:300],
            scope=scope.as_dict(),
            status=ImportRun.Status.RUNNING,
        )
    else:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)

    def progress(rows: int, phase: str = "Reading the files") -> None:
        ImportRun.objects.filter(pk=run.pk).update(rows_read=rows, phase=phase)

    try:
        progress(0)
        registers = read_registers(
            map_source=map_source,
            patients_source=patients_source,
            scope=scope,
            allow_month_mismatch=allow_month_mismatch,
            progress=progress,
        )
        progress(len(registers.practices), "Comparing with the directory")
        plan = plan_import(registers, scope)
        if not dry_run:
            progress(len(registers.practices), "Writing the changes")
            apply_plan(plan)
    except ImportRefused as error:
        run.status, run.error = ImportRun.Status.FAILED, str(error)
    except Exception as error:
        run.status = ImportRun.Status.FAILED
        run.error = f"The import stopped and wrote nothing: {error.__class__.__name__}."
        run.finished_at = timezone.now()
        run.save()
        raise
    else:
        run.status = ImportRun.Status.DRY_RUN if dry_run else ImportRun.Status.DONE
        run.extract_date = registers.extract_date
        run.summary = plan.summary()
        run.changes = plan.changes
        run.problems = [problem.as_dict() for problem in plan.problems]
    run.phase = ""
    run.finished_at = timezone.now()
    run.save()
    return run
