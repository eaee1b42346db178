"""The activity dashboard against hand-computed figures on a small fixed place."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Acknowledgement, MeetingStatus
from home.charts import CHART_PARTS, dashboard_tables
from home.dashboard import Period, dashboard
from inbox.models import Route, Status
from members.models import OrganisationKind
from priorities.models import Ballot
from representation.models import Feedback
from tests.decisions.factories import AgendaItemFactory, MeetingFactory
from tests.factories import OrganisationFactory, PracticeFactory
from tests.inbox.factories import SystemRequestFactory
from tests.priorities.factories import PriorityFactory, VotingRoundFactory
from tests.representation.factories import (
    ActionFactory,
    AssignmentFactory,
    BriefingItemFactory,
    FeedbackFactory,
    OccurrenceFactory,
    SystemMeetingFactory,
)

from .factories import published_decision

NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def at(day: int, hour: int = 9, month: int = 11) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, 0, tzinfo=dt.UTC)


def requests(world) -> None:
    acute = OrganisationFactory(kind=OrganisationKind.ACUTE_TRUST, name="City Hospital")
    triaged = {"status": Status.TRIAGED}
    first = SystemRequestFactory(
        partner=world.icb, submitted_at=at(2), triaged_at=at(2, 11), route=Route.MEETING, **triaged
    )
    SystemRequestFactory(
        partner=world.icb,
        submitted_at=at(3),
        triaged_at=at(4),
        route=Route.DECLINED,
        decline_reason="contractual",
        same_ask_as=first,
        **triaged,
    )
    SystemRequestFactory(
        partner=acute,
        submitted_at=at(5),
        triaged_at=at(5, 15),
        route=Route.PAPER,
        paper_due_on=dt.date(2026, 11, 20),
        **triaged,
    )
    SystemRequestFactory(partner=None, partner_other="St Anne's Hospice", submitted_at=at(6))
    SystemRequestFactory(  # before the period
        partner=world.icb,
        submitted_at=at(1, month=10),
        triaged_at=at(9, month=10),
        route=Route.MESSAGE,
        **triaged,
    )


def meetings() -> None:
    priority = PriorityFactory()
    held = MeetingFactory(starts_at=at(10, 18), status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=held, kind="gp_business", minutes=30)
    AgendaItemFactory(meeting=held, kind="system_item", minutes=20)
    AgendaItemFactory(meeting=held, kind="gp_business", minutes=40, priority=priority)
    AgendaItemFactory(meeting=held, kind="system_item", minutes=10, priority=priority)
    AgendaItemFactory(meeting=held, kind="system_item", minutes=60, is_proposed=True)
    cancelled = MeetingFactory(starts_at=at(12, 18), status=MeetingStatus.CANCELLED)
    AgendaItemFactory(meeting=cancelled, kind="system_item", minutes=90)
    AgendaItemFactory(meeting=MeetingFactory(starts_at=at(5, month=12)), minutes=45)


def engagement(world) -> None:
    third = PracticeFactory(name="Mill Lane Surgery", pcn=world.pcn)
    with time_machine.travel(at(8), tick=False):
        voting_round = VotingRoundFactory(title="Priorities 2027")
    for practice in (world.practice, third):
        Ballot.objects.create(round=voting_round, practice=practice, cast_at=at(9))
    with time_machine.travel(at(15), tick=False):
        decision = published_decision(world, "Shared phlebotomy")
    Acknowledgement.objects.filter(decision=decision, practice=world.practice).update(
        acknowledged_at=at(16)
    )


def representation() -> None:
    board, committee = SystemMeetingFactory(), SystemMeetingFactory()
    AssignmentFactory(meeting=board)
    on_time = OccurrenceFactory(meeting=board, date=dt.date(2026, 11, 10))
    BriefingItemFactory(briefing__occurrence=on_time)
    feedback = FeedbackFactory(occurrence=on_time)
    late = OccurrenceFactory(meeting=committee, date=dt.date(2026, 11, 20))
    late_feedback = FeedbackFactory(occurrence=late)
    OccurrenceFactory(meeting=board, date=dt.date(2026, 11, 25))
    OccurrenceFactory(meeting=board, date=dt.date(2026, 12, 2))  # after the period
    Feedback.objects.filter(pk=feedback.pk).update(filed_at=at(13, 20))
    Feedback.objects.filter(pk=late_feedback.pk).update(filed_at=at(25))
    ActionFactory(feedback=feedback, due_on=dt.date(2026, 11, 20))
    ActionFactory(feedback=feedback, due_on=dt.date(2026, 12, 20), status="in_progress")
    ActionFactory(feedback=feedback, status="done", closed_at=at(20))


@pytest.fixture
def place(world):
    requests(world)
    meetings()
    engagement(world)
    representation()
    return world


def test_request_figures_match_the_hand_count(place):
    figures = dashboard(NOVEMBER, today=dt.date(2026, 12, 1))["requests"]
    assert figures["received"] == 4
    assert [(r["name"], r["n"]) for r in figures["by_partner"]] == [
        ("The ICB", 2),
        ("City Hospital", 1),
        ("St Anne's Hospice", 1),
    ]
    assert sorted((r["name"], r["n"]) for r in figures["by_route"]) == [
        ("Declined", 1),
        ("Leadership meeting", 1),
        ("Not yet triaged", 1),
        ("Paper to members", 1),
    ]
    # waits of 2, 6 and 24 hours: nearest-rank median is the 2nd, 90th percentile the 3rd
    assert figures["median_triage"] == dt.timedelta(hours=6)
    assert figures["p90_triage"] == dt.timedelta(hours=24)
    assert figures["median_triage_text"] == "6 hours"
    assert (figures["multi_door"], figures["multi_door_share"]) == (2, 50)


def test_meeting_time_is_split_between_own_business_priorities_and_system_items(place):
    figures = dashboard(NOVEMBER)["meeting_time"]
    assert figures["total"] == 100
    assert [(r["n"], r["share"]) for r in figures["rows"]] == [(30, 30), (50, 50), (20, 20)]


def test_practice_engagement_by_round_decision_and_pcn(place):
    figures = dashboard(NOVEMBER)["engagement"]
    assert figures["practices"] == 3
    assert [(r.voted, r.share) for r in figures["rounds"]] == [(2, 67)]
    assert [(d.seen, d.practices, d.share) for d in figures["decisions"]] == [(1, 3, 33)]
    assert figures["by_pcn"] == [
        {"name": "Hillcrest PCN", "practices": 1, "voting_share": 0, "acknowledging_share": 0},
        {"name": "Riverside PCN", "practices": 2, "voting_share": 100, "acknowledging_share": 50},
    ]


def test_representation_coverage_and_actions(place):
    figures = dashboard(NOVEMBER, today=dt.date(2026, 12, 1))
    coverage = figures["representation"]
    assert coverage["total"] == 3
    assert [(r["n"], r["share"]) for r in coverage["rows"]] == [(2, 67), (1, 33), (1, 33)]
    assert figures["actions"] == {"open": 2, "overdue": 1}


def test_each_chart_downloads_its_numbers_as_csv(place, login):
    client = login(place.users["gatekeeper"])
    query = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    response = client.get(reverse("home:dashboard-csv", args=["meeting-time"]), query)
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Business", "Minutes", "Share (%)"],
        ["The group's own business", "30", "30"],
        ["Its priorities", "50", "50"],
        ["System items", "20", "20"],
    ]
    page = client.get(reverse("home:dashboard"), query)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('<svg class="app-chart"') == 7
    assert "Its priorities: 50% (50)" in html
    assert client.get(reverse("home:dashboard-csv", args=["nothing"])).status_code == 404


def test_each_csv_holds_the_same_numbers_as_its_chart_on_the_page(place, login):
    """A download computes only its own part of the figures; the numbers are the same."""
    client = login(place.users["chair"])
    query = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    tables = dashboard_tables(dashboard(NOVEMBER))
    assert list(tables) == list(CHART_PARTS)
    for slug, table in tables.items():
        response = client.get(reverse("home:dashboard-csv", args=[slug]), query)
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows == [table.header] + [[str(value) for value in row] for row in table.rows]


def test_the_acknowledgements_csv_reads_only_the_decisions(place, login):
    client = login(place.users["chair"])
    query = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    client.get(reverse("home:dashboard"), query)  # the session and roles, read once
    with CaptureQueriesContext(connection) as captured:
        client.get(reverse("home:dashboard-csv", args=["acknowledgements"]), query)
    tables_read = " ".join(q["sql"] for q in captured.captured_queries)
    assert "decisions_decision" in tables_read
    for other in ("inbox_request", "priorities_ballot", "representation_occurrence"):
        assert other not in tables_read


def test_chart_labels_are_escaped_in_the_drawing(world, login):
    SystemRequestFactory(partner=None, partner_other="Smith & <Sons>", submitted_at=at(6))
    client = login(world.users["chair"])
    page = client.get(
        reverse("home:dashboard"), {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    )
    html = page.content.decode()
    assert 'fill="#212b32">Smith &amp; &lt;Sons&gt;</text>' in html
    assert "<Sons>" not in html
    # A chart with nothing in the period says so.
    assert html.count("Nothing in this period") >= 1


def test_a_period_ending_before_it_starts_is_refused_with_the_form(world, login):
    client = login(world.users["chair"])
    page = client.get(
        reverse("home:dashboard"), {"starts_on": "2026-11-30", "ends_on": "2026-11-01"}
    )
    assert page.status_code == 422
    assert b"must be on or after its start" in page.content


def test_dashboard_query_count_does_not_grow_with_the_data(world, login):
    client = login(world.users["chair"])
    query = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    requests(world)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home:dashboard"), query)
    meetings()
    engagement(world)
    representation()
    for _ in range(5):
        SystemRequestFactory(
            submitted_at=at(7), triaged_at=at(8), route=Route.MEETING, status=Status.TRIAGED
        )
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home:dashboard"), query)
    assert len(small) == len(large)


def test_acknowledgements_csv_query_count_does_not_grow_with_the_data(world, login):
    client = login(world.users["chair"])
    query = {"starts_on": "2026-11-01", "ends_on": "2026-11-30"}
    url = reverse("home:dashboard-csv", args=["acknowledgements"])
    with CaptureQueriesContext(connection) as small:
        client.get(url, query)
    engagement(world)
    with time_machine.travel(at(20), tick=False):
        published_decision(world, "Joint flu clinics")
    with CaptureQueriesContext(connection) as large:
        client.get(url, query)
    assert len(small) == len(large)
