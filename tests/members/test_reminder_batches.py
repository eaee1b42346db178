"""Reminders in batches: recorded in a constant number of queries, emailed at least once with a
stable Message-ID, a failed batch left for the next sweep, the sweep fanned out on one queue."""

from __future__ import annotations

import datetime as dt
from itertools import count, islice

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import TestCase, override_settings
from django.utils import timezone

from members.models import Notification, Organisation, OrganisationKind, Reminder, Seat
from members.reminders import (
    DueReminder,
    Subject,
    reminder_message_id,
    reminders_email,
    reminders_email_orphans,
    reminders_record,
)

DUE_ON = dt.date(2026, 11, 23)
_numbers = count()  # PCN codes unique across a test's calls


def _dues(world, how_many: int) -> list[DueReminder]:
    seats = Seat.objects.bulk_create(
        Seat(
            organisation=Organisation.objects.create(
                kind=OrganisationKind.PCN, name=f"Batch PCN {n}", ods_code=f"U{60000 + n}"
            )
        )
        for n in islice(_numbers, how_many)
    )
    chair = world.users["chair"]
    return [
        DueReminder("batch_test", seat, chair.id, DUE_ON, f"Seat {seat.pk}", "Body", "/group/")
        for seat in seats
    ]


def _record(dues) -> list[int]:
    """Record `dues`; the ids each batch handed on once committed."""
    batches: list[list[int]] = []
    with TestCase.captureOnCommitCallbacks(execute=True):
        reminders_record(dues, on_recorded=batches.append)
    return [reminder_id for batch in batches for reminder_id in batch]


class RefusingBackend(EmailBackend):
    """A mail server that cannot be reached."""

    def open(self):
        raise ConnectionRefusedError("no mail server")


class PickyBackend(EmailBackend):
    """A mail server that refuses one subject and takes the rest."""

    def send_messages(self, messages):
        if any(message.subject == "Seat refused" for message in messages):
            raise OSError("550 mailbox unavailable")
        return super().send_messages(messages)


@pytest.mark.django_db
def test_recording_a_batch_takes_the_same_queries_for_ten_reminders_or_a_hundred(
    world, django_assert_num_queries, django_capture_on_commit_callbacks
):
    few, many = _dues(world, 10), _dues(world, 100)
    _record(few[:1])  # the content type is looked up once per process
    with django_assert_num_queries(4):  # savepoint, reminders, notifications, release
        assert len(_record(few[1:])) == 9
    with django_assert_num_queries(4):
        assert len(_record(many)) == 100
    assert Notification.objects.filter(reminder__kind="batch_test").count() == 110


@pytest.mark.django_db
def test_recording_again_records_nothing_and_hands_on_nothing(world):
    dues = _dues(world, 5)
    assert len(_record(dues)) == 5
    assert _record(dues) == []
    assert _record(dues + dues) == []
    assert Reminder.objects.filter(kind="batch_test").count() == 5


@pytest.mark.django_db
def test_a_subject_named_by_model_and_key_is_the_same_reminder_as_the_instance(world):
    [due] = _dues(world, 1)
    assert len(_record([due])) == 1
    by_key = DueReminder(
        due.kind, Subject(Seat, due.subject.pk), due.recipient_id, DUE_ON, "t", "b"
    )
    assert _record([by_key]) == []


@pytest.mark.django_db
def test_emailing_a_batch_takes_the_same_queries_for_ten_or_a_hundred(
    world, django_assert_num_queries
):
    few, many = _record(_dues(world, 10)), _record(_dues(world, 100))
    with django_assert_num_queries(4):  # savepoint, claim and read, mark, release
        assert reminders_email(ids=few) == 10
    with django_assert_num_queries(4):
        assert reminders_email(ids=many) == 100
    assert len(mail.outbox) == 110
    with django_assert_num_queries(3):  # nothing left to claim
        assert reminders_email(ids=many) == 0


@pytest.mark.django_db
def test_every_reminder_email_has_a_message_id_made_from_the_reminder(world):
    ids = _record(_dues(world, 3))
    reminders_email(ids=ids)
    reminders = Reminder.objects.filter(id__in=ids)
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        f"<reminder-{r.id}.batch_test@127.0.0.1>" for r in reminders
    }
    message = mail.outbox[0].message()
    assert message["Message-ID"].startswith("<reminder-")
    assert mail.outbox[0].to == [world.users["chair"].email]
    assert mail.outbox[0].body.endswith("http://127.0.0.1:8000/group/")


