"""Celery tasks of members: thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .reminders import reminders_send_due


@shared_task
def send_due_reminders_task() -> int:
    return reminders_send_due()


@shared_task
def import_registers_task(run_id: int) -> str:
    from .importer.runs import import_run_execute

    return import_run_execute(run_id=run_id).status
