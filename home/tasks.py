"""Celery tasks of home: thin wrappers, safe to run twice."""

from __future__ import annotations

from celery import shared_task


@shared_task
def send_weekly_digest_task() -> int:
    """Monday's digest to every practice contact; a re-run sends nothing twice."""
    from .services import digest_send_weekly

    return digest_send_weekly()
