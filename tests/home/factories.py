"""A place with something waiting for every role, built at any size for query-count tests."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from decisions import services as decisions
from decisions.models import Decision
from members.models import Seat
from tests.decisions.factories import open_decision
from tests.inbox.factories import SystemRequestFactory
from tests.priorities.factories import VotingRoundFactory
from tests.representation.factories import (
    ActionFactory,
    AssignmentFactory,
    BriefingItemFactory,
    OccurrenceFactory,
)


def _all_support(world, decision: Decision) -> None:
    round_ = decision.rounds.get(closed_at__isnull=True)
    for seat in Seat.objects.filter(holder__isnull=False):
        decisions.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )


def agreed_decision(world, title: str) -> Decision:
    decision = open_decision(world, title=title)
    _all_support(world, decision)
    return decisions.decision_agree(decision=decision, agreed_by=world.users["chair"])


def published_decision(world, title: str) -> Decision:
    decision = agreed_decision(world, title)
    return decisions.decision_publish(
        decision=decision, summary=f"{title}: what it means.", published_by=world.users["chair"]
    )


def pending(world, *, copies: int = 1, tag: str = "") -> None:
    """`copies` of everything each persona should find on their home page."""
    representative = world.people["representative"]
    today = timezone.localdate()
    for n in range(copies):
        label = f"{tag}{n}"
        SystemRequestFactory(title=f"Untriaged {label}")
        open_decision(world, title=f"Awaiting positions {label}")
        ready = open_decision(world, title=f"Ready to agree {label}")
        _all_support(world, ready)
        agreed_decision(world, f"Agreed not published {label}")
        published_decision(world, f"Published {label}")
        VotingRoundFactory(title=f"Ballot {label}")
        meeting = AssignmentFactory(person=representative).meeting
        past = OccurrenceFactory(meeting=meeting, date=today - dt.timedelta(days=2 + n))
        upcoming = OccurrenceFactory(meeting=meeting, date=today + dt.timedelta(days=3 + n))
        BriefingItemFactory(briefing__occurrence=upcoming)
        ActionFactory(owner=representative, description=f"Act {label}")
        assert past.pk
