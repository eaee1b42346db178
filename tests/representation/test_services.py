"""Representation's services: briefing, feedback with agreements and actions, actions, reviews."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from members.models import Notification
from representation import services
from representation.models import Action, ActionStatus, FeedbackAgreement

from .factories import ActionFactory, FeedbackFactory, OccurrenceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def occurrence(body):
    return OccurrenceFactory(meeting=body, date=dt.date.today())


def _file(world, occurrence, **extra):
    return services.feedback_file(
        occurrence=occurrence,
        by=world.people["representative"],
        discussed="Winter plan",
        agreements=[
            {"text": "Host the hub", "mandate_status": "within"},
            {"text": "Take on phlebotomy", "mandate_status": "outside"},
        ],
        actions=[
            {
                "description": "Send list",
                "owner": world.people["admin_support"],
                "due_on": dt.date(2030, 1, 5),
            },
            {
                "description": "Call ICB",
                "owner": world.people["representative"],
                "due_on": dt.date(2030, 1, 9),
            },
        ],
        **extra,
    )


def test_adding_a_briefing_item_asks_the_representative_to_read_it_again(world, lead, occurrence):
    services.briefing_item_add(
        occurrence=occurrence, by=lead, title="Hubs", position="Support", mandate="may_agree"
    )
    briefing = services.briefing_confirm_read(
        occurrence=occurrence, by=world.people["representative"]
    )
    assert briefing.read_at is not None
    services.briefing_item_add(
        occurrence=occurrence, by=lead, title="Estates", position="Oppose", mandate="oppose"
    )
    briefing.refresh_from_db()
    assert briefing.read_at is None and briefing.items.count() == 2


def test_confirming_an_empty_briefing_is_refused(world, occurrence):
    with pytest.raises(ValidationError, match="no briefing"):
        services.briefing_confirm_read(occurrence=occurrence, by=world.people["representative"])


def test_feedback_before_the_meeting_has_happened_is_refused(world, body):
    future = OccurrenceFactory(meeting=body, date=dt.date.today() + dt.timedelta(days=2))
    with pytest.raises(ValidationError, match="once it has happened"):
        _file(world, future)


def test_feedback_keeps_outside_mandate_flagged_when_no_meeting_is_planned(world, occurrence):
    feedback = _file(world, occurrence)
    assert feedback.actions.count() == 2
    outside = FeedbackAgreement.objects.get(mandate_status="outside")
    assert outside.agenda_item_id is None
    assert outside.offered_to_group_at is None
    assert "Not yet on an agenda" in outside.offer_problem
    assert FeedbackAgreement.objects.get(mandate_status="within").offer_problem == ""


def test_outside_mandate_item_is_proposed_for_the_next_leadership_meeting(world, occurrence):
    decisions = pytest.importorskip("decisions.models")
    meeting = decisions.LeadershipMeeting.objects.create(
        starts_at=timezone.now() + dt.timedelta(days=10)
    )
    feedback = _file(world, occurrence)
    outside = FeedbackAgreement.objects.get(mandate_status="outside")
    item = decisions.AgendaItem.objects.get(pk=outside.agenda_item_id)
    assert item.meeting == meeting and item.is_proposed and item.kind == "gp_business"
    assert item.source_url == f"/representation/feedback/{feedback.pk}/#agreement-{outside.pk}"
    assert outside.offered_to_group_at is not None and outside.offer_problem == ""
    # offering again does not add a second item
    assert services.agreement_offer_to_group(agreement=outside, by=None)
    assert decisions.AgendaItem.objects.count() == 1


def test_second_feedback_for_an_occurrence_is_a_conflict_naming_who(world, occurrence):
    _file(world, occurrence)
    with pytest.raises(services.FeedbackAlreadyFiled, match="Dr Aisha Rahman already filed"):
        _file(world, occurrence)


def test_closing_an_action_records_when_and_reopening_clears_it(world):
    action = ActionFactory()
    services.action_close(action=action, by=world.people["admin_support"])
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.closed_at is not None
    services.action_update(action=action, by=None, status="open")
    action.refresh_from_db()
    assert action.closed_at is None


def test_the_database_refuses_a_done_action_without_a_closing_time(world):
    action = ActionFactory()
    with pytest.raises(IntegrityError):
        Action.objects.filter(pk=action.pk).update(status="done")


def test_a_stale_update_is_refused_with_who_changed_it(world):
    action = ActionFactory()
    seen = action.updated_at
    services.action_update(action=action, by=world.people["admin_support"], status="in_progress")
    with pytest.raises(services.ActionChanged, match="Karen Doyle changed this action"):
        services.action_update(action=action, by=None, status="done", seen_updated_at=seen)


def test_chasing_notifies_the_owner_and_closed_actions_are_not_chased(world):
    action = ActionFactory(owner=world.people["representative"])
    services.action_chase(action=action, by=world.people["admin_support"])
    assert Notification.objects.filter(recipient=world.users["representative"]).count() == 1
    services.action_close(action=action, by=None)
    with pytest.raises(ValidationError, match="closed"):
        services.action_chase(action=action, by=None)


def test_one_review_per_person_per_day(world, lead):
    person = world.people["representative"]
    services.review_record(
        representative=person, by=lead, reviewed_on=dt.date(2026, 1, 1), what_worked="Good"
    )
    with pytest.raises(ValidationError, match="already has a review"):
        services.review_record(
            representative=person, by=lead, reviewed_on=dt.date(2026, 1, 1), what_worked="x"
        )


def test_occurrence_twice_at_the_same_time_is_refused(world, body):
    occurrence = OccurrenceFactory(meeting=body)
    with pytest.raises(ValidationError, match="already meets"):
        services.occurrence_create(meeting=body, date=occurrence.date, time=occurrence.time)


def test_feedback_factory_works(world):
    assert FeedbackFactory().occurrence.date < dt.date.today()
