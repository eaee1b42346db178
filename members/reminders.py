"""Reminder machinery every app uses: sources say what is due, `reminder_send` sends it once.

An app registers a source with `@reminder_source("kind")`: a function of `now` that yields
`DueReminder`s. The beat sweep (`members.tasks.send_due_reminders_task`) calls
`reminders_send_due()`, which records each reminder under a unique constraint before anything
is sent, so a re-run or a second worker finds the row taken and sends nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from .models import LeadershipRole, Notification, Reminder, RoleKind, Seat

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class DueReminder:
    kind: str
    subject: models.Model
    recipient_id: int
    due_on: dt.date
    title: str
    body: str
    url: str = ""


ReminderSource = Callable[[dt.datetime], Iterable[DueReminder]]
_sources: dict[str, ReminderSource] = {}


def reminder_source(kind: str) -> Callable[[ReminderSource], ReminderSource]:
    def register(source: ReminderSource) -> ReminderSource:
        _sources[kind] = source
        return source

    return register


def registered_sources() -> dict[str, ReminderSource]:
    return dict(_sources)


def reminder_send(due: DueReminder) -> Reminder | None:
    """Record and send one reminder; None when it was already sent (by us or a rival)."""
    content_type = ContentType.objects.get_for_model(due.subject)
    try:
        with transaction.atomic():
            reminder = Reminder.objects.create(
                kind=due.kind,
                content_type=content_type,
                object_id=due.subject.pk,
                recipient_id=due.recipient_id,
                due_on=due.due_on,
            )
            Notification.objects.create(
                recipient_id=due.recipient_id,
                title=due.title,
                body=due.body,
                url=due.url,
                reminder=reminder,
            )
            transaction.on_commit(partial(reminder_email, reminder_id=reminder.id))
    except IntegrityError:
        return None
    return reminder


def reminder_email(*, reminder_id: int) -> bool:
    """Email a recorded reminder, claiming it first so that it is emailed at most once."""
    claimed = Reminder.objects.filter(id=reminder_id, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    if claimed != 1:
        return False
    reminder = Reminder.objects.select_related("recipient__person", "notification").get(
        id=reminder_id
    )
    note = getattr(reminder, "notification", None)
    if note is None:
        return False
    person = getattr(reminder.recipient, "person", None)
    address = person.email if person else reminder.recipient.email
    if not address:
        return False
    link = f"\n\n{settings.SITE_URL}{note.url}" if note.url else ""
    try:
        send_mail(note.title, f"{note.body}{link}", None, [address])
    except Exception:  # the record stays; the failure is logged, never re-sent twice
        logger.exception("Reminder %s could not be emailed", reminder_id)
        return False
    return True


ORPHAN_AFTER = dt.timedelta(minutes=2)


def reminders_email_orphans(*, now: dt.datetime) -> int:
    """Email reminders recorded by a worker that died before it could email them."""
    orphans = Reminder.objects.filter(
        emailed_at=None, created_at__lt=now - ORPHAN_AFTER, notification__isnull=False
    ).values_list("id", flat=True)
    return sum(reminder_email(reminder_id=reminder_id) for reminder_id in list(orphans[:10_000]))


def reminders_send_due(*, now: dt.datetime | None = None) -> int:
    """Send everything due from every registered source; returns how many were new.

    First, reminders a killed worker recorded but never emailed are emailed (still once each:
    the email is claimed by a conditional update before it is sent).
    """
    now = now or timezone.now()
    reminders_email_orphans(now=now)
    sent = 0
    for kind, source in registered_sources().items():
        for due in source(now):
            if due.kind != kind:
                raise ValueError(f"Source {kind!r} yielded a {due.kind!r} reminder")
            if reminder_send(due) is not None:
                sent += 1
    return sent


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@reminder_source("seat_vacant")
def vacant_seats(now: dt.datetime) -> Iterable[DueReminder]:
    """Each week a seat stands empty, the chair and admin support are told once."""
    vacant = list(
        Seat.objects.filter(
            is_active=True, holder__isnull=True, organisation__is_active=True
        ).select_related("organisation")
    )
    if not vacant:
        return
    recipients = list(
        LeadershipRole.objects.active()
        .filter(kind__in=[RoleKind.CHAIR, RoleKind.ADMIN_SUPPORT])
        .values_list("person__user_id", flat=True)
    )
    monday = week_start(timezone.localdate(now))
    for seat in vacant:
        for user_id in recipients:
            yield DueReminder(
                kind="seat_vacant",
                subject=seat,
                recipient_id=user_id,
                due_on=monday,
                title=f"{seat.organisation} has no one in its seat",
                body=(
                    f"The leadership group seat for {seat.organisation} is empty, so consensus "
                    "cannot include it. Ask the organisation to name its representative."
                ),
                url="/group/",
            )
