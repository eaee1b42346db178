"""Pages of decisions: plain and htmx requests, errors as 422/409, fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import selectors, services
from decisions.models import AgendaItemKind, Position
from members.models import Seat
from members.services import practice_contact_grant
from tests.factories import PCNFactory, PersonFactory, PracticeFactory, SeatFactory, UserFactory

from .factories import AgendaItemFactory, MeetingFactory, open_decision
from .matrix import _agreed, _published

pytestmark = pytest.mark.django_db


def _agenda(meeting, *titles):
    return [
        services.agenda_item_add(meeting=meeting, kind="gp_business", title=t, minutes=10)
        for t in titles
    ]


def test_agenda_shows_split_and_warns_when_system_items_exceed_the_cap(world, login):
    meeting = MeetingFactory(system_item_cap_minutes=20)
    services.agenda_item_add(meeting=meeting, kind="gp_business", title="Resilience", minutes=40)
    services.agenda_item_add(
        meeting=meeting, kind=AgendaItemKind.SYSTEM_ITEM, title="Frailty", minutes=25
    )
    response = login(world.users["chair"]).get(
        reverse("decisions:meeting-detail", args=[meeting.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="cap-warning"' in html and "5 over the group's cap of 20" in html
    assert "40 min" in html


def test_moving_an_item_with_htmx_returns_the_agenda_alone(world, login):
    meeting = MeetingFactory()
    a, b = _agenda(meeting, "First", "Second")
    client = login(world.users["chair"])
    url = reverse("decisions:agenda-item-move", args=[b.pk])
    response = client.post(url, {"direction": "up"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="agenda"')
    assert html.index("Second") < html.index("First")
    response = client.post(url, {"direction": "down"})
    assert response.status_code == 302


def test_agenda_page_has_a_fixed_number_of_queries(world, login, django_assert_num_queries):
    meeting = MeetingFactory()
    client = login(world.users["chair"])
    url = reverse("decisions:meeting-detail", args=[meeting.pk])
    _agenda(meeting, "a")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    assert len(small.captured_queries) <= 14
    _agenda(meeting, *"bcdefgh")
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(url)


def test_seat_holder_records_own_position_and_waiting_list_updates(world, login):
    decision = open_decision(world)
    client = login(world.users["pcn_clinical_director"])
    url = reverse("decisions:position-record", args=[decision.pk, world.pcn.seat.pk])
    prefix = f"seat{world.pcn.seat.pk}"
    response = client.post(
        url,
        {f"{prefix}-stance": "block", f"{prefix}-reason": "Too costly", f"{prefix}-round": 1},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Not yet given a position (1)" in html and "Hillcrest PCN" in html
    position = Position.objects.get()
    assert position.recorded_by == world.users["pcn_clinical_director"]
    # not their seat
    other = reverse("decisions:position-record", args=[decision.pk, world.other_pcn.seat.pk])
    assert client.post(other, {}).status_code == 403


def test_block_without_reason_is_422_with_the_form(world, login):
    decision = open_decision(world)
    client = login(world.users["chair"])
    url = reverse("decisions:position-record", args=[decision.pk, world.pcn.seat.pk])
    prefix = f"seat{world.pcn.seat.pk}"
    response = client.post(url, {f"{prefix}-stance": "block", f"{prefix}-round": 1})
    assert response.status_code == 422
    assert "why you block" in response.content.decode()


def test_position_on_wording_replaced_by_a_new_round_is_a_409(world, login):
    decision = open_decision(world)
    client = login(world.users["pcn_clinical_director"])
    services.decision_round_open(decision=decision, proposal="v2", opened_by=world.users["chair"])
    url = reverse("decisions:position-record", args=[decision.pk, world.pcn.seat.pk])
    prefix = f"seat{world.pcn.seat.pk}"
    response = client.post(url, {f"{prefix}-stance": "support", f"{prefix}-round": 1})
    assert response.status_code == 409
    assert "Round 1 closed at" in response.content.decode()
    assert not Position.objects.exists()


def test_waiting_list_partial_for_htmx_polling(world, login):
    decision = open_decision(world)
    url = reverse("decisions:decision-waiting", args=[decision.pk])
    response = login(world.users["gatekeeper"]).get(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="waiting"')
    assert "Not yet given a position (2)" in html


def test_chair_cannot_agree_without_consensus(world, login):
    decision = open_decision(world)
    response = login(world.users["chair"]).post(
        reverse("decisions:decision-agree", args=[decision.pk])
    )
    assert response.status_code == 422
    assert "have not given a position" in response.content.decode()


def test_publishing_twice_is_a_409_saying_when(world, login):
    decision = _published(world)
    response = login(world.users["chair"]).post(
        reverse("decisions:decision-publish", args=[decision.pk]), {"summary": "again"}
    )
    assert response.status_code in (409, 422)


def test_practice_contact_sees_published_decision_and_acknowledges_with_the_button(world, login):
    decision = _published(world)
    client = login(world.users["practice_contact"])
    url = reverse("decisions:decision-detail", args=[decision.pk])
    assert "Seen by 0 of 2 practices" in client.get(url).content.decode()
    client.post(
        reverse("decisions:decision-acknowledge", args=[decision.pk]),
        {"practice": world.practice.pk},
    )
    assert "Seen by 1 of 2 practices" in client.get(url).content.decode()


def test_forged_acknowledgement_link_is_refused_kindly(client, world):
    response = client.get(reverse("decisions:acknowledge-link", args=["not-a-token"]))
    assert response.status_code == 400
    assert "does not work" in response.content.decode()


def _grow(world, n: int) -> None:
    """n more seats (each with a holder), n more practices with contacts."""
    for _ in range(n):
        pcn = PCNFactory()
        SeatFactory(organisation=pcn)
        practice = PracticeFactory(pcn=pcn)
        practice_contact_grant(user=UserFactory(), practice=practice)
    PersonFactory()


def _full_decision(world, rounds: int):
    decision = open_decision(world)
    for number in range(rounds):
        current = decision.rounds.get(closed_at__isnull=True)
        for seat in Seat.objects.filter(holder__isnull=False):
            services.position_record(
                round_=current,
                seat=seat,
                stance="support" if number == rounds - 1 else "concern",
                reason="Needs costs",
                recorded_by=world.users["chair"],
            )
        if number < rounds - 1:
            services.decision_round_open(
                decision=decision, proposal=f"v{number + 2}", opened_by=world.users["chair"]
            )
    decision = services.decision_agree(decision=decision, agreed_by=world.users["chair"])
    services.commitment_add(
        decision=decision,
        scope="organisations",
        what="Host",
        due_on="2027-01-01",
        organisations=[world.pcn, world.other_pcn],
    )
    return services.decision_publish(decision=decision, summary="S", published_by=None)


@pytest.mark.parametrize("role", ["chair", "practice_contact"])
def test_decision_page_has_a_fixed_number_of_queries(
    world, login, django_assert_max_num_queries, django_assert_num_queries, role
):
    client = login(world.users[role])
    small = _full_decision(world, rounds=1)
    client.get(reverse("decisions:decision-detail", args=[small.pk]))
    with django_assert_max_num_queries(30) as captured:
        client.get(reverse("decisions:decision-detail", args=[small.pk]))
    count = len(captured.captured_queries)
    assert count <= 17  # session, user, roles (5), the page (9), the header's unread count
    _grow(world, 6)
    big = _full_decision(world, rounds=3)
    with django_assert_num_queries(count):
        response = client.get(reverse("decisions:decision-detail", args=[big.pk]))
    assert "Seen by 0 of 8 practices" in response.content.decode()


def test_register_filters_and_exports_csv(world, login):
    agreed = _agreed(world)
    open_decision(world, title="Still talking")
    client = login(world.users["chair"])
    html = client.get(reverse("decisions:decision-list"), {"status": "agreed"}).content.decode()
    assert agreed.title in html and "Still talking" not in html
    response = client.get(reverse("decisions:decision-export"), {"q": "talking"})
    assert response["Content-Type"].startswith("text/csv")
    assert "Still talking" in response.content.decode()
    assert agreed.title not in response.content.decode()


def test_practice_contact_register_shows_only_published_decisions(world, login):
    open_decision(world, title="Still talking")
    published = _published(world)
    html = (
        login(world.users["practice_contact"])
        .get(reverse("decisions:decision-list"))
        .content.decode()
    )
    assert published.title in html and "Still talking" not in html


def test_calendar_app_reads_the_feed_with_the_personal_token(world, client):
    from decisions.views.meetings import calendar_token

    MeetingFactory(title="March leadership meeting")
    url = reverse("decisions:meeting-calendar")
    assert client.get(url).status_code == 302
    assert client.get(url, {"token": "forged"}).status_code == 302
    response = client.get(url, {"token": calendar_token(world.users["practice_contact"])})
    assert b"SUMMARY:March leadership meeting" in response.content
    partner = client.get(url, {"token": calendar_token(world.users["system_partner"])})
    assert partner.status_code == 403


def test_calendar_feed_lists_meetings(world, login):
    MeetingFactory(title="March leadership meeting")
    response = login(world.users["practice_contact"]).get(reverse("decisions:meeting-calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:March leadership meeting" in response.content


def test_commitment_overview_filters_by_organisation(world, login):
    decision = _agreed(world)
    services.commitment_add(
        decision=decision,
        scope="organisations",
        what="Host the hub",
        due_on="2027-01-01",
        organisations=[world.other_pcn],
    )
    services.commitment_add(
        decision=decision, scope="all_practices", what="Book via the hub", due_on="2027-01-01"
    )
    client = login(world.users["chair"])
    html = client.get(
        reverse("decisions:commitment-list"), {"organisation": world.practice.pk}
    ).content.decode()
    assert "Book via the hub" in html and "Host the hub" not in html


def test_proposed_item_is_accepted_by_the_chair(world, login):
    item = AgendaItemFactory(is_proposed=True)
    login(world.users["chair"]).post(reverse("decisions:agenda-item-accept", args=[item.pk]))
    item.refresh_from_db()
    assert not item.is_proposed


@pytest.mark.parametrize("name", ["decisions:decision-list", "decisions:commitment-list"])
def test_register_and_commitments_have_a_fixed_number_of_queries(
    world, login, django_assert_num_queries, name
):
    client = login(world.users["chair"])
    _full_decision(world, rounds=1)
    client.get(reverse(name))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name))
    for _ in range(3):
        _full_decision(world, rounds=2)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_planning_a_meeting_without_a_date_is_422_with_the_form(world, login):
    response = login(world.users["admin_support"]).post(
        reverse("decisions:meeting-create"), {"title": "Leadership group meeting"}
    )
    assert response.status_code == 422
    assert "Enter the date and start time." in response.content.decode()


def test_chair_plans_a_meeting_and_notes_appear_on_the_printable_agenda(world, login):
    client = login(world.users["chair"])
    response = client.post(
        reverse("decisions:meeting-create"),
        {
            "title": "February meeting",
            "starts_at": "2027-02-10T18:30",
            "duration_minutes": 90,
            "location": "Bridge End",
            "status": "planned",
            "system_item_cap_minutes": 30,
            "chair": world.people["chair"].pk,
        },
    )
    assert response.status_code == 302
    meeting = selectors.meetings_planned().get(title="February meeting")
    item = services.agenda_item_add(
        meeting=meeting, kind="gp_business", title="Resilience", minutes=20
    )
    client.post(
        reverse("decisions:agenda-item-notes", args=[item.pk]), {"notes": "Agreed to pilot."}
    )
    html = client.get(reverse("decisions:meeting-print", args=[meeting.pk])).content.decode()
    assert "Resilience" in html and "Agreed to pilot." in html and 'media="print"' in html


def test_a_proposed_item_is_not_on_the_printable_agenda_until_accepted(world, login):
    meeting = MeetingFactory()
    services.agenda_item_add(
        meeting=meeting,
        kind="system_item",
        title="Offered by a representative",
        minutes=10,
        proposed=True,
        source_label="Feedback #4",
    )
    client = login(world.users["gatekeeper"])
    assert (
        "Offered by a representative"
        not in client.get(reverse("decisions:meeting-print", args=[meeting.pk])).content.decode()
    )
    assert (
        "awaiting the chair"
        in client.get(reverse("decisions:meeting-detail", args=[meeting.pk])).content.decode()
    )
