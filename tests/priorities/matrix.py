"""Permission expectations of priorities: general practice reads; the chair runs rounds."""

from __future__ import annotations

from priorities.models import VotingRound
from priorities.services import round_close

from ..permission_matrix import REDIRECT, Expect, general_practice, outcomes
from .factories import PriorityFactory, VotingRoundFactory

LEADERSHIP_ONLY = {"practice_contact": 403, "representative": 403}


def _priority(world) -> dict:
    return {"pk": PriorityFactory().pk}


def _open_round(world) -> dict:
    return {"pk": VotingRoundFactory().pk}


def _closed_round(world) -> dict:
    voting_round = VotingRoundFactory()
    round_close(voting_round=voting_round)
    return {"pk": voting_round.pk}


def _ballot(world) -> dict:
    return {"pk": VotingRoundFactory().pk, "practice_pk": world.practice.pk}


def _adopt_top(world) -> dict:
    voting_round = VotingRound.objects.order_by("-id").first()
    return {f"position_{p.id}": i for i, p in enumerate(voting_round.candidates.all(), start=1)}


def chair_only(allowed):
    return outcomes(403, chair=allowed)


EXPECTATIONS: dict[str, Expect] = {
    "priorities:priority-list": Expect(general_practice()),
    "priorities:priority-create": Expect(general_practice(**LEADERSHIP_ONLY)),
    "priorities:priority-edit": Expect(general_practice(**LEADERSHIP_ONLY), kwargs=_priority),
    "priorities:round-create": Expect(chair_only(200)),
    "priorities:round-detail": Expect(general_practice(), kwargs=_open_round),
    "priorities:round-close": Expect(chair_only(REDIRECT), kwargs=_open_round, method="post"),
    "priorities:ballot-cast": Expect(outcomes(403, practice_contact=200), kwargs=_ballot),
    "priorities:round-results": Expect(general_practice(), kwargs=_closed_round),
    # the chair adopts; the round stays adoptable, so every chair request redirects
    "priorities:round-adopt": Expect(
        chair_only(REDIRECT), kwargs=_closed_round, method="post", data=_adopt_top
    ),
    "priorities:results-csv": Expect(general_practice(), kwargs=_closed_round),
    "priorities:ballots-csv": Expect(
        outcomes(403, chair=200, admin_support=200), kwargs=_closed_round
    ),
}
