"""Everyone's home page: exactly their own pending items, most urgent first, in fixed queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions.models import Acknowledgement
from home.selectors import home_items
from members.access import roles_for
from members.services import practice_contact_grant
from priorities.models import Ballot
from tests.factories import PersonFactory, PracticeFactory
from tests.inbox.factories import SystemRequestFactory

from .factories import pending


def kinds_and_titles(user) -> set[tuple[str, str]]:
    groups = home_items(roles=roles_for(user))
    return {(item.kind, item.title) for group in groups for item in group.items}


EXPECTED = {
    "gatekeeper": {("Request to triage", "Untriaged 0")},
    "pcn_clinical_director": {
        ("Your position", "Awaiting positions 0"),
    },
    "chair": {
        ("Your position", "Awaiting positions 0"),
        ("Ready to agree", "Ready to agree 0"),
        ("Ready to publish", "Agreed not published 0"),
    },
    "practice_contact": {
        ("Open ballot", "Ballot 0"),
        ("Decision to acknowledge", "Published 0"),
    },
    "admin_support": set(),
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_sees_exactly_its_own_pending_items(world, role):
    pending(world)
    found = {(kind, title.split(": ")[-1]) for kind, title in kinds_and_titles(world.users[role])}
    assert found == EXPECTED[role]


def test_a_representative_sees_briefings_to_read_feedback_to_file_and_actions_due(world):
    pending(world)
    kinds = sorted(kind for kind, _ in kinds_and_titles(world.users["representative"]))
    assert kinds == ["Briefing to read", "Feedback to file", "Your action"]


def test_a_practice_contact_never_sees_another_practices_items(world):
    pending(world)
    other = PersonFactory(full_name="Omar Bridge")
    practice_contact_grant(user=other.user, practice=world.other_practice)
    Ballot.objects.create(
        round=world_round(), practice=world.practice, cast_at=timezone.now(), cast_by=None
    )
    Acknowledgement.objects.filter(practice=world.practice).update(acknowledged_at=timezone.now())
    assert kinds_and_titles(world.users["practice_contact"]) == set()
    details = [
        item.detail for group in home_items(roles=roles_for(other.user)) for item in group.items
    ]
    assert len(details) == 2
    assert all("Bridge End Surgery" in detail for detail in details)


def world_round():
    from priorities.models import VotingRound

    return VotingRound.objects.get()


def test_items_come_overdue_first_then_due_soon_then_the_rest(world):
    now = timezone.now()
    SystemRequestFactory(title="Old", submitted_at=now - dt.timedelta(days=20))
    SystemRequestFactory(title="New", submitted_at=now)
    groups = home_items(roles=roles_for(world.users["gatekeeper"]))
    assert [g.label for g in groups] == ["Overdue", "Due soon"]
    assert groups[0].items[0].title.endswith("Old")
    assert groups[1].items[0].title.endswith("New")


def test_home_page_offers_one_click_to_each_item(world, login):
    pending(world)
    client = login(world.users["practice_contact"])
    page = client.get(reverse("home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Hello, Linda Price" in html
    assert reverse("priorities:ballot-cast", args=[world_round().pk, world.practice.pk]) in html
    acknowledgement = Acknowledgement.objects.get(practice=world.practice)
    assert reverse("decisions:decision-acknowledge", args=[acknowledgement.decision_id]) in html
    assert "Confirm we have seen it" in html


def test_acknowledging_from_home_clears_the_item(world, login):
    pending(world)
    client = login(world.users["practice_contact"])
    acknowledgement = Acknowledgement.objects.get(practice=world.practice)
    url = reverse("decisions:decision-acknowledge", args=[acknowledgement.decision_id])
    assert client.post(url, {"practice": world.practice.pk}).status_code == 302
    kinds = {kind for kind, _ in kinds_and_titles(world.users["practice_contact"])}
    assert kinds == {"Open ballot"}


def test_an_empty_home_says_so_plainly(world, login):
    page = login(world.users["admin_support"]).get(reverse("home"))
    assert b"Nothing needs you right now" in page.content


def test_a_system_partner_sees_the_way_to_submit_and_their_own_requests(world, login):
    partner = world.users["system_partner"]
    mine = SystemRequestFactory(title="Our winter ask", requester_email=partner.email)
    SystemRequestFactory(title="Someone else's ask")
    page = login(partner).get(reverse("home"))
    html = page.content.decode()
    assert reverse("inbox:request-new") in html
    assert reverse("inbox:track", args=[mine.token]) in html
    assert "Our winter ask" in html
    assert "Someone else" not in html


@pytest.mark.parametrize(
    "role",
    [
        "gatekeeper",
        "chair",
        "practice_contact",
        "representative",
        "pcn_clinical_director",
        "admin_support",
        "system_partner",
    ],
)
def test_home_query_count_does_not_grow_with_the_data(world, login, role):
    client = login(world.users[role])
    partner = world.users["system_partner"]
    pending(world, copies=1, tag="a")
    SystemRequestFactory(requester_email=partner.email.upper(), title="Sent a")
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("home")).status_code == 200
    pending(world, copies=4, tag="b")
    SystemRequestFactory.create_batch(4, requester_email=partner.email, title="Sent b")
    SystemRequestFactory.create_batch(3, logged_by=partner, title="Logged b")
    PracticeFactory(pcn=world.pcn)
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse("home")).status_code == 200
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)
    assert len(small) <= 20


SCENARIOS = {
    "everyone supports": ["support", "support"],
    "one can live with it": ["support", "live_with"],
    "one stands aside": ["support", "stand_aside"],
    "everyone stands aside": ["stand_aside", "stand_aside"],
    "one has not answered": ["support"],
    "one has a concern": ["support", "concern"],
    "one blocks": ["block", "support"],
    "no one has answered": [],
}


def test_ready_to_agree_follows_the_consensus_rule_exactly(world):
    """The chair's home decides consensus in SQL: it must agree with decisions.rules."""
    from decisions.models import Position, Round
    from decisions.rules import consensus
    from members.models import Seat
    from tests.decisions.factories import open_decision

    seats = list(Seat.objects.filter(holder__isnull=False).order_by("id"))
    assert len(seats) == 2
    for title, stances in SCENARIOS.items():
        round_ = open_decision(world, title=title).rounds.get()
        round_.expected_seats.set(seats)
        for seat, stance in zip(seats, stances, strict=False):
            Position.objects.create(round=round_, seat=seat, stance=stance, reason="Because.")
    # A seat not expected still stops consensus by blocking, as consensus() counts it.
    outsider_block = open_decision(world, title="an unexpected seat blocks").rounds.get()
    outsider_block.expected_seats.set(seats[:1])
    Position.objects.create(round=outsider_block, seat=seats[0], stance="support")
    Position.objects.create(round=outsider_block, seat=seats[1], stance="block", reason="No.")
    nobody_expected = open_decision(world, title="no seat expected").rounds.get()
    nobody_expected.expected_seats.clear()

    expected = {
        round_.decision.title
        for round_ in Round.objects.filter(closed_at__isnull=True).select_related("decision")
        if consensus(
            round_.expected_seats.values_list("id", flat=True),
            dict(round_.positions.values_list("seat_id", "stance")),
        ).reached
    }
    assert expected == {"everyone supports", "one can live with it", "one stands aside"}
    ready = {t for kind, t in kinds_and_titles(world.users["chair"]) if kind == "Ready to agree"}
    assert ready == expected
