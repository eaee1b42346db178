"""Reminder sources of the inbox: each reminder goes out exactly once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from inbox import services
from inbox.models import Request, Route
from members.models import Reminder
from members.reminders import reminders_send_due

from .factories import PaperRecipientFactory, SystemRequestFactory

pytestmark = pytest.mark.django_db
WEDNESDAY = dt.datetime(2026, 12, 2, 8, tzinfo=dt.UTC)


def test_gatekeepers_get_one_daily_summary_of_untriaged_and_overdue(world, mailoutbox):
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=14), tick=False):
        SystemRequestFactory(partner=world.icb)
    with time_machine.travel(WEDNESDAY, tick=False):
        SystemRequestFactory(partner=world.icb)
        reminders_send_due(now=timezone.now())
        reminders_send_due(now=timezone.now())
    summary = Reminder.objects.get(kind="inbox_gatekeeper_summary")
    assert summary.recipient == world.users["gatekeeper"]
    assert summary.notification.title == "Requests: 2 waiting for triage, 1 overdue"
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=1), tick=False):
        reminders_send_due(now=timezone.now())
    assert Reminder.objects.filter(kind="inbox_gatekeeper_summary").count() == 2


def test_no_summary_when_nothing_waits(world):
    with time_machine.travel(WEDNESDAY, tick=False):
        reminders_send_due(now=timezone.now())
    assert not Reminder.objects.filter(kind="inbox_gatekeeper_summary").exists()


def test_paper_recipients_who_have_not_responded_are_chased_two_days_before(world):
    due = dt.date(2026, 12, 4)
    waiting = PaperRecipientFactory(
        request__partner=world.icb,
        request__paper_due_on=due,
        person=world.people["pcn_clinical_director"],
    )
    PaperRecipientFactory(
        request=waiting.request,
        person=world.people["chair"],
        response="noted",
        responded_at=timezone.now(),
    )
    with time_machine.travel(WEDNESDAY - dt.timedelta(days=1), tick=False):
        reminders_send_due(now=timezone.now())
    assert not Reminder.objects.filter(kind="inbox_paper_response").exists()
    with time_machine.travel(WEDNESDAY, tick=False):
        reminders_send_due(now=timezone.now())
        reminders_send_due(now=timezone.now())
    with time_machine.travel(WEDNESDAY + dt.timedelta(days=1), tick=False):
        reminders_send_due(now=timezone.now())
    chased = Reminder.objects.get(kind="inbox_paper_response")
    assert chased.recipient == world.users["pcn_clinical_director"]
    assert chased.due_on == dt.date(2026, 12, 2)


def test_requester_is_nudged_once_after_ten_days_on_more_work(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(WEDNESDAY, tick=False):
        item = SystemRequestFactory(partner=world.icb)
        services.request_triage(
            request=item,
            user=world.users["gatekeeper"],
            route=Route.MORE_WORK,
            response="Not yet",
            questions="The cost, please.",
        )
    with (
        time_machine.travel(WEDNESDAY + dt.timedelta(days=9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        reminders_send_due(now=timezone.now())
    assert not Request.objects.get(pk=item.pk).requester_nudged_at
    for days in (10, 10, 11, 20):
        with (
            time_machine.travel(WEDNESDAY + dt.timedelta(days=days), tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            reminders_send_due(now=timezone.now())
    nudges = [m for m in mailoutbox if "waiting for your answer" in m.subject]
    assert len(nudges) == 1
    assert nudges[0].to == ["sam.patel@icb.nhs.uk"] and "The cost, please." in nudges[0].body
    assert item.events.filter(what="Reminded the requester").count() == 1
