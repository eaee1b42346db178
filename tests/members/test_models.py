"""Organisations, seats and roles: validation in the users' words, constraints behind it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import LeadershipRole, Organisation, OrganisationKind, RoleKind
from members.services import role_assign, role_end

from ..factories import PCNFactory, PersonFactory, PracticeFactory, SeatFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "code", "ok"),
    [
        ("practice", "A81001", True),
        ("practice", "a81001", True),  # normalised to upper case
        ("practice", "U12345", True),  # any letter then five digits
        ("practice", "A8100", False),
        ("practice", "81001A", False),
        ("pcn", "U12345", True),
        ("pcn", "A81001", False),
        ("icb", "QWO", True),
        ("icb", "Q-W", False),
    ],
)
def test_ods_code_is_validated_by_kind(kind, code, ok):
    pcn = PCNFactory()
    extra = {"list_size": 5000, "pcn": pcn} if kind == "practice" else {}
    org = Organisation(name="X", kind=kind, ods_code=code, **extra)
    if ok:
        org.full_clean()
        assert org.ods_code == code.upper()
    else:
        with pytest.raises(ValidationError) as error:
            org.full_clean()
        assert "ODS code" in str(error.value)


def test_practice_needs_list_size_pcn_and_code_with_clear_messages():
    org = Organisation(name="Nowhere Surgery", kind=OrganisationKind.PRACTICE)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    messages = error.value.message_dict
    assert "list size" in messages["list_size"][0]
    assert "PCN" in messages["pcn"][0]
    assert "ODS code" in messages["ods_code"][0]


def test_database_refuses_a_practice_without_list_size():
    pcn = PCNFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(
            name="Bad", kind=OrganisationKind.PRACTICE, ods_code="A00001", list_size=0, pcn=pcn
        )


def test_database_refuses_a_badly_shaped_pcn_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Bad PCN", kind=OrganisationKind.PCN, ods_code="X1")


def test_ods_codes_are_unique():
    PracticeFactory(ods_code="A81001")
    with pytest.raises(IntegrityError), transaction.atomic():
        PracticeFactory(ods_code="A81001")


def test_only_practices_belong_to_a_pcn():
    pcn = PCNFactory()
    org = Organisation(name="Hospital", kind=OrganisationKind.ACUTE_TRUST, pcn=pcn, list_size=3)
    with pytest.raises(ValidationError) as error:
        org.full_clean()
    assert set(error.value.message_dict) == {"pcn", "list_size"}


def test_third_gatekeeper_is_refused_with_a_clear_message():
    first, second, third = PersonFactory.create_batch(3)
    role_assign(person=first, kind=RoleKind.GATEKEEPER)
    role_assign(person=second, kind=RoleKind.GATEKEEPER)
    with pytest.raises(ValidationError) as error:
        role_assign(person=third, kind=RoleKind.GATEKEEPER)
    message = error.value.messages[0]
    assert "two gatekeepers" in message
    assert first.full_name in message and second.full_name in message
    assert LeadershipRole.objects.active().filter(kind=RoleKind.GATEKEEPER).count() == 2


def test_database_refuses_a_third_gatekeeper_even_past_the_service():
    people = PersonFactory.create_batch(3)
    for slot, person in enumerate(people[:2], start=1):
        LeadershipRole.objects.create(person=person, kind=RoleKind.GATEKEEPER, slot=slot)
    for slot in (1, 2, 3, None):
        with pytest.raises(IntegrityError), transaction.atomic():
            LeadershipRole.objects.create(person=people[2], kind=RoleKind.GATEKEEPER, slot=slot)


def test_a_gatekeeper_whose_term_ended_frees_the_place():
    first, second, third = PersonFactory.create_batch(3)
    role = role_assign(person=first, kind=RoleKind.GATEKEEPER)
    role_assign(person=second, kind=RoleKind.GATEKEEPER)
    role_end(role=role)
    assert role_assign(person=third, kind=RoleKind.GATEKEEPER).slot == role.slot


def test_chair_must_hold_a_seat():
    person = PersonFactory()
    with pytest.raises(ValidationError, match="must hold a seat"):
        role_assign(person=person, kind=RoleKind.CHAIR)
    SeatFactory(holder=person)
    assert role_assign(person=person, kind=RoleKind.CHAIR).slot == 1


def test_only_one_chair_at_a_time():
    first, second = SeatFactory(), SeatFactory()
    role_assign(person=first.holder, kind=RoleKind.CHAIR)
    with pytest.raises(ValidationError, match="already has a chair"):
        role_assign(person=second.holder, kind=RoleKind.CHAIR)


def test_at_most_two_representation_leads_and_any_number_of_representatives():
    people = PersonFactory.create_batch(3)
    role_assign(person=people[0], kind=RoleKind.REPRESENTATION_LEAD)
    role_assign(person=people[1], kind=RoleKind.REPRESENTATION_LEAD)
    with pytest.raises(ValidationError):
        role_assign(person=people[2], kind=RoleKind.REPRESENTATION_LEAD)
    for person in people:
        role_assign(person=person, kind=RoleKind.REPRESENTATIVE)
    assert LeadershipRole.objects.active().filter(kind=RoleKind.REPRESENTATIVE).count() == 3


def test_a_person_holds_a_role_once():
    person = PersonFactory()
    role_assign(person=person, kind=RoleKind.ADMIN_SUPPORT)
    with pytest.raises(ValidationError, match="already admin support"):
        role_assign(person=person, kind=RoleKind.ADMIN_SUPPORT)


def test_a_seat_belongs_to_a_member_organisation_only():
    from members.models import Seat

    practice = PracticeFactory()
    with pytest.raises(ValidationError, match="Only PCNs"):
        Seat(organisation=practice).full_clean()
