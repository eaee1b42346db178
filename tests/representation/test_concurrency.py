"""Two people writing the same thing at once, on PostgreSQL with two connections."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from representation import services
from representation.models import Action, Feedback

from .factories import ActionFactory, AssignmentFactory, OccurrenceFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*jobs) -> list[object]:
    barrier = threading.Barrier(len(jobs))
    outcomes: list[object] = []

    def run(job) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes.append(job())
        except Exception as error:  # the loser's exception is the outcome we check
            outcomes.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_representatives_filing_at_once_one_wins_the_other_is_told_who(world, body):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two real connections racing")
    second = AssignmentFactory(meeting=body).person
    occurrence = OccurrenceFactory(meeting=body, date=dt.date.today())

    def file(person):
        return lambda: services.feedback_file(
            occurrence=occurrence,
            by=person,
            discussed=f"From {person}",
            actions=[{"description": "x", "owner": person, "due_on": dt.date(2030, 1, 1)}],
        )

    outcomes = _race(file(world.people["representative"]), file(second))
    kinds = sorted(type(o).__name__ for o in outcomes)
    assert kinds == ["Feedback", "FeedbackAlreadyFiled"]
    assert Feedback.objects.count() == 1 and Action.objects.count() == 1
    loser = next(o for o in outcomes if isinstance(o, services.FeedbackAlreadyFiled))
    assert str(Feedback.objects.get().filed_by) in loser.messages[0]


def test_two_stale_action_updates_at_once_never_overwrite_each_other(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two real connections racing")
    action = ActionFactory()
    seen = action.updated_at

    def update(status, person):
        return lambda: services.action_update(
            action=action, by=person, status=status, seen_updated_at=seen
        )

    outcomes = _race(
        update("done", world.people["admin_support"]),
        update("dropped", world.people["pcn_clinical_director"]),
    )
    assert sorted(type(o).__name__ for o in outcomes) == ["Action", "ActionChanged"]
