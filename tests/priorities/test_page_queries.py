"""Query counts of the priorities pages: the same at two sizes, bounded at 1,000 × 20."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Organisation, OrganisationKind
from priorities import selectors, services
from priorities.models import Ballot, BallotChoice, Priority

from .factories import PriorityFactory, VotingRoundFactory, ballot_url


def _populate(world, practices: int, candidates: int, method: str = "ranked"):
    """A closed round with `practices` ballots built with bulk_create."""
    pcn = world.pcn
    start = Organisation.objects.count()
    orgs = Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.PRACTICE,
            name=f"Bulk practice {start + i}",
            ods_code=f"B{start + i:05d}",
            list_size=2000 + (i * 37) % 15000,
            pcn=pcn,
        )
        for i in range(practices)
    )
    priorities = Priority.objects.bulk_create(
        Priority(title=f"Bulk priority {start + i:03d}", summary="x") for i in range(candidates)
    )
    round_ = VotingRoundFactory(
        method=method,
        max_choices=5,
        candidates=priorities,
        opens_at=timezone.now() - dt.timedelta(days=3),
    )
    now = timezone.now()
    ballots = Ballot.objects.bulk_create(
        Ballot(round=round_, practice=org, cast_at=now) for org in orgs
    )
    rng = random.Random(5)
    BallotChoice.objects.bulk_create(
        BallotChoice(ballot=ballot, priority=priority, rank=rank)
        for ballot in ballots
        for rank, priority in enumerate(rng.sample(priorities, 5), start=1)
    )
    services.round_close(voting_round=round_)
    return round_


@pytest.mark.parametrize("size", [(3, 6), (30, 10)])
def test_results_page_issues_the_same_queries_at_two_sizes(
    world, login, django_assert_num_queries, size
):
    round_ = _populate(world, *size)
    client = login(world.users["chair"])
    url = reverse("priorities:round-results", args=[round_.pk])
    client.get(url)  # warm the session and content types
    with django_assert_num_queries(11):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [(3, 6), (30, 10)])
def test_the_round_page_issues_the_same_queries_at_two_sizes(
    world, login, django_assert_num_queries, size
):
    round_ = _populate(world, *size)
    client = login(world.users["chair"])
    detail = reverse("priorities:round-detail", args=[round_.pk])
    client.get(detail)
    with django_assert_num_queries(9):
        assert client.get(detail).status_code == 200


def test_the_priorities_page_issues_the_same_queries_with_more_priorities_and_rounds(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users["chair"])
    url = reverse("priorities:priority-list")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    round_ = _populate(world, 3, 6)
    services.round_adopt(
        voting_round=round_, priority_ids=list(round_.candidates.values_list("id", flat=True)[:2])
    )
    client.get(url)
    small = queries()
    bigger = _populate(world, 10, 10)
    services.round_adopt(
        voting_round=bigger, priority_ids=list(bigger.candidates.values_list("id", flat=True)[:6])
    )
    PriorityFactory.create_batch(5)
    assert queries() == small


def test_results_for_1000_practices_and_20_candidates_take_a_bounded_number_of_queries(
    world, django_assert_max_num_queries
):
    round_ = _populate(world, 1000, 20)
    with django_assert_max_num_queries(4):
        results = selectors.round_results(round_)
    assert results.ballots == 1000
    assert len(results.rows) == 20
    assert sum(row.score for row in results.rows) == pytest.approx(1000 * (5 + 4 + 3 + 2 + 1))


@pytest.mark.parametrize("count", [3, 12])
def test_the_ballot_page_issues_the_same_queries_at_two_sizes(
    world, login, django_assert_num_queries, count
):
    round_ = VotingRoundFactory(candidates=PriorityFactory.create_batch(count))
    client = login(world.users["practice_contact"])
    client.get(ballot_url(round_, world.practice))
    with django_assert_num_queries(9):
        assert client.get(ballot_url(round_, world.practice)).status_code == 200


@pytest.mark.parametrize("size", [(3, 6), (30, 10)])
def test_the_ballots_csv_issues_the_same_queries_at_two_sizes(
    world, login, django_assert_num_queries, size
):
    round_ = _populate(world, *size)
    client = login(world.users["chair"])
    url = reverse("priorities:ballots-csv", args=[round_.pk])
    client.get(url)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200
