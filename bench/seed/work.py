"""The benchmark's requests (with their history) and priorities (rounds and ballots)."""

from __future__ import annotations

import datetime as dt
import random

from .common import Counts, bulk


def seed_inbox(counts: Counts, world: dict, people: dict, rng: random.Random, now) -> None:
    from inbox.models import Request, RequestEvent

    partners = world["partners"]
    gatekeeper = people["gatekeeper_user"]
    statuses = ["new", "resubmitted", "awaiting_requester", "triaged", "closed"]
    weights = [4, 1, 3, 30, 62]
    routes = ["meeting", "paper", "message", "more_work", "declined"]
    words = ["access", "discharge", "referral", "estates", "workforce", "vaccination", "digital"]
    rows = []
    for i in range(counts.n(50_000)):
        status = rng.choices(statuses, weights)[0]
        submitted = now - dt.timedelta(days=rng.uniform(0, 3 * 365))
        route = ""
        if status == "awaiting_requester":
            route = "more_work"
        elif status in ("triaged", "closed"):
            route = rng.choice(routes)
        topic = words[i % len(words)]
        rows.append(
            Request(
                partner=partners[i % len(partners)],
                requester_name=f"Requester {i}",
                requester_email=f"requester{i}@partner.example",
                title=f"Request {i} about {topic}",
                ask=f"Please support the {topic} work stream number {i}.",
                why_general_practice="Practices hold the list.",
                impact="Some workload for each practice.",
                respond_by=(submitted + dt.timedelta(days=30)).date(),
                token=f"bench-{i:08d}",
                submitted_at=submitted,
                status=status,
                route=route,
                triaged_by=gatekeeper if route else None,
                triaged_at=submitted + dt.timedelta(days=2) if route else None,
                closed_at=submitted + dt.timedelta(days=20) if status == "closed" else None,
                decline_reason="other" if route == "declined" else "",
                paper_audience="practices" if route == "paper" else "",
                paper_due_on=(submitted + dt.timedelta(days=14)).date()
                if route == "paper"
                else None,
                awaiting_since=submitted + dt.timedelta(days=2) if route == "more_work" else None,
            )
        )
    requests = bulk(Request, rows)
    events = []
    for request in requests:
        events.append(
            RequestEvent(
                request=request, at=request.submitted_at, actor_label="Requester", what="Submitted"
            )
        )
        if request.triaged_at:
            events.append(
                RequestEvent(
                    request=request,
                    at=request.triaged_at,
                    actor=gatekeeper,
                    actor_label="Bench Gatekeeper",
                    what=f"Triaged: {request.route}",
                )
            )
        if request.closed_at:
            events.append(
                RequestEvent(
                    request=request,
                    at=request.closed_at,
                    actor=gatekeeper,
                    actor_label="Bench Gatekeeper",
                    what="Closed",
                )
            )
    bulk(RequestEvent, events)


def seed_priorities(counts: Counts, world: dict, people: dict, rng: random.Random, now) -> list:
    from priorities.models import Ballot, BallotChoice, Priority, VotingRound

    adopted = bulk(
        Priority,
        [
            Priority(title=f"Adopted priority {i}", summary="Why.", status="adopted", rank=i + 1)
            for i in range(10)
        ],
    )
    candidates = bulk(
        Priority,
        [Priority(title=f"Candidate {i}", summary="Maybe.") for i in range(40)],
    )
    chair = people["chair_user"]
    practices = world["practices"]
    Candidates = VotingRound.candidates.through
    rounds, links = [], []
    for i in range(counts.n(40)):
        opens = now - dt.timedelta(days=30 * (i + 2))
        rounds.append(
            VotingRound(
                title=f"Round {i}",
                method="ranked",
                max_choices=3,
                opens_at=opens,
                closes_at=opens + dt.timedelta(days=14),
                closed_at=opens + dt.timedelta(days=14),
                opened_by=chair,
            )
        )
    big = VotingRound(
        title="Whole-region round",
        method="ranked",
        max_choices=20,
        opens_at=now - dt.timedelta(days=20),
        closes_at=now - dt.timedelta(days=5),
        closed_at=now - dt.timedelta(days=5),
        opened_by=chair,
    )
    # Open rounds closing within a day with no ballots yet: their reminders are owed.
    owed = [
        VotingRound(
            title=f"Closing soon {i}",
            method="approval",
            max_choices=3,
            opens_at=now - dt.timedelta(days=10),
            closes_at=now + dt.timedelta(hours=12),
            opened_by=chair,
        )
        for i in range(counts.n(8))
    ]
    rounds = bulk(VotingRound, [*rounds, big, *owed])
    big, closed = rounds[-len(owed) - 1], rounds[: -len(owed) - 1]
    ballots, picks = [], {}
    for voting_round in closed:
        chosen = rng.sample(candidates, 8)
        links += [Candidates(votinground=voting_round, priority=p) for p in chosen]
        for practice in practices:
            ballots.append(
                Ballot(
                    round=voting_round,
                    practice=practice,
                    cast_at=voting_round.opens_at + dt.timedelta(days=1),
                )
            )
            picks[(voting_round.pk, practice.pk)] = rng.sample(chosen, 3)
    big_candidates = candidates[:20]
    links += [Candidates(votinground=big, priority=p) for p in big_candidates]
    for practice in [*practices, *world["closed"]]:
        ballots.append(Ballot(round=big, practice=practice, cast_at=big.opens_at))
        order = big_candidates[:]
        rng.shuffle(order)
        picks[(big.pk, practice.pk)] = order
    for voting_round in owed:
        links += [Candidates(votinground=voting_round, priority=p) for p in candidates[:6]]
    bulk(Candidates, links)
    ballots = bulk(Ballot, ballots)
    choices = [
        BallotChoice(ballot=b, priority=p, rank=rank + 1)
        for b in ballots
        for rank, p in enumerate(picks[(b.round_id, b.practice_id)])
    ]
    bulk(BallotChoice, choices)
    return adopted + candidates