@pytest.mark.django_db
def test_a_batch_the_mail_server_did_not_take_is_sent_by_the_next_sweep_as_the_same_messages(
    world,
):
    ids = _record(_dues(world, 4))
    with (
        override_settings(EMAIL_BACKEND=f"{__name__}.RefusingBackend"),
        pytest.raises(ConnectionRefusedError),
    ):
        reminders_email(ids=ids)
    assert Reminder.objects.filter(id__in=ids, emailed_at__isnull=True).count() == 4
    # Too recent to be an orphan: its own task may still be on the way.
    assert reminders_email_orphans(now=timezone.now()) == 0
    later = timezone.now() + dt.timedelta(minutes=3)
    assert reminders_email_orphans(now=later) == 4
    assert {m.extra_headers["Message-ID"] for m in mail.outbox} == {
        reminder_message_id(r.id, r.kind) for r in Reminder.objects.filter(id__in=ids)
    }
    assert not Reminder.objects.filter(id__in=ids, emailed_at__isnull=True).exists()
    # A day on, a reminder that could never be emailed is left alone (it is still listed).
    Reminder.objects.filter(id=ids[0]).update(emailed_at=None)
    assert reminders_email_orphans(now=timezone.now() + dt.timedelta(days=2)) == 0


@pytest.mark.django_db
def test_one_refused_email_neither_holds_back_nor_repeats_the_rest_of_its_batch(world):
    dues = _dues(world, 3)
    refused = DueReminder(
        "batch_test", dues[0].subject, world.users["admin_support"].id, DUE_ON, "Seat refused", ""
    )
    ids = _record([*dues, refused])
    with override_settings(EMAIL_BACKEND=f"{__name__}.PickyBackend"):
        assert reminders_email(ids=ids) == 3
        assert reminders_email_orphans(now=timezone.now() + dt.timedelta(minutes=3)) == 0
    assert sorted(m.subject for m in mail.outbox) == sorted(d.title for d in dues)
    waiting = Reminder.objects.filter(id__in=ids, emailed_at__isnull=True)
    assert [r.notification.title for r in waiting] == ["Seat refused"]


@pytest.mark.django_db
def test_a_reminder_with_no_address_is_settled_without_an_email(world):
    user = world.users["chair"]
    user.email = ""
    user.save(update_fields=["email"])
    person = world.people["chair"]
    person.contact_email = ""
    person.save(update_fields=["contact_email"])
    ids = _record(_dues(world, 2))
    assert reminders_email(ids=ids) == 0
    assert mail.outbox == []
    assert not Reminder.objects.filter(id__in=ids, emailed_at__isnull=True).exists()


@pytest.mark.django_db
def test_the_beat_task_sends_its_subtasks_to_the_queue_it_came_from(world, monkeypatch):
    from members import tasks
    from members.reminders import registered_sources

    sent = []
    monkeypatch.setattr(
        tasks.record_due_reminders_task,
        "apply_async",
        lambda kwargs, **options: sent.append((kwargs["kind"], kwargs["part"], options)),
    )
    tasks.send_due_reminders_task.apply(routing_key="faults-private")
    parts = settings.REMINDER_SWEEP_PARTS
    assert len(sent) == len(registered_sources()) * parts
    assert {options["queue"] for _, _, options in sent} == {"faults-private"}
    assert {(kind, part) for kind, part, _ in sent} == {
        (kind, part) for kind in registered_sources() for part in range(parts)
    }


@pytest.mark.django_db
def test_the_parts_of_a_source_share_its_reminders_without_overlap(world, monkeypatch):
    import members.reminders.registry as registry
    from members.reminders import reminders_record_source

    dues = _dues(world, 40)
    monkeypatch.setattr(registry, "_sources", {"batch_test": lambda now: dues})
    recorded = [
        reminders_record_source(
            kind="batch_test", now=timezone.now(), on_recorded=list, part=part, parts=3
        )
        for part in range(3)
    ]
    assert sum(recorded) == 40 and all(recorded)
    assert Reminder.objects.filter(kind="batch_test").count() == 40
