"""roles_for: one statement that must say exactly what the ORM and django-guardian say."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from guardian.shortcuts import assign_perm, get_objects_for_user

from members.access import ACT_FOR_PRACTICE, roles_for
from members.models import LeadershipRole, Organisation, OrganisationKind, Person, RoleKind
from members.services import (
    organisation_deactivate,
    practice_contact_grant,
    practice_contact_revoke,
    role_assign,
    role_end,
    seat_assign,
)

from ..factories import PCNFactory, PersonFactory, PracticeFactory, SeatFactory, UserFactory

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user as the next request loads it: nothing remembered from this one."""
    return type(user).objects.get(pk=user.pk)


def orm_roles(user) -> dict:
    """The four ORM queries and guardian call roles_for stands for."""
    person = Person.objects.filter(user=user).first()
    seats = set(person.seats.filter(is_active=True).values_list("id", "organisation_id"))
    organisations = set(person.organisations.values_list("id", "kind"))
    practices = get_objects_for_user(
        user,
        ACT_FOR_PRACTICE,
        klass=Organisation.objects.filter(kind=OrganisationKind.PRACTICE, is_active=True),
        accept_global_perms=False,
    )
    return {
        "person_id": person.id,
        "role_kinds": set(
            LeadershipRole.objects.active().filter(person=person).values_list("kind", flat=True)
        ),
        "seat_ids": {seat for seat, _ in seats},
        "seat_organisation_ids": {organisation for _, organisation in seats},
        "organisation_ids": {organisation for organisation, _ in organisations},
        "organisation_kinds": {kind for _, kind in organisations},
        "practice_ids": set(practices.values_list("id", flat=True)),
    }


def sql_roles(user) -> dict:
    roles = roles_for(fresh(user))
    return {name: getattr(roles, name) for name in orm_roles(user)} | {"person_id": roles.person_id}


def test_every_persona_gets_what_the_orm_and_guardian_say(world):
    for user in world.users.values():
        if hasattr(user, "person"):
            assert sql_roles(user) == orm_roles(user), user.username


def test_roles_cost_the_person_and_one_statement(world):
    user = fresh(world.users["practice_contact"])
    with CaptureQueriesContext(connection) as queries:
        roles_for(user)
        roles_for(user)  # kept for the rest of the request
    assert len(queries) == 2


def test_practices_through_a_group_count_and_inactive_ones_do_not(world):
    person = PersonFactory()
    kept, closed, pcn = PracticeFactory(), PracticeFactory(), PCNFactory()
    group = Group.objects.create(name="Contacts of Kept")
    person.user.groups.add(group)
    assign_perm(ACT_FOR_PRACTICE, group, kept)
    practice_contact_grant(user=person.user, practice=closed)
    assign_perm(ACT_FOR_PRACTICE, person.user, pcn)  # a PCN is not a practice
    organisation_deactivate(organisation=closed)
    assert sql_roles(person.user) == orm_roles(person.user)
    assert roles_for(fresh(person.user)).practice_ids == {kept.id}


def test_a_superuser_acts_for_every_active_practice(world):
    person = PersonFactory(user=UserFactory(is_superuser=True))
    roles = roles_for(fresh(person.user))
    active = Organisation.objects.filter(kind=OrganisationKind.PRACTICE, is_active=True)
    assert roles.practice_ids == set(active.values_list("id", flat=True)) != set()
    assert sql_roles(person.user) == orm_roles(person.user)


def test_each_write_shows_on_the_next_request(world):
    """Ended roles, vacated or inactive seats and revoked practices stop counting at once."""
    person = PersonFactory(organisations=[world.lmc])
    practice = PracticeFactory()
    seat = SeatFactory(organisation=PCNFactory(), holder=person)
    role = role_assign(person=person, kind=RoleKind.GATEKEEPER)
    practice_contact_grant(user=person.user, practice=practice)
    roles = roles_for(fresh(person.user))
    assert roles.is_gatekeeper and roles.seat_ids == {seat.id}
    assert roles.practice_ids == {practice.id} and roles.organisation_ids == {world.lmc.id}

    role_end(role=role)
    seat_assign(seat=seat, holder=None)
    practice_contact_revoke(user=person.user, practice=practice)
    person.organisations.clear()
    roles = roles_for(fresh(person.user))
    assert not roles.is_gatekeeper and not roles.seat_ids and not roles.practice_ids
    assert not roles.organisation_ids and roles.is_system_partner


def test_a_user_without_a_profile_has_no_roles(world):
    user = UserFactory()
    roles = roles_for(fresh(user))
    assert roles.authenticated and roles.person_id is None
    assert not (roles.role_kinds or roles.seat_ids or roles.organisation_ids or roles.practice_ids)
