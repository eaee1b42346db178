"""Recording reminders in batches, exactly once: the unique constraint `reminder_sent_once` decides.

Each batch of due reminders is one transaction: one `INSERT … ON CONFLICT DO NOTHING RETURNING`
(PostgreSQL, and SQLite from 3.35) records the ones nobody recorded before, and their
notifications follow by `bulk_create`. A rival worker's rows, or a re-run's, are simply not
returned, so only the newly recorded ids are handed on (after commit) to be emailed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from ..models import Notification, Reminder
from .registry import DueReminder, batched

# (kind, content type id, object id, recipient id, due date): what the constraint makes unique
Key = tuple[str, int, int, int, dt.date]
OnRecorded = Callable[[list[int]], object]
COLUMNS = ("kind", "content_type_id", "object_id", "recipient_id", "due_on", "created_at")


def reminders_record(dues: Iterable[DueReminder], *, on_recorded: OnRecorded) -> int:
    """Record `dues` in batches (REMINDER_BATCH_SIZE each, one transaction per batch); after
    each batch commits, `on_recorded(ids)` gets the ids it recorded. Returns how many were new."""
    content_types: dict[type, int] = {}
    recorded = 0
    for batch in batched(dues, settings.REMINDER_BATCH_SIZE):
        recorded += len(reminders_record_batch(batch, on_recorded, content_types))
    return recorded


def reminders_record_batch(
    batch: list[DueReminder], on_recorded: OnRecorded, content_types: dict[type, int] | None = None
) -> list[int]:
    content_types = {} if content_types is None else content_types
    unique: dict[Key, DueReminder] = {}
    for due in batch:
        model = due.subject_model
        if model not in content_types:
            content_types[model] = ContentType.objects.get_for_model(model).id
        key = (due.kind, content_types[model], due.subject.pk, due.recipient_id, due.due_on)
        unique.setdefault(key, due)
    # Every worker inserts in the same order, so two racing over the same keys cannot deadlock.
    keys = sorted(unique)
    with transaction.atomic():
        recorded = _insert_new(keys, timezone.now())
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=due.recipient_id,
                    title=due.title,
                    body=due.body,
                    url=due.url,
                    reminder_id=reminder_id,
                )
                for reminder_id, key in recorded
                for due in [unique[key]]
            ]
        )
        ids = [reminder_id for reminder_id, _ in recorded]
        if ids:
            transaction.on_commit(partial(on_recorded, ids))
    return ids


def _insert_new(keys: list[Key], now: dt.datetime) -> list[tuple[int, Key]]:
    """Insert the rows for `keys` nobody holds yet; returns (id, key) of those inserted."""
    ops = connection.ops
    table = ops.quote_name(Reminder._meta.db_table)
    columns = ", ".join(ops.quote_name(column) for column in COLUMNS)
    returning = "RETURNING id, kind, content_type_id, object_id, recipient_id, due_on"
    by_text = {(*key[:4], str(key[4])): key for key in keys}
    inserted = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One array per column: six parameters to bind instead of six thousand.
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT *, %s FROM unnest(%s::varchar[], "
                f"%s::integer[], %s::bigint[], %s::integer[], %s::date[]) "
                f"ON CONFLICT DO NOTHING {returning}",
                [now, *(list(column) for column in zip(*keys, strict=True))],
            )
            rows = cursor.fetchall()
        else:
            rows = []
            created_at = ops.adapt_datetimefield_value(now)
            limit = connection.features.max_query_params or len(keys) * len(COLUMNS)
            for chunk in batched(keys, limit // len(COLUMNS)):
                values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(chunk))
                params = [
                    value
                    for *key, due_on in chunk
                    for value in (*key, ops.adapt_datefield_value(due_on), created_at)
                ]
                cursor.execute(
                    f"INSERT INTO {table} ({columns}) VALUES {values} "
                    f"ON CONFLICT DO NOTHING {returning}",
                    params,
                )
                rows += cursor.fetchall()
    # SQLite returns the date as text, PostgreSQL as a date: compare them as text.
    inserted += [(row[0], by_text[(*row[1:5], str(row[5]))]) for row in rows]
    return inserted
