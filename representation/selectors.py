"""Reads that representation's pages share, each with its joins so a page costs fixed queries."""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    Case,
    Exists,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from members.models import Person

from .models import (
    OPEN_STATUSES,
    Action,
    Assignment,
    Briefing,
    BriefingItem,
    Feedback,
    FeedbackAgreement,
    MandateStatus,
    Occurrence,
    SystemMeeting,
    action_is_closed,
)

FEEDBACK_WINDOW_DAYS = 60


def _with_flags(queryset: QuerySet[Occurrence]) -> QuerySet[Occurrence]:
    return (
        queryset.select_related("meeting")
        .prefetch_related(
            Prefetch(
                "meeting__assignments",
                queryset=Assignment.objects.select_related("person").order_by("person__full_name"),
            )
        )
        .annotate(
            has_briefing=Exists(BriefingItem.objects.filter(briefing__occurrence=OuterRef("pk"))),
            briefing_read=Exists(
                Briefing.objects.filter(occurrence=OuterRef("pk"), read_at__isnull=False)
            ),
            has_feedback=Exists(Feedback.objects.filter(occurrence=OuterRef("pk"))),
            has_representative=Exists(Assignment.objects.filter(meeting_id=OuterRef("meeting_id"))),
        )
    )


def occurrences_upcoming(*, today: dt.date) -> QuerySet[Occurrence]:
    return _with_flags(Occurrence.objects.filter(date__gte=today)).order_by("date", "time")


def occurrences_awaiting_feedback(*, today: dt.date) -> QuerySet[Occurrence]:
    """Recent past occurrences nobody has fed back on yet."""
    since = today - dt.timedelta(days=FEEDBACK_WINDOW_DAYS)
    return (
        _with_flags(Occurrence.objects.filter(date__lt=today, date__gte=since))
        .filter(has_feedback=False)
        .order_by("date", "time")
    )


def meetings_with_representatives() -> QuerySet[SystemMeeting]:
    return SystemMeeting.objects.filter(is_active=True).prefetch_related(
        Prefetch("assignments", queryset=Assignment.objects.select_related("person"))
    )


def outside_mandate_agreements() -> QuerySet[FeedbackAgreement]:
    """Agreements made outside the mandate: the group's to look at, newest first."""
    return (
        FeedbackAgreement.objects.filter(mandate_status=MandateStatus.OUTSIDE)
        .select_related("feedback__occurrence__meeting", "feedback__filed_by")
        .order_by("-feedback__filed_at", "-id")
    )


def feedback_search(*, query: str = "", meeting_id: int | None = None) -> QuerySet[Feedback]:
    """All feedback, the group's memory of what the system said, searchable in one place."""
    feedback = Feedback.objects.select_related("occurrence__meeting", "filed_by")
    if meeting_id:
        feedback = feedback.filter(occurrence__meeting_id=meeting_id)
    for word in query.split()[:8]:
        feedback = feedback.filter(
            Q(discussed__icontains=word)
            | Q(agreed__icontains=word)
            | Q(intelligence__icontains=word)
            | Q(occurrence__meeting__name__icontains=word)
            | Exists(
                FeedbackAgreement.objects.filter(feedback=OuterRef("pk"), text__icontains=word)
            )
        )
    return feedback.order_by("-occurrence__date", "-id")


def feedback_detail(feedback: Feedback) -> dict:
    return {
        "agreements": list(feedback.agreements.all()),
        "actions": list(feedback.actions.select_related("owner")),
    }


def briefing_items(occurrence: Occurrence) -> list[BriefingItem]:
    return list(
        BriefingItem.objects.filter(briefing__occurrence=occurrence).select_related("priority")
    )


def action_tracker(
    *,
    today: dt.date,
    owner_id: int | None = None,
    status: str = "",
    meeting_id: int | None = None,
    overdue_only: bool = False,
) -> QuerySet[Action]:
    """Every action across all meetings, overdue first, then by due date.

    Ordered by (closed, due date, id), which is the rank's order (an open action is overdue
    exactly when its due date is before today, so open ones by due date put the overdue
    first) and which the action_tracker_order index answers without sorting 20,000 rows.
    """
    actions = Action.objects.select_related("owner", "feedback__occurrence__meeting", "chased_by")
    if owner_id:
        actions = actions.filter(owner_id=owner_id)
    if status == "open":
        actions = actions.filter(status__in=OPEN_STATUSES)
    elif status:
        actions = actions.filter(status=status)
    if meeting_id:
        actions = actions.filter(feedback__occurrence__meeting_id=meeting_id)
    if overdue_only:
        actions = actions.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    return actions.annotate(
        rank=Case(
            When(status__in=OPEN_STATUSES, due_on__lt=today, then=Value(0)),
            When(status__in=OPEN_STATUSES, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
    ).order_by(action_is_closed(), "due_on", "id")  # as rank orders them: see below


def representatives_for_review() -> QuerySet[Person]:
    """Everyone assigned to a body, with the date of their last review."""
    return (
        Person.objects.filter(representation_assignments__isnull=False)
        .distinct()
        .annotate(last_reviewed=Max("representation_reviews__reviewed_on"))
        .order_by("full_name")
    )


REVIEW_EVERY = dt.timedelta(days=183)  # about six months


def reviews_due(*, today: dt.date) -> list[Person]:
    """Representatives whose last review (or first assignment) is six months old or more."""
    people = representatives_for_review().annotate(
        first_assigned=Min("representation_assignments__assigned_on")
    )
    due = []
    for person in people:
        since = person.last_reviewed or person.first_assigned
        person.review_due_on = since + REVIEW_EVERY
        if person.review_due_on <= today:
            due.append(person)
    return due


def action_owner_choices() -> QuerySet[Person]:
    """People who can own an action: representatives, leadership and admin support."""
    return (
        Person.objects.filter(
            Q(representation_assignments__isnull=False)
            | Q(roles__ended_on__isnull=True, roles__isnull=False)
            | Q(seats__is_active=True)
        )
        .distinct()
        .order_by("full_name")
    )
