"""Celery tasks of home: thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_weekly_digest_task() -> int:
    """Filled in by the digest work (issue 7); until then it sends nothing."""
    return 0
