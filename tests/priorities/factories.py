"""Factories of priorities: candidates and voting rounds."""

from __future__ import annotations

import datetime as dt

import factory
from django.urls import reverse
from django.utils import timezone

from priorities.models import Priority, VotingRound


class PriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Priority

    title = factory.Sequence(lambda n: f"Priority {n:03d}")
    summary = "What it means for the practices."


class VotingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VotingRound
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Round {n}")
    method = "ranked"
    max_choices = 3
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))

    @factory.post_generation
    def candidates(self, create, extracted, **kwargs):
        if create:
            self.candidates.set(extracted or PriorityFactory.create_batch(4))


def ballot_url(round_, practice):
    """Where a practice casts (or changes) its ballot in a round."""
    return reverse("priorities:ballot-cast", args=[round_.pk, practice.pk])
