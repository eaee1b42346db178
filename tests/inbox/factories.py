"""Factories for requests and paper recipients."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from inbox.models import PaperRecipient, Request, Route, Status
from tests.factories import OrganisationFactory, PersonFactory


class SystemRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Request

    partner = factory.SubFactory(OrganisationFactory)
    requester_name = "Sam Patel"
    requester_email = "sam.patel@icb.nhs.uk"
    title = factory.Sequence(lambda n: f"Request {n}")
    ask = "Practices to take on phlebotomy for the hospital."
    why_general_practice = "Patients are registered with practices."
    impact = "About 20 appointments a week per practice."
    respond_by = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))


class PaperRequestFactory(SystemRequestFactory):
    status = Status.TRIAGED
    route = Route.PAPER
    paper_audience = "seats"
    paper_due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=7))
    triaged_at = factory.LazyFunction(timezone.now)


class PaperRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PaperRecipient

    request = factory.SubFactory(PaperRequestFactory)
    person = factory.SubFactory(PersonFactory)


def bulk_requests(world, n: int) -> None:
    """n requests from the ICB, bulk inserted (no signals: tell the queue's cache yourself)."""
    Request.objects.bulk_create(
        [
            Request(
                partner=world.icb,
                requester_name="Sam",
                requester_email="s@icb.nhs.uk",
                title=f"Request {i}",
                ask="Ask",
                why_general_practice="Why",
                impact="Impact",
                respond_by=timezone.localdate(),
                token=f"token-{n}-{i}",
                submitted_at=timezone.now() - dt.timedelta(days=i % 30),
            )
            for i in range(n)
        ]
    )
