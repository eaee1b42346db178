"""The reminder machinery: each reminder recorded exactly once, emailed in batches, never lost."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading

import pytest
import time_machine
from django.core import mail
from django.db import connection

from members.models import Notification, Reminder, Seat
from members.reminders import (
    DueReminder,
    registered_sources,
    reminder_send,
    reminders_send_due,
)

LONDON_MONDAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def vacant_seats(world):
    """The world has two vacant seats (LMC, federation); chair and admin support are told."""
    return world


@pytest.mark.django_db
def test_vacant_seat_reminders_go_once_to_chair_and_admin_support(
    vacant_seats, django_capture_on_commit_callbacks
):
    world = vacant_seats
    with (
        time_machine.travel(LONDON_MONDAY, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert reminders_send_due() == 4  # 2 vacant seats × (chair, admin support)
        assert reminders_send_due() == 0  # the job run twice sends nothing more
    assert len(mail.outbox) == 4
    recipients = sorted({message.to[0] for message in mail.outbox})
    assert recipients == sorted({world.users["chair"].email, world.users["admin_support"].email})
    assert "has no one in its seat" in mail.outbox[0].subject
    assert Notification.objects.filter(recipient=world.users["chair"]).count() == 2


@pytest.mark.django_db
def test_vacant_seat_reminder_comes_again_next_week_and_stops_when_filled(vacant_seats):
    world = vacant_seats
    with time_machine.travel(LONDON_MONDAY, tick=False):
        reminders_send_due()
    with time_machine.travel(LONDON_MONDAY + dt.timedelta(days=3), tick=False):
        assert reminders_send_due() == 0  # same week
    Seat.objects.filter(organisation=world.lmc).update(holder=world.people["chair"])
    with time_machine.travel(LONDON_MONDAY + dt.timedelta(days=7), tick=False):
        assert reminders_send_due() == 2  # only the federation seat remains empty
    assert Reminder.objects.count() == 6


@pytest.mark.django_db
def test_a_reminder_sent_twice_directly_is_recorded_once(world, django_capture_on_commit_callbacks):
    seat = Seat.objects.get(organisation=world.lmc)
    due = DueReminder(
        kind="test",
        subject=seat,
        recipient_id=world.users["chair"].id,
        due_on=dt.date(2026, 11, 25),
        title="Hello",
        body="Body",
        url="/group/",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminder_send(due) is not None
        assert reminder_send(due) is None
    assert len(mail.outbox) == 1
    assert "/group/" in mail.outbox[0].body


@pytest.mark.django_db
def test_a_source_that_yields_the_wrong_kind_is_a_bug(world, monkeypatch):
    import members.reminders.registry as machinery

    seat = Seat.objects.get(organisation=world.lmc)

    def wrong(now):
        yield DueReminder("other", seat, world.users["chair"].id, dt.date.today(), "t", "b")

    monkeypatch.setattr(machinery, "_sources", {**registered_sources(), "mine": wrong})
    with pytest.raises(ValueError, match="yielded"):
        reminders_send_due()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_reminder_job_run_twice_concurrently_sends_each_reminder_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections racing (CI runs it)")
    from tests.world import build_world

    world = build_world()
    barrier = threading.Barrier(2, timeout=20)
    import members.reminders.recording as recording
    import members.reminders.registry as registry

    original = recording._insert

    def racing_insert(model, *args):
        # Both workers have computed the same due batch; now they insert at the same moment.
        if model is Reminder:
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait()
        return original(model, *args)

    monkeypatch.setattr(recording, "_insert", racing_insert)
    # one source with one reminder makes the race exact
    seat = Seat.objects.get(organisation=world.lmc)
    monkeypatch.setattr(
        registry,
        "_sources",
        {
            "race": lambda now: [
                DueReminder(
                    "race", seat, world.users["chair"].id, dt.date(2026, 11, 25), "Race", "x"
                )
            ]
        },
    )
    results, errors = [], []

    def worker():
        try:
            results.append(reminders_send_due())
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert Reminder.objects.filter(kind="race").count() == 1
    assert [m.subject for m in mail.outbox].count("Race") == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_whole_sweep_run_by_two_workers_at_once_sends_each_reminder_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections racing (CI runs it)")
    from tests.world import build_world

    build_world()
    barrier = threading.Barrier(2, timeout=20)
    results = []

    def worker():
        barrier.wait()
        with time_machine.travel(LONDON_MONDAY, tick=False):
            results.append(reminders_send_due())
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sum(results) == 4
    assert Reminder.objects.count() == 4
    assert len(mail.outbox) == 4


def test_test_sources_do_not_leak_into_the_registry():
    assert "race" not in registered_sources()
    assert "seat_vacant" in registered_sources()
