"""Reminders of decisions: acknowledgements chased at 3 and 7 days, commitments due, once each."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from decisions import services
from members.models import Reminder
from members.reminders import reminders_send_due

from .matrix import _agreed

pytestmark = pytest.mark.django_db


def _sent(kind: str) -> list[Reminder]:
    return list(Reminder.objects.filter(kind=kind).order_by("due_on"))


def test_unacknowledged_practices_are_chased_at_three_and_seven_days_once_each(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        decision = _agreed(world)
        services.decision_publish(decision=decision, summary="S", published_by=None)
    for days in (1, 3, 3, 5, 7, 7, 9):
        with time_machine.travel(start + dt.timedelta(days=days), tick=False):
            reminders_send_due()
    chased = _sent("decision_acknowledgement")
    assert [r.recipient for r in chased] == [world.users["practice_contact"]] * 2
    assert [(r.due_on - timezone.localdate(start)).days for r in chased] == [3, 7]


def test_an_acknowledged_practice_is_not_chased(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        decision = services.decision_publish(
            decision=_agreed(world), summary="S", published_by=None
        )
    ack = decision.acknowledgements.get(practice=world.practice)
    services.acknowledgement_record(acknowledgement=ack, via_link=True)
    with time_machine.travel(start + dt.timedelta(days=8), tick=False):
        reminders_send_due()
    assert _sent("decision_acknowledgement") == []


def test_commitments_due_within_a_week_and_overdue_are_reminded_once_each(world):
    today = timezone.localdate()
    decision = _agreed(world)
    services.commitment_add(
        decision=decision,
        scope="organisations",
        what="Host the hub",
        due_on=today + dt.timedelta(days=5),
        organisations=[world.pcn],
    )
    services.commitment_add(
        decision=decision,
        scope="organisations",
        what="Far away",
        due_on=today + dt.timedelta(days=30),
        organisations=[world.pcn],
    )
    reminders_send_due()
    reminders_send_due()
    assert [r.recipient for r in _sent("commitment_due")] == [world.users["pcn_clinical_director"]]
    with time_machine.travel(timezone.now() + dt.timedelta(days=6), tick=False):
        reminders_send_due()
        reminders_send_due()
    assert len(_sent("commitment_due")) == 2  # the "due soon" one and the "overdue" one


def test_done_commitments_are_not_reminded(world):
    commitment = services.commitment_add(
        decision=_agreed(world),
        scope="group",
        what="Review in three months",
        due_on=timezone.localdate() - dt.timedelta(days=1),
    )
    services.commitment_status_update(commitment=commitment, status="done", updated_by=None)
    reminders_send_due()
    assert _sent("commitment_due") == []
