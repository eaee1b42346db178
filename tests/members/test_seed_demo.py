"""The demo area: believable, complete, and unchanged by a second run."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Sum

from members.access import roles_for
from members.demo import DEMO_PASSWORD, LOGINS
from members.models import LeadershipRole, Organisation, OrganisationKind, Person, Seat

pytestmark = pytest.mark.django_db


def _snapshot() -> dict:
    User = get_user_model()
    return {
        "organisations": list(Organisation.objects.order_by("id").values()),
        "people": list(Person.objects.order_by("id").values()),
        "seats": list(Seat.objects.order_by("id").values()),
        "roles": list(LeadershipRole.objects.order_by("id").values()),
        "users": list(User.objects.order_by("id").values("id", "username", "password")),
        "memberships": list(Person.organisations.through.objects.order_by("id").values()),
    }


def test_seed_demo_builds_the_place_and_a_second_run_changes_nothing():
    call_command("seed_demo", "--quiet-logins")
    first = _snapshot()
    call_command("seed_demo", "--quiet-logins")
    assert _snapshot() == first

    practices = Organisation.objects.practices()
    assert Organisation.objects.pcns().count() == 6
    assert practices.count() == 30
    sizes = list(practices.values_list("list_size", flat=True))
    assert min(sizes) >= 3000 and max(sizes) <= 20000
    total = practices.aggregate(total=Sum("list_size"))["total"]
    assert 230_000 <= total <= 270_000
    assert Organisation.objects.filter(kind=OrganisationKind.FEDERATION).count() == 1
    assert Organisation.objects.filter(kind=OrganisationKind.LMC).count() == 1
    assert Organisation.objects.system_partners().count() == 5
    assert Seat.objects.filter(holder__isnull=True).count() == 0
    for organisation in Organisation.objects.all():
        organisation.full_clean()


def test_every_demo_login_works_and_has_its_role(client):
    call_command("seed_demo", "--quiet-logins")
    User = get_user_model()
    for login in [*LOGINS]:
        user = User.objects.get(username=login.username)
        assert user.check_password(DEMO_PASSWORD)
    roles = {
        login.username: roles_for(User.objects.get(username=login.username)) for login in LOGINS
    }
    assert roles["chair"].is_chair and roles["chair"].is_seat_holder
    assert roles["cd"].is_seat_holder and not roles["cd"].is_chair
    assert roles["gatekeeper"].is_gatekeeper
    assert roles["lead"].is_representation_lead
    assert roles["rep"].is_representative
    assert roles["support"].is_admin_support
    assert roles["practice"].is_practice_contact
    assert roles["partner"].is_system_partner
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_prints_the_logins(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    for login in LOGINS:
        assert login.username in out
