"""factory-boy factories for the ground floor; later apps add their own beside their tests."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from members.models import Organisation, OrganisationKind, Person, Seat


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.nhs.uk")
    password = factory.django.Password("correct-horse-battery")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    full_name = factory.Sequence(lambda n: f"Person {n}")
    job_title = "GP Partner"

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.add(*extracted)


class PCNFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PCN
    name = factory.Sequence(lambda n: f"PCN {n}")
    ods_code = factory.Sequence(lambda n: f"U{10000 + n:05d}")


class PracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.PRACTICE
    name = factory.Sequence(lambda n: f"Practice {n}")
    ods_code = factory.Sequence(lambda n: f"P{10000 + n:05d}")
    list_size = 8000
    pcn = factory.SubFactory(PCNFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    kind = OrganisationKind.ICB
    name = factory.Sequence(lambda n: f"Organisation {n}")


class SeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Seat

    organisation = factory.SubFactory(PCNFactory)
    holder = factory.SubFactory(PersonFactory)
