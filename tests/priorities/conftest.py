"""Fixtures of priorities: an open round with practices whose contacts can vote."""

from __future__ import annotations

import pytest

from members.services import practice_contact_grant

from ..factories import PersonFactory, PracticeFactory, UserFactory
from .factories import PriorityFactory, VotingRoundFactory


@pytest.fixture
def candidates(db):
    return [
        PriorityFactory(title=title)
        for title in (
            "Resilience support for practices",
            "Recruiting hard-to-find staff",
            "Stop work shifting from hospitals",
            "Campaign on new practice roles",
        )
    ]


@pytest.fixture
def ranked_round(world, candidates):
    return VotingRoundFactory(
        title="Priorities 2027", method="ranked", max_choices=3, candidates=candidates
    )


@pytest.fixture
def make_contact(world):
    """make_contact(practice=None, list_size=8000) → (user, practice) with the guardian grant."""

    def make(practice=None, list_size: int = 8000, username: str | None = None):
        practice = practice or PracticeFactory(pcn=world.pcn, list_size=list_size)
        user = UserFactory(**({"username": username} if username else {}))
        PersonFactory(user=user, organisations=[practice])
        practice_contact_grant(user=user, practice=practice)
        return user, practice

    return make
