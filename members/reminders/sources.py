"""Reminder sources of members: seats standing empty."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from ..models import LeadershipRole, RoleKind, Seat
from .registry import DueReminder, reminder_source, week_start


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
    body = (
        "The leadership group seat for {} is empty, so consensus cannot include it. Ask the "
        "organisation to name its representative."
    )
    for seat in vacant:
        for user_id in recipients:
            yield DueReminder(
                kind="seat_vacant",
                subject=seat,
                recipient_id=user_id,
                due_on=monday,
                title=f"{seat.organisation} has no one in its seat",
                body=body.format(seat.organisation),
                url="/group/",
            )
