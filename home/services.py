"""Writes of home: sending the weekly digest, each person's at most once a week."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.models import Person, Reminder
from members.reminders import week_start

from .digest import Digest, digest_for, digest_recipients, digest_render, digest_week

logger = logging.getLogger(__name__)
DIGEST_KIND = "weekly_digest"


def digest_claim(*, person: Person, monday: dt.date) -> Reminder | None:
    """Record this week's digest for a person; None when it is already recorded.

    The Reminder's unique constraint (kind, subject, recipient, due date) is the guarantee:
    a re-run or a second worker finds the row taken and sends nothing.
    """
    try:
        with transaction.atomic():
            return Reminder.objects.create(
                kind=DIGEST_KIND,
                content_type=ContentType.objects.get_for_model(Person),
                object_id=person.pk,
                recipient_id=person.user_id,
                due_on=monday,
            )
    except IntegrityError:
        return None


def digest_email(*, reminder_id: int, digest: Digest) -> bool:
    """Email one claimed digest as HTML and plain text; the claim on emailed_at makes it once."""
    claimed = Reminder.objects.filter(id=reminder_id, emailed_at=None).update(
        emailed_at=timezone.now()
    )
    address = digest.person.email
    if claimed != 1 or not address:
        return False
    text, html = digest_render(digest)
    message = EmailMultiAlternatives(digest.subject, text, None, [address])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # the record stays: a failed digest is logged, never sent twice
        logger.exception("Weekly digest %s could not be emailed", reminder_id)
        return False
    return True


def digest_send_weekly(*, now: dt.datetime | None = None) -> int:
    """Send this week's digest to every practice contact who has not opted out; returns how
    many were newly sent. Safe to run twice: the second run finds every claim taken."""
    now = now or timezone.now()
    monday = week_start(timezone.localdate(now))
    week = digest_week(sent_on=monday, now=now)
    sent = 0
    for person, practices in digest_recipients():
        if person.digest_opt_out:
            continue
        with transaction.atomic():
            reminder = digest_claim(person=person, monday=monday)
            if reminder is None:
                continue
            digest = digest_for(person=person, practices=practices, week=week)
            transaction.on_commit(partial(digest_email, reminder_id=reminder.id, digest=digest))
        sent += 1
    return sent
