"""Factories for meetings, agenda items and decisions."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from decisions.models import AgendaItem, AgendaItemKind, LeadershipMeeting


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LeadershipMeeting

    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    location = "Riverside Health Centre, room 2"


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = AgendaItemKind.GP_BUSINESS
    title = factory.Sequence(lambda n: f"Item {n}")
    minutes = 15


def open_decision(world, *, title="Shared phlebotomy service", proposal="We run it together."):
    """A decision with its first round, opened by the chair, expecting the filled seats."""
    from decisions.services import decision_open

    return decision_open(
        title=title,
        question="Should PCNs share one phlebotomy service?",
        proposal=proposal,
        opened_by=world.users["chair"],
    )


def published_decision(world):
    """open_decision, supported by both PCN seats, agreed and published by the chair."""
    from decisions import services

    decision = open_decision(world)
    round_ = decision.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    services.decision_agree(decision=decision, agreed_by=world.users["chair"])
    return services.decision_publish(decision=decision, summary="Done.", published_by=None)
