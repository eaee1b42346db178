"""The sweep as synchronous services: record what every source says is due, then email it.

`members.tasks` runs the same steps spread over workers (a task per source, a task per batch
of emails); these are what tests, management paths and eager Celery call.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from ..models import Reminder
from .emailing import reminders_email, reminders_orphaned
from .recording import OnRecorded, reminders_record, reminders_record_batch
from .registry import DueReminder, due_reminders, registered_sources


def _email_now(ids: list[int]) -> int:
    return reminders_email(ids=ids)


def reminders_record_source(
    *, kind: str, now: dt.datetime, on_recorded: OnRecorded, part: int = 0, parts: int = 1
) -> int:
    """Record what the source of `kind` says is due; returns how many were new.

    With `parts` > 1, only the share of part `part` (by subject and recipient), so that as
    many workers as parts can record one large source side by side.
    """
    dues = due_reminders(kind, now)
    if parts > 1:
        dues = (due for due in dues if (due.subject.pk * 31 + due.recipient_id) % parts == part)
    return reminders_record(dues, on_recorded=on_recorded)


def reminders_email_orphans(*, now: dt.datetime) -> int:
    """Email reminders a killed worker recorded but never emailed (still claimed batch by batch)."""
    return sum(reminders_email(ids=ids) for ids in reminders_orphaned(now=now))


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Record and email everything due from every source; returns how many were new.

    Orphans first (reminders recorded before but never emailed), then each source in batches,
    each batch emailed once its transaction has committed.
    """
    now = now or timezone.now()
    reminders_email_orphans(now=now)
    return sum(
        reminders_record_source(kind=kind, now=now, on_recorded=_email_now)
        for kind in registered_sources()
    )


def reminder_send(due: DueReminder) -> Reminder | None:
    """Record one reminder and email it after commit; None when it was recorded before."""
    ids = reminders_record_batch([due], _email_now)
    return Reminder.objects.get(id=ids[0]) if ids else None
