"""Recording reminders in batches, exactly once: the unique constraint `reminder_sent_once` decides.

Each batch of due reminders is one transaction: one `INSERT … ON CONFLICT DO NOTHING RETURNING`
(PostgreSQL, and SQLite from 3.35) records the ones nobody recorded before, and one more
inserts their notifications. A rival worker's rows, or a re-run's, are simply not returned, so
only the newly recorded ids get notifications and are handed on (after commit) to be emailed.

Both inserts are plain SQL rather than `bulk_create`: at 100,000 reminders, building the model
instances and letting the ORM prepare every value took a third of a worker's time. On
PostgreSQL a batch travels as one JSON document (`json_populate_recordset`): one parameter to
bind, not 6,000, and no per-element array quoting in Python.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from ..models import Notification, Reminder
from .registry import DueReminder, batched

# (kind, content type id, object id, recipient id, due date): what the constraint makes unique
Key = tuple[str, int, int, int, dt.date]
OnRecorded = Callable[[list[int]], object]
REMINDER_COLUMNS = ("kind", "content_type", "object_id", "recipient", "due_on", "created_at")
NOTIFICATION_COLUMNS = ("recipient", "title", "body", "url", "reminder", "created_at")


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
    now = timezone.now()
    with transaction.atomic():
        rows = _insert(
            Reminder,
            REMINDER_COLUMNS,
            [(*key, now) for key in keys],
            "ON CONFLICT DO NOTHING "
            "RETURNING id, kind, content_type_id, object_id, recipient_id, due_on",
        )
        # SQLite returns the date as text, PostgreSQL as a date: compare them as text.
        by_text = {(*key[:4], str(key[4])): key for key in keys}
        recorded = [(row[0], unique[by_text[(*row[1:5], str(row[5]))]]) for row in rows]
        _insert(
            Notification,
            NOTIFICATION_COLUMNS,
            [
                (due.recipient_id, due.title, due.body, due.url, reminder_id, now)
                for reminder_id, due in recorded
            ],
        )
        ids = [reminder_id for reminder_id, _ in recorded]
        if ids:
            transaction.on_commit(partial(on_recorded, ids))
    return ids


def _insert(model: type[Model], columns: Sequence[str], rows: list[tuple], tail: str = "") -> list:
    """INSERT `rows` (values in the order of `columns`, fields of `model`), then `tail`; returns
    what a RETURNING in `tail` returns."""
    if not rows:
        return []
    ops = connection.ops
    fields = [model._meta.get_field(name) for name in columns]
    into = f"INSERT INTO {ops.quote_name(model._meta.db_table)} "
    into += f"({', '.join(ops.quote_name(field.column) for field in fields)})"
    returned = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The batch travels as one JSON document, read back as rows of the table's types.
            names = [field.column for field in fields]
            document = json.dumps([dict(zip(names, row, strict=True)) for row in rows], default=str)
            table = ops.quote_name(model._meta.db_table)
            cursor.execute(
                f"{into} SELECT {', '.join(map(ops.quote_name, names))} "
                f"FROM json_populate_recordset(NULL::{table}, %s) {tail}",
                [document],
            )
            return cursor.fetchall() if "RETURNING" in tail else []
        limit = connection.features.max_query_params or len(rows) * len(fields)
        row = f"({', '.join(['%s'] * len(fields))})"
        for chunk in batched(rows, limit // len(fields)):
            cursor.execute(
                f"{into} VALUES {', '.join([row] * len(chunk))} {tail}",
                [
                    field.get_db_prep_save(value, connection)
                    for values in chunk
                    for field, value in zip(fields, values, strict=True)
                ],
            )
            if "RETURNING" in tail:
                returned += cursor.fetchall()
    return returned
