"""Writes for meetings, attendance and the agenda (other apps add items through here)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from members.models import Person, Seat

from ..models import (
    AgendaItem,
    AgendaItemKind,
    AgendaPaper,
    Attendance,
    LeadershipMeeting,
    MeetingStatus,
)
from ..selectors import meetings_planned

MEETING_FIELDS = (
    "title",
    "starts_at",
    "duration_minutes",
    "location",
    "online_link",
    "chair",
    "status",
    "system_item_cap_minutes",
)


@transaction.atomic
def meeting_create(
    *,
    starts_at: dt.datetime,
    duration_minutes: int = 120,
    title: str = "Leadership group meeting",
    location: str = "",
    online_link: str = "",
    chair: Person | None = None,
    system_item_cap_minutes: int = 30,
    status: str = MeetingStatus.PLANNED,
) -> LeadershipMeeting:
    meeting = LeadershipMeeting(
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
        online_link=online_link,
        chair=chair,
        system_item_cap_minutes=system_item_cap_minutes,
        status=status,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: LeadershipMeeting, **fields) -> LeadershipMeeting:
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise TypeError(f"meeting_update() got an unexpected field {name!r}")
        setattr(meeting, name, value)
    meeting.full_clean()
    meeting.save(update_fields=list(fields))
    return meeting


@transaction.atomic
def attendance_record(
    *, meeting: LeadershipMeeting, seat: Seat, status: str, recorded_by=None
) -> Attendance:
    attendance, _ = Attendance.objects.update_or_create(
        meeting=meeting, seat=seat, defaults={"status": status, "recorded_by": recorded_by}
    )
    return attendance


@transaction.atomic
def agenda_item_add(
    *,
    meeting: LeadershipMeeting | None,
    kind: str,
    title: str,
    description: str = "",
    minutes: int,
    lead: str = "",
    priority=None,
    source_label: str = "",
    source_url: str = "",
    proposed: bool = False,
    added_by=None,
) -> AgendaItem:
    """Append an item to a meeting's agenda; meeting=None means the next planned meeting."""
    if meeting is None:
        meeting = meetings_planned().first()
        if meeting is None:
            raise ValidationError(
                "No leadership meeting is planned. Ask the chair or admin support to plan one, "
                "then add the item to its agenda."
            )
    if kind not in AgendaItemKind.values:
        raise ValidationError(f"“{kind}” is not a kind of agenda item.")
    if not minutes or minutes <= 0:
        raise ValidationError("Give the item some time on the agenda, in minutes.")
    # Lock the meeting so two additions at once take consecutive positions.
    meeting = LeadershipMeeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status != MeetingStatus.PLANNED:
        raise ValidationError(
            f"The meeting on {meeting.starts_at:%d %B %Y} is "
            f"{meeting.get_status_display().lower()}: items can only be added to a planned meeting."
        )
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    return AgendaItem.objects.create(
        meeting=meeting,
        position=max(last, 0) + 1,
        kind=kind,
        title=title,
        description=description,
        minutes=minutes,
        lead=lead,
        priority=priority,
        is_proposed=proposed,
        source_label=source_label,
        source_url=source_url,
        added_by=added_by,
    )


ITEM_FIELDS = ("kind", "title", "description", "minutes", "lead", "priority")


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, **fields) -> AgendaItem:
    for name, value in fields.items():
        if name not in ITEM_FIELDS:
            raise TypeError(f"agenda_item_update() got an unexpected field {name!r}")
        setattr(item, name, value)
    item.save(update_fields=list(fields))
    return item


@transaction.atomic
def agenda_item_move(*, item: AgendaItem, direction: str) -> list[AgendaItem]:
    """Swap an item with its neighbour above ("up") or below ("down"); returns the agenda."""
    meeting = LeadershipMeeting.objects.select_for_update().get(pk=item.meeting_id)
    items = list(meeting.agenda_items.order_by("position"))
    index = next((i for i, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError("That item is no longer on this agenda.")
    other_index = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other_index < len(items):
        return items
    mine, theirs = items[index], items[other_index]
    first, second = mine.position, theirs.position
    # Through a free position, so the unique (meeting, position) holds at every step.
    AgendaItem.objects.filter(pk=mine.pk).update(position=-1)
    AgendaItem.objects.filter(pk=theirs.pk).update(position=first)
    AgendaItem.objects.filter(pk=mine.pk).update(position=second)
    mine.position, theirs.position = second, first
    items[index], items[other_index] = theirs, mine
    return items


@transaction.atomic
def agenda_item_accept(*, item: AgendaItem) -> AgendaItem:
    AgendaItem.objects.filter(pk=item.pk).update(is_proposed=False)
    item.is_proposed = False
    return item


@transaction.atomic
def agenda_item_notes_save(*, item: AgendaItem, notes: str) -> AgendaItem:
    item.notes = notes
    item.save(update_fields=["notes"])
    return item


@transaction.atomic
def agenda_paper_add(*, item: AgendaItem, title: str, file=None, url: str = "") -> AgendaPaper:
    if not file and not url:
        raise ValidationError("Upload a file or give a link to the paper.")
    paper = AgendaPaper(item=item, title=title, url=url)
    if file:
        paper.file = file
    paper.save()
    return paper
