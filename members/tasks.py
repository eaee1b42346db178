"""Celery tasks of members: thin wrappers, safe to run twice.

The reminder sweep fans out so that every worker shares it: the beat's task enqueues, for
each reminder source, REMINDER_SWEEP_PARTS tasks that record a share of it each (and a task
per batch of orphans); as each recorded batch commits, a task to email it is enqueued.
Subtasks go to the queue their parent came from, so a worker consuming only its own queue
gets all of its sweep.
"""

from __future__ import annotations

import datetime as dt

from celery import Task, shared_task
from celery.signals import task_prerun
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone

from .reminders import (
    registered_sources,
    reminders_email,
    reminders_orphaned,
    reminders_record_source,
)


@task_prerun.connect
def _drop_old_database_connections(task: Task, **kwargs) -> None:
    """Before each task, what a web request does (CELERY_DB_REUSE_MAX keeps connections)."""
    if not task.request.is_eager:  # an eager task runs inside its caller's transaction
        close_old_connections()


def _same_queue(task: Task) -> dict:
    queue = (task.request.delivery_info or {}).get("routing_key")
    return {"queue": queue} if queue else {}


def _sibling(task: Task, other: Task) -> Task:
    """`other` as registered in the app that delivered `task` (its broker, its eagerness)."""
    return task.app.tasks[other.name]


@shared_task(bind=True)
def send_due_reminders_task(self: Task, now: str | None = None) -> int:
    """The beat's sweep: REMINDER_SWEEP_PARTS recording tasks per source, and an email task
    per batch of orphans."""
    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    route = _same_queue(self)
    record = _sibling(self, record_due_reminders_task)
    parts = settings.REMINDER_SWEEP_PARTS
    tasks = 0
    for kind in registered_sources():
        for part in range(parts):
            record.apply_async(
                kwargs={"kind": kind, "now": moment.isoformat(), "part": part, "parts": parts},
                **route,
            )
            tasks += 1
    email = _sibling(self, email_reminders_task)
    for ids in reminders_orphaned(now=moment):
        email.apply_async(args=[ids], **route)
        tasks += 1
    return tasks


@shared_task(bind=True)
def record_due_reminders_task(
    self: Task, kind: str, now: str, part: int = 0, parts: int = 1
) -> int:
    """Record one part of what one source says is due; each batch, once committed, gets an
    email task."""
    route = _same_queue(self)
    email = _sibling(self, email_reminders_task)
    return reminders_record_source(
        kind=kind,
        now=dt.datetime.fromisoformat(now),
        on_recorded=lambda ids: email.apply_async(args=[ids], **route),
        part=part,
        parts=parts,
    )


@shared_task
def email_reminders_task(ids: list[int]) -> int:
    return reminders_email(ids=ids)


@shared_task
def import_registers_task(run_id: int) -> str:
    from .importer.runs import import_run_execute

    return import_run_execute(run_id=run_id).status
