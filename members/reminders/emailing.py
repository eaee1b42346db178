"""Emailing recorded reminders at least once, each with a stable Message-ID.

A batch is claimed (`SELECT … FOR UPDATE SKIP LOCKED` where not yet emailed), sent over one
mail connection, marked `emailed_at` and committed in one transaction. A worker killed
anywhere in between rolls the claim back and the redelivered task sends the batch again: never
lost, and a copy that did reach the mail server before the kill carries the same Message-ID, so
the recipient's mail client sees one message. Rows another worker is sending are skipped.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from ..models import Reminder
from .registry import batched

logger = logging.getLogger(__name__)

# A reminder recorded REMINDER_ORPHAN_SECONDS ago and still not emailed was left by a worker
# that died between recording and handing its batch on, or whose mail server failed: the sweep
# tries again, for up to RETRY_FOR, then leaves it (the notification is still in the app).
RETRY_FOR = dt.timedelta(days=1)


def reminder_message_id(reminder_id: int, kind: str, domain: str | None = None) -> str:
    """The same for every copy of a reminder's email, so a re-sent one is the same message."""
    domain = domain or urlsplit(settings.SITE_URL).hostname or "gpleadership.local"
    return f"<reminder-{reminder_id}.{kind}@{domain}>"


def reminders_email(*, ids: Sequence[int]) -> int:
    """Email those of `ids` not yet emailed nor being emailed; returns how many were sent."""
    with transaction.atomic():
        claimed = list(
            Reminder.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(_id_among(ids), emailed_at__isnull=True)
            .order_by("id")
            .values_list(
                "id",
                "kind",
                "notification__title",
                "notification__body",
                "notification__url",
                "recipient__email",
                "recipient__person__contact_email",
            )
        )
        if not claimed:
            return 0
        messages = {}
        site, sender = settings.SITE_URL, settings.DEFAULT_FROM_EMAIL
        domain = urlsplit(site).hostname
        for reminder_id, kind, title, body, url, login_email, contact_email in claimed:
            address = contact_email or login_email
            # Without a notification or an address there is nothing to send: settled as is.
            if title is not None and address:
                messages[reminder_id] = EmailMessage(
                    title,
                    f"{body}\n\n{site}{url}" if url else body,
                    sender,
                    [address],
                    headers={"Message-ID": reminder_message_id(reminder_id, kind, domain)},
                )
        failed = _send(messages)
        done = [row[0] for row in claimed if row[0] not in failed]
        Reminder.objects.filter(_id_among(done)).update(emailed_at=timezone.now())
    return len(messages) - len(failed)


def _id_among(ids: Sequence[int]) -> Q | RawSQL:
    """`id IN (…)`; on PostgreSQL `id = ANY(…)`, so a thousand ids bind as one array."""
    if connection.vendor != "postgresql":
        return Q(id__in=ids)
    column = (
        f"{connection.ops.quote_name(Reminder._meta.db_table)}.{connection.ops.quote_name('id')}"
    )
    return RawSQL(f"{column} = ANY(%s::bigint[])", (list(ids),), output_field=BooleanField())


def _send(messages: dict[int, EmailMessage]) -> set[int]:
    """Send over one connection; returns the reminder ids whose message the server refused.

    A mail server that cannot be reached raises, rolling the whole batch back for the next
    sweep. A message refused on its own is logged and left for the next sweep, so one bad
    address neither holds back nor repeats the rest of its batch.
    """
    if not messages:
        return set()
    failed = set()
    with get_connection() as mail:
        for reminder_id, message in messages.items():
            try:
                mail.send_messages([message])
            except Exception:
                if not failed:
                    logger.exception("Reminder %s could not be emailed", reminder_id)
                failed.add(reminder_id)
    if failed:
        logger.error("%s of %s reminder emails refused; retried later", len(failed), len(messages))
    return failed


def reminders_orphaned(*, now: dt.datetime) -> list[list[int]]:
    """Batches of reminders recorded a while ago and still not emailed."""
    orphan_after = dt.timedelta(seconds=settings.REMINDER_ORPHAN_SECONDS)
    ids = (
        Reminder.objects.filter(
            created_at__gte=now - RETRY_FOR,
            created_at__lt=now - orphan_after,
            emailed_at__isnull=True,
            notification__isnull=False,
        )
        .order_by("id")
        .values_list("id", flat=True)
    )
    return list(batched(ids, settings.REMINDER_BATCH_SIZE))
