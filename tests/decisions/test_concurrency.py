"""Concurrent writes on PostgreSQL: two seat holders at once lose nothing."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from decisions import services
from decisions.models import Position

from .factories import open_decision

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(*calls) -> list:
    barrier = threading.Barrier(len(calls))
    errors: list = []

    def run(call):
        try:
            barrier.wait(timeout=10)
            call()
        except Exception as error:  # collected and asserted on below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return errors


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (row locks and real concurrent connections)")


def test_two_seat_holders_recording_at_once_both_positions_are_kept(world):
    decision = open_decision(world)
    round_ = decision.rounds.get()
    errors = _race(
        lambda: services.position_record(
            round_=round_,
            seat=world.pcn.seat,
            stance="block",
            reason="Too costly",
            recorded_by=world.users["pcn_clinical_director"],
        ),
        lambda: services.position_record(
            round_=round_,
            seat=world.other_pcn.seat,
            stance="support",
            recorded_by=world.users["chair"],
        ),
    )
    assert errors == []
    stances = dict(Position.objects.filter(round=round_).values_list("seat_id", "stance"))
    assert stances == {world.pcn.seat.pk: "block", world.other_pcn.seat.pk: "support"}


def test_the_same_seat_from_two_places_at_once_keeps_one_position(world):
    decision = open_decision(world)
    round_ = decision.rounds.get()
    errors = _race(
        *(
            (
                lambda stance=stance: services.position_record(
                    round_=round_,
                    seat=world.pcn.seat,
                    stance=stance,
                    recorded_by=world.users["chair"],
                )
            )
            for stance in ("support", "live_with")
        )
    )
    assert errors == []
    assert Position.objects.filter(round=round_).count() == 1


def test_a_position_racing_a_new_round_is_never_lost_silently(world):
    decision = open_decision(world)
    first = decision.rounds.get()
    errors = _race(
        lambda: services.position_record(
            round_=first,
            seat=world.pcn.seat,
            stance="support",
            recorded_by=world.users["pcn_clinical_director"],
        ),
        lambda: services.decision_round_open(
            decision=decision, proposal="v2", opened_by=world.users["chair"]
        ),
    )
    saved = Position.objects.filter(round=first).exists()
    # either it was saved before the round closed, or its writer was told (a conflict)
    assert saved or [type(e).__name__ for e in errors] == ["Conflict"]
    assert decision.rounds.filter(closed_at__isnull=True).count() == 1
