"""Every write in representation: meetings, briefings, feedback, actions, reviews."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from members.audit import audit_record
from members.models import Notification, Person

from .models import (
    OPEN_STATUSES,
    Action,
    ActionStatus,
    Assignment,
    Briefing,
    BriefingItem,
    Feedback,
    FeedbackAgreement,
    MandateStatus,
    Occurrence,
    Review,
    SystemMeeting,
)

logger = logging.getLogger(__name__)


@transaction.atomic
def meeting_create(
    *, name: str, organiser: str, cadence: str, representatives: Iterable[Person] = ()
) -> SystemMeeting:
    meeting = SystemMeeting.objects.create(name=name, organiser=organiser, cadence=cadence)
    for person in representatives:
        Assignment.objects.create(meeting=meeting, person=person)
    return meeting


@transaction.atomic
def meeting_set_representatives(
    *, meeting: SystemMeeting, representatives: Iterable[Person]
) -> SystemMeeting:
    wanted = {person.pk for person in representatives}
    meeting.assignments.exclude(person_id__in=wanted).delete()
    have = set(meeting.assignments.values_list("person_id", flat=True))
    Assignment.objects.bulk_create(
        [Assignment(meeting=meeting, person_id=pk) for pk in sorted(wanted - have)]
    )
    return meeting


@transaction.atomic
def occurrence_create(
    *,
    meeting: SystemMeeting,
    date: dt.date,
    time: dt.time | None = None,
    papers_link: str = "",
    papers_file=None,
) -> Occurrence:
    occurrence = Occurrence(
        meeting=meeting, date=date, time=time, papers_link=papers_link, papers_file=papers_file
    )
    try:
        with transaction.atomic():
            occurrence.save()
    except IntegrityError as error:
        raise ValidationError(
            f"{meeting} already meets on {date:%-d %B %Y} at that time."
        ) from error
    return occurrence


@transaction.atomic
def briefing_item_add(
    *,
    occurrence: Occurrence,
    by: Person | None,
    title: str,
    position: str,
    mandate: str,
    priority=None,
    outcome_wanted: str = "",
) -> BriefingItem:
    """Add an item to the briefing; the representative must read the briefing again."""
    briefing, _ = Briefing.objects.select_for_update().get_or_create(
        occurrence=occurrence, defaults={"written_by": by}
    )
    item = BriefingItem.objects.create(
        briefing=briefing,
        title=title,
        position=position,
        mandate=mandate,
        priority=priority,
        outcome_wanted=outcome_wanted,
    )
    briefing.written_by = by
    briefing.read_at = None
    briefing.read_by = None
    briefing.save(update_fields=["written_by", "read_at", "read_by", "updated_at"])
    audit_record(
        actor=by.user if by else None,
        action="mandate",
        subject=item,
        summary=f"Mandate for “{title}” at {occurrence}: {item.get_mandate_display()}"[:500],
        changes={"mandate": mandate, "position": position},
    )
    return item


@transaction.atomic
def briefing_confirm_read(*, occurrence: Occurrence, by: Person) -> Briefing:
    briefing = Briefing.objects.select_for_update().filter(occurrence=occurrence).first()
    if briefing is None or not briefing.items.exists():
        raise ValidationError("There is no briefing to read yet.")
    briefing.read_at = timezone.now()
    briefing.read_by = by
    briefing.save(update_fields=["read_at", "read_by"])
    return briefing


class FeedbackAlreadyFiled(ValidationError):
    """Another person filed this occurrence's feedback first (a conflict, not a mistake)."""

    def __init__(self, feedback: Feedback) -> None:
        super().__init__(
            f"{feedback.filed_by} already filed feedback for this meeting at "
            f"{timezone.localtime(feedback.filed_at):%H:%M on %-d %B %Y}."
        )
        self.feedback = feedback


@transaction.atomic
def feedback_file(
    *,
    occurrence: Occurrence,
    by: Person,
    discussed: str,
    agreed: str = "",
    intelligence: str = "",
    agreements: Iterable[dict] = (),
    actions: Iterable[dict] = (),
) -> Feedback:
    """File feedback with its agreements and actions; outside-mandate items go to the group."""
    if occurrence.date > timezone.localdate():
        raise ValidationError(
            f"This meeting is on {occurrence.date:%-d %B}: file feedback once it has happened."
        )
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                occurrence=occurrence,
                filed_by=by,
                discussed=discussed,
                agreed=agreed,
                intelligence=intelligence,
            )
    except IntegrityError as error:
        existing = Feedback.objects.select_related("filed_by").get(occurrence=occurrence)
        raise FeedbackAlreadyFiled(existing) from error
    made = FeedbackAgreement.objects.bulk_create(
        [
            FeedbackAgreement(feedback=feedback, text=a["text"], mandate_status=a["mandate_status"])
            for a in agreements
        ]
    )
    Action.objects.bulk_create(
        [
            Action(
                feedback=feedback,
                description=a["description"],
                owner=a["owner"],
                due_on=a["due_on"],
                updated_by=by,
            )
            for a in actions
        ]
    )
    for agreement in made:
        if agreement.mandate_status == MandateStatus.OUTSIDE:
            agreement_offer_to_group(agreement=agreement, by=by)
    return feedback


def _agenda_item_add():
    """decisions' service, imported late so representation works before decisions exists."""
    from decisions.services import agenda_item_add  # noqa: PLC0415

    return agenda_item_add


