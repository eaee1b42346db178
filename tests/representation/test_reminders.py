"""Representation's reminders under a controlled clock: right day, once, right person, stop."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from members.models import Reminder
from members.reminders import reminders_send_due
from representation import services

from .factories import (
    ActionFactory,
    AssignmentFactory,
    BriefingItemFactory,
    FeedbackFactory,
    OccurrenceFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def sweep(day: dt.date) -> list[tuple[str, int]]:
    """Run the beat sweep twice at 7am on `day`; return what was newly recorded."""
    before = set(Reminder.objects.values_list("id", flat=True))
    moment = dt.datetime.combine(day, dt.time(7), tzinfo=LONDON)
    with time_machine.travel(moment, tick=False):
        reminders_send_due(now=moment)
        assert reminders_send_due(now=moment) == 0  # a second run sends nothing
    return sorted(
        Reminder.objects.exclude(id__in=before)
        .exclude(kind="seat_vacant")
        .values_list("kind", "recipient_id")
    )


@pytest.fixture
def sitting(world, lead, body):
    return OccurrenceFactory(meeting=body, date=dt.date(2026, 12, 10))


def test_lead_hears_three_days_before_an_unbriefed_occurrence_once(world, lead, sitting):
    lead_id = world.users["pcn_clinical_director"].id
    assert sweep(dt.date(2026, 12, 6)) == []
    assert sweep(dt.date(2026, 12, 7)) == [("briefing_due", lead_id)]
    assert sweep(dt.date(2026, 12, 8)) == []


def test_briefing_reminder_stops_once_briefed(world, lead, sitting):
    BriefingItemFactory(briefing__occurrence=sitting)
    assert sweep(dt.date(2026, 12, 7)) == []


def test_representative_asked_for_feedback_the_day_after_and_lead_alerted_after_three(
    world, lead, sitting
):
    BriefingItemFactory(briefing__occurrence=sitting)
    representative_id = world.users["representative"].id
    lead_id = world.users["pcn_clinical_director"].id
    assert sweep(dt.date(2026, 12, 10)) == []
    assert sweep(dt.date(2026, 12, 11)) == [("feedback_due", representative_id)]
    assert sweep(dt.date(2026, 12, 12)) == []
    assert sweep(dt.date(2026, 12, 13)) == [("feedback_missing", lead_id)]
    assert sweep(dt.date(2026, 12, 14)) == []


def test_feedback_reminders_stop_when_feedback_is_filed(world, lead, sitting):
    BriefingItemFactory(briefing__occurrence=sitting)
    FeedbackFactory(occurrence=sitting, filed_by=world.people["representative"])
    assert sweep(dt.date(2026, 12, 11)) == []
    assert sweep(dt.date(2026, 12, 13)) == []


def test_action_owner_reminded_two_days_before_then_when_overdue_then_weekly(world):
    owner = world.people["admin_support"]
    action = ActionFactory(owner=owner, due_on=dt.date(2026, 12, 16))  # a Wednesday
    owner_id = owner.user_id
    assert sweep(dt.date(2026, 12, 13)) == []
    assert sweep(dt.date(2026, 12, 14)) == [("action_due", owner_id)]
    assert sweep(dt.date(2026, 12, 15)) == []
    assert sweep(dt.date(2026, 12, 16)) == []
    assert sweep(dt.date(2026, 12, 17)) == [("action_overdue", owner_id)]
    assert sweep(dt.date(2026, 12, 18)) == []
    assert sweep(dt.date(2026, 12, 21)) == [("action_overdue", owner_id)]  # next Monday
    assert sweep(dt.date(2026, 12, 23)) == []
    assert sweep(dt.date(2026, 12, 28)) == [("action_overdue", owner_id)]
    services.action_close(action=action, by=owner)
    assert sweep(dt.date(2027, 1, 4)) == []


def test_no_overdue_reminder_for_an_action_closed_in_time(world):
    action = ActionFactory(due_on=dt.date(2026, 12, 16))
    services.action_close(action=action, by=None)
    assert sweep(dt.date(2026, 12, 14)) == []
    assert sweep(dt.date(2026, 12, 17)) == []


def test_representative_unreviewed_for_six_months_is_flagged_to_leads(world, lead):
    person = world.people["representative"]
    AssignmentFactory(person=person, assigned_on=dt.date(2026, 1, 1))
    lead_id = world.users["pcn_clinical_director"].id
    assert sweep(dt.date(2026, 7, 2)) == []
    assert sweep(dt.date(2026, 7, 3)) == [("review_due", lead_id)]
    assert sweep(dt.date(2026, 7, 10)) == []
    services.review_record(
        representative=person, by=lead, reviewed_on=dt.date(2026, 7, 11), what_worked="Good"
    )
    assert sweep(dt.date(2026, 8, 1)) == []
    assert sweep(dt.date(2027, 1, 10)) == [("review_due", lead_id)]
