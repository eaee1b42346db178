"""Every list page of decisions answers in the same number of queries at two sizes, and shows
the same things after the reads were made lean (values, correlated counts, no model rows)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from decisions import services
from decisions.models import Acknowledgement, Commitment, Decision, DecisionStatus
from members.models import Seat
from priorities.models import Priority

from .factories import AgendaItemFactory, MeetingFactory, open_decision
from .matrix import _published

pytestmark = pytest.mark.django_db


def _queries(client, url: str, data=None) -> int:
    client.get(url, data)  # warm: the session, the user's roles
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, data).status_code == 200
    return len(captured.captured_queries)


def _meetings(n: int) -> None:
    for _ in range(n):
        meeting = MeetingFactory()
        for _ in range(3):
            AgendaItemFactory(meeting=meeting)


def _published_with_commitments(world, n: int, *, priority=None) -> None:
    """n published decisions with two commitments each, written in bulk (the pages only read)."""
    now = timezone.now()
    decisions = Decision.objects.bulk_create(
        Decision(
            title=f"Shared phlebotomy service {i}",
            question="Should PCNs share one phlebotomy service?",
            status=DecisionStatus.AGREED,
            agreed_wording="We run it together.",
            agreed_at=now,
            published_at=now,
            priority=priority,
        )
        for i in range(n)
    )
    named = Commitment.objects.bulk_create(
        Commitment(decision=d, scope="organisations", what="Host the clinic", due_on="2027-01-01")
        for d in decisions
    )
    Commitment.objects.bulk_create(
        Commitment(decision=d, scope="all_practices", what="Share rotas", due_on="2027-02-01")
        for d in decisions
    )
    through = Commitment.organisations.through
    through.objects.bulk_create(
        through(commitment=c, organisation=o) for c in named for o in (world.pcn, world.practice)
    )


def test_meetings_list_has_the_same_queries_at_two_sizes_and_counts_items(world, login):
    client = login(world.users["practice_contact"])
    url = reverse("decisions:meeting-list")
    _meetings(2)
    small = _queries(client, url)
    _meetings(30)  # more than a page of 20
    assert _queries(client, url) == small
    assert _queries(client, url, {"page": "2"}) == small
    html = client.get(url).content.decode()
    assert html.count('<td class="nhsuk-table__cell">3</td>') == 20


@pytest.mark.parametrize("role", ["chair", "practice_contact"])
@pytest.mark.parametrize(
    "query", [{}, {"status": "agreed"}, {"q": "phlebotomy"}, {"page": "2"}, {"organisation": "x"}]
)
def test_register_has_the_same_queries_at_two_sizes(world, login, role, query):
    client = login(world.users[role])
    query = {k: (str(world.practice.pk) if v == "x" else v) for k, v in query.items()}
    url = reverse("decisions:decision-list")
    _published_with_commitments(world, 2)
    open_decision(world, title="Still talking")
    small = _queries(client, url, query)
    _published_with_commitments(world, 30)
    assert _queries(client, url, query) == small


def test_register_shows_commitment_counts_priority_and_keeps_the_chosen_filters(world, login):
    priority = Priority.objects.create(title="Resilient general practice", summary="S", rank=1)
    _published_with_commitments(world, 1, priority=priority)
    client = login(world.users["practice_contact"])
    html = client.get(
        reverse("decisions:decision-list"),
        {"priority": str(priority.pk), "organisation": str(world.practice.pk)},
    ).content.decode()
    assert '<td class="nhsuk-table__cell">Resilient general practice</td>' in html
    assert '<td class="nhsuk-table__cell">2</td>' in html  # its two commitments
    assert f'<option value="{priority.pk}" selected>' in html
    assert f'<option value="{world.practice.pk}" selected>The Park Surgery</option>' in html
    assert "The ICB" not in html  # not offered as a committed organisation


@pytest.mark.parametrize("role", ["chair", "practice_contact"])
def test_register_csv_has_the_same_queries_at_two_sizes(world, login, role):
    client = login(world.users[role])
    url = reverse("decisions:decision-export")
    _published_with_commitments(world, 2)
    small = _queries(client, url)
    _published_with_commitments(world, 30)
    assert _queries(client, url) == small


def test_register_csv_has_dates_status_priority_wording_and_commitment_count(world, login):
    priority = Priority.objects.create(title="Resilient general practice", summary="S", rank=1)
    _published_with_commitments(world, 1, priority=priority)
    open_decision(world, title="=Still talking")
    response = login(world.users["chair"]).get(reverse("decisions:decision-export"))
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == [
        "Title",
        "Status",
        "Opened",
        "Agreed",
        "Published",
        "Priority",
        "Agreed wording",
        "Commitments",
    ]
    talking, agreed = rows[1], rows[2]  # newest first
    assert talking[:2] == ["'=Still talking", "Open"]  # a formula is neutralised
    assert talking[3:6] == ["", "", ""] and talking[7] == "0"
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    assert agreed[1:6] == ["Agreed", today, today, today, "Resilient general practice"]
    assert agreed[7] == "2"


@pytest.mark.parametrize("role", ["chair", "practice_contact"])
@pytest.mark.parametrize("query", [{}, {"organisation": "x"}, {"page": "2"}])
def test_commitments_overview_has_the_same_queries_at_two_sizes(world, login, role, query):
    client = login(world.users[role])
    query = {k: (str(world.practice.pk) if v == "x" else v) for k, v in query.items()}
    url = reverse("decisions:commitment-list")
    _published_with_commitments(world, 2)
    small = _queries(client, url, query)
    _published_with_commitments(world, 20)
    assert _queries(client, url, query) == small


def test_commitments_overview_names_organisations_and_decision(world, login):
    _published_with_commitments(world, 1)
    html = login(world.users["practice_contact"]).get(
        reverse("decisions:commitment-list"), {"organisation": str(world.pcn.pk)}
    )
    html = html.content.decode()
    assert "Riverside PCN, The Park Surgery" in html
    assert "Shared phlebotomy service 0" in html
    assert f'<option value="{world.pcn.pk}" selected>Riverside PCN</option>' in html


def test_agenda_with_attendance_has_the_same_queries_at_two_sizes(world, login):
    meeting = MeetingFactory()
    client = login(world.users["chair"])
    url = reverse("decisions:meeting-detail", args=[meeting.pk])
    AgendaItemFactory(meeting=meeting)
    small = _queries(client, url)
    for _ in range(5):
        item = AgendaItemFactory(meeting=meeting)
        services.agenda_paper_add(item=item, title="Paper", url="https://example.org/p")
    decision = open_decision(world)
    decision.agenda_item = item
    decision.save(update_fields=["agenda_item"])
    for seat in Seat.objects.all():
        services.attendance_record(meeting=meeting, seat=seat, status="apologies")
    assert _queries(client, url) == small


def test_agenda_shows_each_seats_recorded_attendance(world, login):
    meeting = MeetingFactory()
    services.attendance_record(meeting=meeting, seat=world.pcn.seat, status="apologies")
    url = reverse("decisions:meeting-detail", args=[meeting.pk])
    chair_html = login(world.users["chair"]).get(url).content.decode()
    pcn_select = chair_html[chair_html.index(f'id="attendance-{world.pcn.seat.pk}"') :]
    pcn_select = pcn_select[: pcn_select.index("</select>")]
    assert '<option value="apologies" selected>' in pcn_select
    assert "Not recorded" not in pcn_select
    other = chair_html[chair_html.index(f'id="attendance-{world.other_pcn.seat.pk}"') :]
    assert '<option value="" selected disabled>Not recorded</option>' in other[:300]
    contact_html = login(world.users["practice_contact"]).get(url).content.decode()
    assert "Sent apologies" in contact_html and "Not recorded" in contact_html
    assert "Vacant" in contact_html and "Dr Tom Okafor" in contact_html


def test_decision_page_shows_positions_who_recorded_them_and_who_has_not_seen_it(world, login):
    decision = _published(world)
    client = login(world.users["chair"])
    html = client.get(reverse("decisions:decision-detail", args=[decision.pk])).content.decode()
    assert '<strong class="nhsuk-tag nhsuk-tag--green">Support</strong>' in html
    assert "Dr Priya Shah, " in html  # the chair recorded the positions
    assert "Not yet seen by 2 practices" in html
    Acknowledgement.objects.filter(practice=world.practice).update(
        acknowledged_at=dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    )
    html = login(world.users["practice_contact"]).get(
        reverse("decisions:decision-detail", args=[decision.pk])
    )
    html = html.content.decode()
    assert "Seen by 1 of 2 practices" in html
    assert "The Park Surgery saw this on 4 Mar 2026." in html
    assert "Not yet seen by" not in html  # only leadership sees who has not


def test_waiting_partial_lists_seats_without_a_position_by_name_at_two_sizes(world, login):
    decision = open_decision(world)
    client = login(world.users["gatekeeper"])
    url = reverse("decisions:decision-waiting", args=[decision.pk])
    small = _queries(client, url)
    html = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert html.index("Hillcrest PCN") < html.index("Riverside PCN (Dr Tom Okafor)")
    services.position_record(
        round_=decision.rounds.get(),
        seat=world.pcn.seat,
        stance="support",
        recorded_by=world.users["chair"],
    )
    assert _queries(client, url) == small
    html = client.get(url).content.decode()
    assert "Not yet given a position (1)" in html and "Riverside PCN" not in html
