"""Fixtures of representation: a lead, a body with the representative, an occurrence."""

from __future__ import annotations

import pytest

from members.models import RoleKind
from members.services import role_assign

from .factories import AssignmentFactory, OccurrenceFactory, SystemMeetingFactory


def make_lead(world):
    """The PCN clinical director doubles as the representation lead in these tests."""
    person = world.people["pcn_clinical_director"]
    if not person.roles.active().filter(kind=RoleKind.REPRESENTATION_LEAD).exists():
        role_assign(person=person, kind=RoleKind.REPRESENTATION_LEAD)
    return person


def make_body(world, name: str = "Place-based partnership board"):
    meeting = SystemMeetingFactory(name=name)
    AssignmentFactory(meeting=meeting, person=world.people["representative"])
    return meeting


@pytest.fixture
def lead(world):
    return make_lead(world)


@pytest.fixture
def body(world):
    return make_body(world)


@pytest.fixture
def occurrence(body):
    return OccurrenceFactory(meeting=body)
