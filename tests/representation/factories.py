"""factory-boy factories for representation's tests."""

from __future__ import annotations

import datetime as dt

import factory

from representation.models import (
    Action,
    Assignment,
    Briefing,
    BriefingItem,
    Feedback,
    FeedbackAgreement,
    Occurrence,
    Review,
    SystemMeeting,
)
from tests.factories import PersonFactory


class SystemMeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemMeeting

    name = factory.Sequence(lambda n: f"Place partnership board {n}")
    organiser = "The ICB"


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    meeting = factory.SubFactory(SystemMeetingFactory)
    person = factory.SubFactory(PersonFactory)


class OccurrenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Occurrence

    meeting = factory.SubFactory(SystemMeetingFactory)
    date = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))
    time = dt.time(14, 0)


class BriefingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Briefing

    occurrence = factory.SubFactory(OccurrenceFactory)


class BriefingItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BriefingItem

    briefing = factory.SubFactory(BriefingFactory)
    title = "Same-day access hubs"
    position = "Support if funded recurrently."
    mandate = "may_agree"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    occurrence = factory.SubFactory(
        OccurrenceFactory, date=factory.LazyFunction(lambda: dt.date.today() - dt.timedelta(1))
    )
    filed_by = factory.SubFactory(PersonFactory)
    discussed = "Winter plan and same-day access."


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FeedbackAgreement

    feedback = factory.SubFactory(FeedbackFactory)
    text = "Practices will host the hub in January."
    mandate_status = "within"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    feedback = factory.SubFactory(FeedbackFactory)
    description = factory.Sequence(lambda n: f"Send the ICB the list {n}")
    owner = factory.SubFactory(PersonFactory)
    due_on = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=10))


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    representative = factory.SubFactory(PersonFactory)
    reviewed_on = factory.LazyFunction(dt.date.today)
    what_worked = "Clear feedback every time."
