"""Celery tasks of priorities: thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task

from .services import rounds_close_due


@shared_task
def close_due_rounds_task() -> int:
    return rounds_close_due()
