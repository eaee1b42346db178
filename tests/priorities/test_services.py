"""Services of priorities: ballots (valid and every invalid kind), closing, adopting."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.utils import timezone

from priorities import services
from priorities.models import Ballot, BallotVersion, Priority, VotingRound

from .factories import PriorityFactory, VotingRoundFactory


def cast(round_, world, marks, user=None, practice=None, **extra):
    return services.ballot_cast(
        voting_round=round_,
        practice=practice or world.practice,
        user=user or world.users["practice_contact"],
        marks=marks,
        **extra,
    )


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_contact_casts_then_changes_the_ballot_and_the_history_is_kept(world, ranked_round):
    a, b, c, _ = ranked_round.candidates.order_by("id")
    cast(ranked_round, world, {a.id: 1, b.id: 2}, comment="Hard year", suggestion="Estates")
    ballot = cast(ranked_round, world, {c.id: 1})
    assert Ballot.objects.count() == 1
    assert ballot.version == 2
    assert [v.number for v in BallotVersion.objects.filter(ballot=ballot)] == [1, 2]
    assert list(ballot.choices.values_list("priority_id", "rank")) == [(c.id, 1)]
    assert BallotVersion.objects.get(number=1).choices == {str(a.id): 1, str(b.id): 2}


def test_too_many_picks_is_refused(world, ranked_round):
    ids = [p.id for p in ranked_round.candidates.all()]
    with pytest.raises(ValidationError) as error:
        cast(ranked_round, world, {pid: i for i, pid in enumerate(ids, start=1)})
    assert "You picked 4 priorities: pick at most 3." in message(error.value)


def test_duplicate_ranks_are_refused(world, ranked_round):
    a, b, *_ = ranked_round.candidates.all()
    with pytest.raises(ValidationError) as error:
        cast(ranked_round, world, {a.id: 1, b.id: 1})
    assert "You gave rank 1 to more than one priority." in message(error.value)


def test_ranks_with_gaps_are_refused(world, ranked_round):
    a, b, *_ = ranked_round.candidates.all()
    with pytest.raises(ValidationError) as error:
        cast(ranked_round, world, {a.id: 1, b.id: 3})
    assert "without gaps" in message(error.value)


def test_points_not_adding_up_are_refused(world, candidates):
    round_ = VotingRoundFactory(
        method="points", max_choices=None, points_budget=10, candidates=candidates
    )
    with pytest.raises(ValidationError) as error:
        cast(round_, world, {candidates[0].id: 6, candidates[1].id: 3})
    assert "Your points add up to 9: they must add up to exactly 10." in message(error.value)
    assert cast(round_, world, {candidates[0].id: 6, candidates[1].id: 4}).version == 1


def test_approval_over_the_limit_is_refused(world, candidates):
    round_ = VotingRoundFactory(method="approval", max_choices=2, candidates=candidates)
    with pytest.raises(ValidationError) as error:
        cast(round_, world, {c.id: 1 for c in candidates[:3]})
    assert "pick at most 2" in message(error.value)


def test_an_empty_ballot_is_refused(world, ranked_round):
    with pytest.raises(ValidationError, match="empty"):
        cast(ranked_round, world, {})


def test_a_priority_outside_the_round_is_refused(world, ranked_round):
    with pytest.raises(ValidationError, match="not a candidate"):
        cast(ranked_round, world, {PriorityFactory().id: 1})


def test_a_closed_round_refuses_ballots(world, ranked_round):
    a = ranked_round.candidates.first()
    services.round_close(voting_round=ranked_round)
    with pytest.raises(ValidationError) as error:
        cast(ranked_round, world, {a.id: 1})
    assert "ballots can no longer be cast or changed" in message(error.value)


def test_a_round_past_its_closing_time_refuses_ballots_before_the_job_runs(world, ranked_round):
    a = ranked_round.candidates.first()
    with pytest.raises(ValidationError, match="closed"):
        cast(ranked_round, world, {a.id: 1}, now=ranked_round.closes_at)


def test_a_practice_you_do_not_act_for_is_refused(world, ranked_round):
    a = ranked_round.candidates.first()
    with pytest.raises(ValidationError, match="do not act for this practice"):
        cast(ranked_round, world, {a.id: 1}, practice=world.other_practice)
    with pytest.raises(ValidationError, match="do not act for this practice"):
        cast(ranked_round, world, {a.id: 1}, user=world.users["chair"])


def test_the_database_refuses_a_second_ballot_for_a_practice(world, ranked_round):
    cast(ranked_round, world, {ranked_round.candidates.first().id: 1})
    with pytest.raises(IntegrityError):
        Ballot.objects.create(round=ranked_round, practice=world.practice, cast_at=timezone.now())


def test_closing_due_rounds_is_safe_to_run_twice(world, ranked_round):
    later = ranked_round.closes_at + dt.timedelta(minutes=1)
    assert services.rounds_close_due(now=later - dt.timedelta(days=2)) == 0
    assert services.rounds_close_due(now=later) == 1
    assert services.rounds_close_due(now=later) == 0
    ranked_round.refresh_from_db()
    assert ranked_round.closed_at == later


def test_the_beat_task_closes_due_rounds(world, ranked_round):
    from priorities.tasks import close_due_rounds_task

    with time_machine.travel(ranked_round.closes_at + dt.timedelta(seconds=5)):
        assert close_due_rounds_task() == 1
        assert close_due_rounds_task() == 0


def test_the_chair_adopts_a_set_in_order_and_the_old_list_retires(world, ranked_round):
    old = PriorityFactory(status="adopted", rank=1)
    a, b, c, _ = ranked_round.candidates.order_by("id")
    with pytest.raises(ValidationError, match="once the round has closed"):
        services.round_adopt(voting_round=ranked_round, priority_ids=[a.id])
    services.round_close(voting_round=ranked_round)
    services.round_adopt(voting_round=ranked_round, priority_ids=[c.id, a.id, b.id])
    assert list(Priority.objects.adopted().values_list("id", "rank")) == [
        (c.id, 1),
        (a.id, 2),
        (b.id, 3),
    ]
    old.refresh_from_db()
    assert old.status == "retired" and old.rank is None
    assert VotingRound.objects.get().adopted_at is not None


def test_a_round_needs_two_candidates_and_a_closing_after_opening(world, candidates):
    now = timezone.now()
    with pytest.raises(ValidationError, match="close after it opens"):
        services.round_open(
            by=None,
            title="x",
            candidates=candidates,
            opens_at=now,
            closes_at=now,
            method="ranked",
            max_choices=3,
        )
    with pytest.raises(ValidationError, match="at least two"):
        services.round_open(
            by=None,
            title="x",
            candidates=candidates[:1],
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
            method="ranked",
            max_choices=3,
        )


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_ballots_for_a_practice_leave_exactly_one(world, ranked_round):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two connections racing")
    a, b, *_ = ranked_round.candidates.all()
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def vote(marks):
        from django.db import connections

        try:
            barrier.wait()
            cast(ranked_round, world, marks)
        except BaseException as error:  # collected and asserted below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(m,)) for m in ({a.id: 1}, {b.id: 1})]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Ballot.objects.filter(round=ranked_round, practice=world.practice).count() == 1
    ballot = Ballot.objects.get()
    assert ballot.version == 2
    assert BallotVersion.objects.filter(ballot=ballot).count() == 2
    assert ballot.choices.count() == 1