@transaction.atomic
def agreement_offer_to_group(*, agreement: FeedbackAgreement, by: Person | None) -> bool:
    """Propose an outside-mandate agreement for the next leadership meeting.

    True when decisions took it; otherwise it stays flagged with the reason in
    `offer_problem`, and the lead can offer it again from the "for the group" list.
    """
    agreement = FeedbackAgreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.mandate_status != MandateStatus.OUTSIDE or agreement.agenda_item_id:
        return bool(agreement.agenda_item_id)
    feedback = agreement.feedback
    occurrence = feedback.occurrence
    try:
        add = _agenda_item_add()
        with transaction.atomic():
            item = add(
                meeting=None,
                kind="gp_business",
                title=f"Outside mandate at {occurrence.meeting}: {agreement.text}"[:200],
                description=(
                    f"At {occurrence} our representative agreed something outside the "
                    f"group's mandate and needs the group's view:\n\n{agreement.text}"
                ),
                minutes=10,
                lead=str(feedback.filed_by),
                source_label=f"Feedback from {occurrence}"[:200],
                source_url=f"{feedback.get_absolute_url()}#agreement-{agreement.pk}",
                proposed=True,
                added_by=getattr(by, "user", None),
            )
    except ValidationError as error:
        problem = " ".join(error.messages) or "No leadership meeting is planned."
        agreement.offer_problem = (
            f"Not yet on an agenda: {problem} Offer it again once a meeting is planned."
        )[:300]
        agreement.save(update_fields=["offer_problem"])
        return False
    except (ImportError, AttributeError, DatabaseError) as error:
        logger.warning("Agenda item for agreement %s not offered: %s", agreement.pk, error)
        agreement.offer_problem = "Not yet on an agenda: meetings are not ready to take items."
        agreement.save(update_fields=["offer_problem"])
        return False
    meeting = getattr(item, "meeting", None)
    agreement.agenda_item_id = item.pk
    agreement.agenda_item_label = (
        f"Proposed for {meeting}" if meeting is not None else "Proposed agenda item"
    )[:300]
    agreement.agenda_item_url = _meeting_url(meeting)[:300]
    agreement.offered_to_group_at = timezone.now()
    agreement.offer_problem = ""
    agreement.save(
        update_fields=[
            "agenda_item_id",
            "agenda_item_label",
            "agenda_item_url",
            "offered_to_group_at",
            "offer_problem",
        ]
    )
    return True


def _meeting_url(meeting) -> str:
    """Where the leadership meeting's page is, when decisions has one."""
    if meeting is None:
        return ""
    if hasattr(meeting, "get_absolute_url"):
        return meeting.get_absolute_url()
    try:
        return reverse("decisions:meeting-detail", args=[meeting.pk])
    except NoReverseMatch:
        return ""


class ActionChanged(ValidationError):
    """Someone else changed the action since the form was shown."""


@transaction.atomic
def action_update(
    *,
    action: Action,
    by: Person | None,
    status: str,
    due_on: dt.date | None = None,
    seen_updated_at: dt.datetime | None = None,
) -> Action:
    """Change an action's status (and date); refuse to overwrite a newer change."""
    action = (
        Action.objects.select_for_update(of=("self",))
        .select_related("updated_by")
        .get(pk=action.pk)
    )
    if seen_updated_at is not None and action.updated_at > seen_updated_at:
        who = action.updated_by or "someone"
        raise ActionChanged(
            f"{who} changed this action at "
            f"{timezone.localtime(action.updated_at):%H:%M on %-d %B}. Check it and try again."
        )
    action.status = status
    action.closed_at = None if status in OPEN_STATUSES else (action.closed_at or timezone.now())
    if due_on is not None:
        action.due_on = due_on
    action.updated_by = by
    action.save(update_fields=["status", "closed_at", "due_on", "updated_by", "updated_at"])
    return action


@transaction.atomic
def action_chase(*, action: Action, by: Person | None) -> Action:
    """Admin support chases the owner on the representative's behalf."""
    action = (
        Action.objects.select_for_update(of=("self",)).select_related("owner").get(pk=action.pk)
    )
    if action.status not in OPEN_STATUSES:
        raise ValidationError("This action is closed: there is nothing to chase.")
    action.chased_at = timezone.now()
    action.chased_by = by
    action.save(update_fields=["chased_at", "chased_by"])
    Notification.objects.create(
        recipient_id=action.owner.user_id,
        title=f"Please update: {action.description}",
        body=f"{by or 'Admin support'} asks for an update. It was due on {action.due_on:%-d %B}.",
        url="/representation/actions/?owner=me",
    )
    return action


def action_close(*, action: Action, by: Person | None) -> Action:
    return action_update(action=action, by=by, status=ActionStatus.DONE)


@transaction.atomic
def review_record(
    *,
    representative: Person,
    by: Person | None,
    reviewed_on: dt.date,
    what_worked: str,
    overstepped: str = "",
    thin_feedback: str = "",
    changes: str = "",
) -> Review:
    try:
        with transaction.atomic():
            return Review.objects.create(
                representative=representative,
                reviewed_by=by,
                reviewed_on=reviewed_on,
                what_worked=what_worked,
                overstepped=overstepped,
                thin_feedback=thin_feedback,
                changes=changes,
            )
    except IntegrityError as error:
        raise ValidationError(
            f"{representative} already has a review dated {reviewed_on:%-d %B %Y}."
        ) from error
