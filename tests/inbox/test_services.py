"""Services of the inbox: intake, each route, the state machine, conflicts and links."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from inbox import selectors, services
from inbox.models import PaperResponse, Request, Route, Status
from tests.factories import OrganisationFactory

from .factories import SystemRequestFactory

pytestmark = pytest.mark.django_db


def submit(world, **overrides) -> Request:
    data = {
        "partner": world.icb,
        "requester_name": "Sam Patel",
        "requester_email": "sam@icb.nhs.uk",
        "title": "Phlebotomy in practices",
        "ask": "Take on phlebotomy.",
        "why_general_practice": "Patients are registered with you.",
        "impact": "20 appointments a week.",
        "respond_by": timezone.localdate() + dt.timedelta(days=20),
    } | overrides
    return services.request_submit(**data)


def triage(world, item, route, **extra) -> Request:
    return services.request_triage(
        request=item, user=world.users["gatekeeper"], route=route, response="Our answer.", **extra
    )


def test_submission_records_history_and_emails_a_private_link(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        item = submit(world)
    assert item.status == Status.NEW
    assert len(item.token) >= 40
    assert [e.what for e in item.events.all()] == ["Submitted the request through the public form"]
    assert mailoutbox[0].to == ["sam@icb.nhs.uk"]
    assert f"/requests/track/{item.token}/" in mailoutbox[0].body


def test_staff_log_an_approach_on_the_requesters_behalf(world):
    item = submit(
        world,
        channel="phone",
        approached_via=world.practice,
        logged_by=world.users["practice_contact"],
    )
    assert item.partner == world.icb and item.logged_by == world.users["practice_contact"]
    event = item.events.get()
    assert event.actor_label == "Linda Price"
    assert "Phone via The Park Surgery" in event.what


def test_more_work_then_answer_returns_the_request_resubmitted(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    item = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        triage(world, item, Route.MORE_WORK, questions="The cost per practice.")
    assert item.status == Status.AWAITING_REQUESTER and item.awaiting_since
    assert "The cost per practice." in mailoutbox[-1].body
    services.request_answer(request=item, answer="£2,000 a year.")
    assert item.status == Status.RESUBMITTED and item.answer == "£2,000 a year."
    triage(world, item, Route.DECLINED, decline_reason="unfunded_work")
    assert item.status == Status.CLOSED
    whats = [e.what for e in item.events.all()]
    assert whats[1:] == [
        "Triaged: more work needed",
        "Answered the questions and resubmitted",
        "Triaged: declined",
    ]


def test_declined_closes_with_the_reason_sent(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    item = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        triage(world, item, Route.DECLINED, decline_reason="contractual")
    assert item.status == Status.CLOSED and item.closed_at
    assert item.get_decline_reason_display() == "Already covered by the national contract"
    assert "Our answer." in mailoutbox[-1].body


def test_message_is_drafted_then_marked_posted(world):
    item = submit(world)
    triage(world, item, Route.MESSAGE)
    assert item.status == Status.TRIAGED
    assert item.message_text.startswith("The ICB asks: Phlebotomy in practices.")
    services.request_message_posted(request=item, user=world.users["gatekeeper"])
    assert item.status == Status.CLOSED and item.message_posted_at


def test_paper_goes_to_seat_holders_who_respond_and_is_closed_with_a_summary(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    item = submit(world)
    due = timezone.localdate() + dt.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        triage(world, item, Route.PAPER, paper_audience="seats", paper_due_on=due)
    recipients = list(item.recipients.select_related("person"))
    assert {r.person.full_name for r in recipients} == {"Dr Tom Okafor", "Dr Priya Shah"}
    assert {m.to[0] for m in mailoutbox} >= {"pcn-clinical-director@example.nhs.uk"}
    services.paper_respond(recipient=recipients[0], response=PaperResponse.SUPPORT, comment="Yes")
    services.paper_respond(recipient=recipients[1], response=PaperResponse.CONCERN, comment="Cost")
    with pytest.raises(ValidationError, match="summary"):
        services.request_close(request=item, user=world.users["gatekeeper"], summary=" ")
    with django_capture_on_commit_callbacks(execute=True):
        services.request_close(
            request=item, user=world.users["gatekeeper"], summary="One support, one concern."
        )
    assert item.status == Status.CLOSED
    assert "One support, one concern." in mailoutbox[-1].body
    with pytest.raises(services.IllegalTransition, match="closed"):
        services.paper_respond(recipient=recipients[0], response=PaperResponse.NOTED)


def test_paper_to_all_practices_reaches_the_practice_contacts(world):
    item = submit(world)
    triage(
        world,
        item,
        Route.PAPER,
        paper_audience="practices",
        paper_due_on=timezone.localdate() + dt.timedelta(days=7),
    )
    recipient = item.recipients.get()
    assert recipient.person.full_name == "Linda Price"
    assert recipient.organisation == world.practice


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (Status.TRIAGED, "triage"),
        (Status.CLOSED, "triage"),
        (Status.NEW, "answer"),
        (Status.NEW, "close"),
        (Status.NEW, "reopen"),
        (Status.TRIAGED, "posted"),
    ],
)
def test_illegal_transitions_are_refused_with_a_message(world, status, action):
    item = SystemRequestFactory(partner=world.icb)
    if status != Status.NEW:
        Request.objects.filter(pk=item.pk).update(
            status=status, route=Route.MEETING, closed_at=timezone.now()
        )
        item.refresh_from_db()
    gatekeeper = world.users["gatekeeper"]
    calls = {
        "triage": lambda: triage(world, item, Route.MESSAGE),
        "answer": lambda: services.request_answer(request=item, answer="Here"),
        "close": lambda: services.request_close(request=item, user=gatekeeper, summary=""),
        "reopen": lambda: services.request_reopen(request=item, user=gatekeeper),
        "posted": lambda: services.request_message_posted(request=item, user=gatekeeper),
    }
    before = item.events.count()
    with pytest.raises(services.IllegalTransition) as refused:
        calls[action]()
    assert refused.value.messages[0]
    assert Request.objects.get(pk=item.pk).status == status
    assert item.events.count() == before


def test_reopened_request_comes_back_to_the_queue(world):
    item = submit(world)
    triage(world, item, Route.DECLINED, decline_reason="other")
    services.request_reopen(request=item, user=world.users["gatekeeper"])
    assert item.status == Status.RESUBMITTED and item.closed_at is None


def test_second_gatekeeper_sees_conflict_instead_of_overwriting(world):
    item = submit(world)
    stale = Request.objects.get(pk=item.pk)
    triage(world, item, Route.MESSAGE)
    with pytest.raises(services.TriageConflict) as conflict:
        services.request_triage(
            request=stale,
            user=world.users["gatekeeper"],
            route=Route.DECLINED,
            response="Other answer",
            decline_reason="other",
            expected_status=Status.NEW,
        )
    assert conflict.value.who == "Ruth Adeyemi"
    assert "Ruth Adeyemi changed this request first" in str(conflict.value)
    item.refresh_from_db()
    assert item.route == Route.MESSAGE and item.response == "Our answer."


def test_linked_requests_share_one_group_and_the_partner_counts_multi_door_asks(world):
    first = submit(world, approached_via=world.pcn)
    second = submit(world, approached_via=world.practice)
    third = submit(world, approached_via=world.lmc)
    alone = submit(world)
    gatekeeper = world.users["gatekeeper"]
    services.request_link(request=second, other=first, user=gatekeeper)
    services.request_link(request=third, other=second, user=gatekeeper)
    assert set(Request.objects.filter(same_ask_as=first).values_list("pk", flat=True)) == {
        second.pk,
        third.pk,
    }
    assert {r.pk for r in selectors.request_linked(third)} == {first.pk, second.pk}
    summary = selectors.partner_summary(world.icb)
    assert (summary.asks, summary.multi_door_asks) == (2, 1)
    assert selectors.request_linked(alone) == []
    services.request_unlink(request=first, user=gatekeeper)
    second.refresh_from_db()
    assert {r.pk for r in selectors.request_linked(second)} == {third.pk}
    with pytest.raises(ValidationError, match="itself"):
        services.request_link(request=alone, other=alone, user=gatekeeper)


def test_database_refuses_a_declined_request_without_a_reason(world):
    with pytest.raises(IntegrityError):
        SystemRequestFactory(
            partner=world.icb, status=Status.CLOSED, route=Route.DECLINED, closed_at=timezone.now()
        )


def test_database_refuses_a_request_with_no_partner_named(world):
    with pytest.raises(IntegrityError):
        SystemRequestFactory(partner=None, partner_other="")


def test_other_partner_by_name(world):
    item = submit(world, partner=None, partner_other="St Mary's Hospice")
    assert item.partner_name == "St Mary's Hospice"


def test_overdue_after_the_service_level_in_working_days(world, settings):
    settings.TRIAGE_SERVICE_LEVEL_DAYS = 5
    monday = timezone.make_aware(dt.datetime(2026, 11, 2, 9))
    item = SystemRequestFactory(partner=OrganisationFactory(), submitted_at=monday)
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 9, 12, tzinfo=dt.UTC), tick=False):
        assert not item.is_overdue  # 5 working days later: due today
        assert not selectors.inbox_queue(filters=selectors.QueueFilters(overdue=True)).exists()
    with time_machine.travel(dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC), tick=False):
        assert item.is_overdue
        assert list(selectors.inbox_queue(filters=selectors.QueueFilters(overdue=True))) == [item]


def test_meeting_route_puts_a_system_item_on_the_next_planned_meeting(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.decisions.factories import MeetingFactory

    later = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=30))
    soonest = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    item = submit(world)
    with django_capture_on_commit_callbacks(execute=True):
        triage(world, item, Route.MEETING, minutes=20)
    agenda_item = item.agenda_item
    assert agenda_item.meeting == soonest and agenda_item.kind == "system_item"
    assert (agenda_item.title, agenda_item.minutes) == ("Phlebotomy in practices", 20)
    assert agenda_item.source_label == item.reference
    assert item.status == Status.TRIAGED
    assert str(soonest) in mailoutbox[-1].body
    other = submit(world, title="Second")
    triage(world, other, Route.MEETING, minutes=10, meeting=later)
    assert other.agenda_item.meeting == later


def test_meeting_route_without_a_planned_meeting_changes_nothing(world):
    item = submit(world)
    with pytest.raises(ValidationError, match="No leadership meeting is planned"):
        triage(world, item, Route.MEETING, minutes=20)
    item.refresh_from_db()
    assert item.status == Status.NEW and item.route == ""
