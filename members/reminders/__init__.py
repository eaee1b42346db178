"""Reminder machinery every app uses: sources say what is due, the sweep records and emails it.

An app registers a source with `@reminder_source("kind")`: a function of `now` that yields
`DueReminder`s. The beat sweep (`members.tasks.send_due_reminders_task`) runs every source on
the workers; each batch of due reminders is recorded exactly once under the unique constraint
`reminder_sent_once` (recording.py), then emailed at least once, in batches, with a stable
Message-ID per reminder (emailing.py). `reminders_send_due()` does the same synchronously.
"""

from __future__ import annotations

from . import sources  # noqa: F401  (registers the members reminder sources)
from .emailing import reminder_message_id, reminders_email, reminders_orphaned
from .recording import reminders_record
from .registry import DueReminder, Subject, registered_sources, reminder_source, week_start
from .sweep import (
    reminder_send,
    reminders_email_orphans,
    reminders_record_source,
    reminders_send_due,
)

__all__ = [
    "DueReminder",
    "Subject",
    "registered_sources",
    "reminder_message_id",
    "reminder_send",
    "reminder_source",
    "reminders_email",
    "reminders_email_orphans",
    "reminders_orphaned",
    "reminders_record",
    "reminders_record_source",
    "reminders_send_due",
    "week_start",
]
