"""Reminder sources of priorities: practices that have not voted, 3 days and 1 day before close."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from members.models import Organisation
from members.reminders import DueReminder, reminder_source

from .models import VotingRound
from .selectors import eligible_practices

# Days before the close at which a practice that has not voted is reminded (latest first).
REMINDER_DAYS = (1, 3)


def practice_contacts(practice_ids: Iterable[int]) -> dict[int, list[int]]:
    """User ids holding the act-for-practice permission on each practice, in one query."""
    content_type = ContentType.objects.get_for_model(Organisation)
    contacts: dict[int, list[int]] = defaultdict(list)
    for object_pk, user_id in UserObjectPermission.objects.filter(
        content_type=content_type,
        permission__codename="act_for_practice",
        object_pk__in=[str(pk) for pk in practice_ids],
        user__is_active=True,
    ).values_list("object_pk", "user_id"):
        contacts[int(object_pk)].append(user_id)
    return contacts


def reminder_day(voting_round: VotingRound, now: dt.datetime) -> int | None:
    """The reminder now due for a round: 1 within a day of the close, 3 within three days."""
    for days in REMINDER_DAYS:
        if voting_round.closes_at - dt.timedelta(days=days) <= now:
            return days
    return None


@reminder_source("round_not_voted")
def practices_not_voted(now: dt.datetime) -> Iterable[DueReminder]:
    rounds = [
        r
        for r in VotingRound.objects.open_at(now).prefetch_related("ballots")
        if reminder_day(r, now) is not None
    ]
    if not rounds:
        return
    practices = list(eligible_practices().values_list("id", "name"))
    contacts = practice_contacts(pid for pid, _ in practices)
    for voting_round in rounds:
        days = reminder_day(voting_round, now)
        voted = {b.practice_id for b in voting_round.ballots.all()}
        due_on = timezone.localdate(voting_round.closes_at - dt.timedelta(days=days))
        closes = timezone.localtime(voting_round.closes_at)
        body = (
            f"Voting closes {closes:%A %d %B at %H:%M}{' (tomorrow)' if days == 1 else ''}. "
            "One ballot per practice: any contact for the practice can cast it."
        )
        for practice_id, name in practices:
            if practice_id in voted or practice_id not in contacts:
                continue
            url = reverse("priorities:ballot-cast", args=[voting_round.pk, practice_id])
            for user_id in contacts[practice_id]:
                yield DueReminder(
                    kind="round_not_voted",
                    subject=voting_round,
                    recipient_id=user_id,
                    due_on=due_on,
                    title=f"{name} has not voted in “{voting_round.title}”",
                    body=body,
                    url=url,
                )
