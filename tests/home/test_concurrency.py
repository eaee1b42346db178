"""Two workers sending the weekly digest at once, on PostgreSQL with two connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from home.services import digest_send_weekly
from members.models import Reminder
from members.services import practice_contact_grant
from tests.factories import PersonFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_workers_racing_send_each_digest_once(world, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two real connections racing")
    for _ in range(5):
        practice_contact_grant(user=PersonFactory().user, practice=world.other_practice)
    barrier = threading.Barrier(2)
    sent: list[int] = []

    def run() -> None:
        try:
            barrier.wait(timeout=10)
            sent.append(digest_send_weekly())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sum(sent) == 6
    assert Reminder.objects.filter(kind="weekly_digest").count() == 6
    assert len(mailoutbox) == 6
    assert len({tuple(m.to) for m in mailoutbox}) == 6
