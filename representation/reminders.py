"""Reminder sources of representation: briefings due, feedback missing, actions, reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from members.models import LeadershipRole, RoleKind
from members.reminders import DueReminder, Subject, reminder_source, week_start

from .models import OPEN_STATUSES, Action, Assignment, BriefingItem, Feedback, Occurrence
from .selectors import reviews_due

BRIEFING_DAYS_BEFORE = 3
FEEDBACK_DAYS_AFTER = 1
FEEDBACK_ALERT_DAYS_AFTER = 3
ACTION_DAYS_BEFORE = 2
LOOK_BACK = dt.timedelta(days=30)  # a missed sweep still catches up within a month


def lead_user_ids() -> list[int]:
    return list(
        LeadershipRole.objects.active()
        .filter(kind=RoleKind.REPRESENTATION_LEAD)
        .values_list("person__user_id", flat=True)
    )


def _representative_user_ids(occurrences: list[Occurrence]) -> dict[int, list[int]]:
    by_meeting: dict[int, list[int]] = {}
    rows = Assignment.objects.filter(
        meeting_id__in={o.meeting_id for o in occurrences}
    ).values_list("meeting_id", "person__user_id")
    for meeting_id, user_id in rows:
        by_meeting.setdefault(meeting_id, []).append(user_id)
    return by_meeting


@reminder_source("briefing_due")
def briefings_due(now: dt.datetime) -> Iterable[DueReminder]:
    """Leads hear 3 days before an occurrence that nobody has briefed."""
    today = timezone.localdate(now)
    occurrences = list(
        Occurrence.objects.filter(
            date__gte=today, date__lte=today + dt.timedelta(days=BRIEFING_DAYS_BEFORE)
        )
        .exclude(Exists(BriefingItem.objects.filter(briefing__occurrence=OuterRef("pk"))))
        .select_related("meeting")
    )
    leads = lead_user_ids() if occurrences else []
    for occurrence in occurrences:
        for user_id in leads:
            yield DueReminder(
                kind="briefing_due",
                subject=occurrence,
                recipient_id=user_id,
                due_on=occurrence.date - dt.timedelta(days=BRIEFING_DAYS_BEFORE),
                title=f"No briefing yet for {occurrence}",
                body="The representative goes in without the group's position or mandate. "
                "Write the briefing now.",
                url=reverse("representation:briefing", args=[occurrence.pk]),
            )


def _without_feedback(today: dt.date, days_after: int) -> list[Occurrence]:
    latest = today - dt.timedelta(days=days_after)
    return list(
        Occurrence.objects.filter(date__lte=latest, date__gte=latest - LOOK_BACK)
        .exclude(Exists(Feedback.objects.filter(occurrence=OuterRef("pk"))))
        .select_related("meeting")
    )


@reminder_source("feedback_due")
def feedback_due(now: dt.datetime) -> Iterable[DueReminder]:
    """The day after an occurrence, its representatives are asked for feedback."""
    occurrences = _without_feedback(timezone.localdate(now), FEEDBACK_DAYS_AFTER)
    representatives = _representative_user_ids(occurrences)
    for occurrence in occurrences:
        for user_id in representatives.get(occurrence.meeting_id, []):
            yield DueReminder(
                kind="feedback_due",
                subject=occurrence,
                recipient_id=user_id,
                due_on=occurrence.date + dt.timedelta(days=FEEDBACK_DAYS_AFTER),
                title=f"Please file feedback from {occurrence}",
                body="What was discussed, what was agreed and the actions arising: "
                "a few lines is enough.",
                url=reverse("representation:feedback-create", args=[occurrence.pk]),
            )


@reminder_source("feedback_missing")
def feedback_missing(now: dt.datetime) -> Iterable[DueReminder]:
    """Three days after an occurrence with no feedback, the leads are alerted."""
    occurrences = _without_feedback(timezone.localdate(now), FEEDBACK_ALERT_DAYS_AFTER)
    leads = lead_user_ids() if occurrences else []
    for occurrence in occurrences:
        for user_id in leads:
            yield DueReminder(
                kind="feedback_missing",
                subject=occurrence,
                recipient_id=user_id,
                due_on=occurrence.date + dt.timedelta(days=FEEDBACK_ALERT_DAYS_AFTER),
                title=f"Still no feedback from {occurrence}",
                body="Three days on, nothing has come back. Ask the representative.",
                url=reverse("representation:briefing", args=[occurrence.pk]),
            )


class _OpenActions:
    """Open actions as rows (owner's user id, occurrence label) and the reminders about them;
    what actions share (the link, each occurrence's label) is worked out once."""

    def __init__(self, kind: str, **filters) -> None:
        self.kind = kind
        self.rows = list(
            Action.objects.filter(status__in=OPEN_STATUSES, **filters)
            .order_by("due_on", "id")
            .values_list("id", "description", "due_on", "owner__user_id", "feedback__occurrence")
        )
        occurrences = Occurrence.objects.filter(pk__in={row[4] for row in self.rows})
        self.occurrences = {o.pk: str(o) for o in occurrences.select_related("meeting")}
        self.url = reverse("representation:action-list") + "?owner=me"

    def reminder(self, row: tuple, due_on: dt.date, title: str) -> DueReminder:
        action_id, description, _, user_id, occurrence_id = row
        return DueReminder(
            kind=self.kind,
            subject=Subject(Action, action_id),
            recipient_id=user_id,
            due_on=due_on,
            title=title,
            body=f"{description} (from {self.occurrences[occurrence_id]}). "
            "Update it in the actions tracker when it is done.",
            url=self.url,
        )


@reminder_source("action_due")
def actions_due(now: dt.datetime) -> Iterable[DueReminder]:
    """Owners are reminded 2 days before an open action is due."""
    today = timezone.localdate(now)
    actions = _OpenActions(
        "action_due",
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=ACTION_DAYS_BEFORE),
    )
    for row in actions.rows:
        description, due = row[1], row[2]
        title = f"Due on {due:%-d %B}: {description}"
        yield actions.reminder(row, due - dt.timedelta(days=ACTION_DAYS_BEFORE), title)


@reminder_source("action_overdue")
def actions_overdue(now: dt.datetime) -> Iterable[DueReminder]:
    """Once an open action is overdue its owner hears the next day, then once a week."""
    today = timezone.localdate(now)
    actions = _OpenActions("action_overdue", due_on__lt=today)
    for row in actions.rows:
        description, due = row[1], row[2]
        # The first reminder is keyed to the day after it fell due, later ones to the week.
        first = due + dt.timedelta(days=1)
        due_on = first if week_start(today) <= first else week_start(today)
        yield actions.reminder(row, due_on, f"Overdue since {due:%-d %B}: {description}")


@reminder_source("review_due")
def representatives_due_review(now: dt.datetime) -> Iterable[DueReminder]:
    """A representative with no review for six months is flagged to the leads."""
    people = reviews_due(today=timezone.localdate(now))
    leads = lead_user_ids() if people else []
    for person in people:
        due_on = person.review_due_on
        for user_id in leads:
            yield DueReminder(
                kind="review_due",
                subject=person,
                recipient_id=user_id,
                due_on=due_on,
                title=f"{person} has not been reviewed for six months",
                body="Review what worked, where they overstepped and where feedback was thin.",
                url=reverse("representation:review-history", args=[person.pk]),
            )
