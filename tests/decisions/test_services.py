"""Services of decisions: the agenda contract, consensus rounds and the golden thread."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from decisions import selectors, services
from decisions.models import AgendaItemKind, DecisionStatus, MeetingStatus, Position
from members.models import Notification

from .factories import MeetingFactory, open_decision

pytestmark = pytest.mark.django_db


def test_meetings_planned_lists_future_planned_meetings_soonest_first():
    later = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=20))
    sooner = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    MeetingFactory(starts_at=timezone.now() - dt.timedelta(days=3))
    MeetingFactory(status=MeetingStatus.CANCELLED)
    assert list(selectors.meetings_planned()) == [sooner, later]


def test_agenda_item_add_without_meeting_goes_to_the_next_planned_one():
    MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=20))
    sooner = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=3))
    first = services.agenda_item_add(
        meeting=None,
        kind=AgendaItemKind.SYSTEM_ITEM,
        title="Frailty pathway",
        minutes=20,
        source_label="Request #12",
        source_url="/requests/12/",
    )
    second = services.agenda_item_add(
        meeting=None,
        kind=AgendaItemKind.SYSTEM_ITEM,
        title="Offered by a representative",
        minutes=10,
        proposed=True,
    )
    assert first.meeting == sooner and second.meeting == sooner
    assert (first.position, second.position) == (1, 2)
    assert second.is_proposed and first.source_label == "Request #12"


def test_agenda_item_add_says_so_when_no_meeting_is_planned():
    with pytest.raises(ValidationError, match="No leadership meeting is planned"):
        services.agenda_item_add(meeting=None, kind="system_item", title="X", minutes=10)


def test_moving_an_item_swaps_it_with_its_neighbour():
    meeting = MeetingFactory()
    a, b, c = (
        services.agenda_item_add(meeting=meeting, kind="gp_business", title=t, minutes=10)
        for t in "abc"
    )
    services.agenda_item_move(item=c, direction="up")
    assert [i.title for i in selectors.meeting_agenda(meeting)] == ["a", "c", "b"]
    services.agenda_item_move(item=a, direction="up")  # already first: nothing changes
    services.agenda_item_move(item=a, direction="down")
    assert [i.title for i in selectors.meeting_agenda(meeting)] == ["c", "a", "b"]


def test_a_new_round_resets_positions_and_keeps_the_earlier_round(world):
    decision = open_decision(world)
    first = decision.rounds.get()
    pcn_seat, chair_seat = world.pcn.seat, world.other_pcn.seat
    services.position_record(
        round_=first,
        seat=pcn_seat,
        stance="block",
        reason="Too costly",
        recorded_by=world.users["pcn_clinical_director"],
    )
    services.position_record(
        round_=first, seat=chair_seat, stance="support", recorded_by=world.users["chair"]
    )
    with pytest.raises(ValidationError, match="block"):
        services.decision_agree(decision=decision, agreed_by=world.users["chair"])
    second = services.decision_round_open(
        decision=decision,
        proposal="We run it together, costs shared by list size.",
        opened_by=world.users["chair"],
    )
    assert second.number == 2 and second.positions.count() == 0
    assert Position.objects.filter(round=first).count() == 2
    for seat, user in ((pcn_seat, "pcn_clinical_director"), (chair_seat, "chair")):
        services.position_record(
            round_=second, seat=seat, stance="support", recorded_by=world.users[user]
        )
    decision = services.decision_agree(decision=decision, agreed_by=world.users["chair"])
    assert decision.status == DecisionStatus.AGREED
    assert decision.agreed_wording.startswith("We run it together, costs")


def test_block_without_a_reason_is_refused(world):
    decision = open_decision(world)
    with pytest.raises(ValidationError, match="why you block"):
        services.position_record(
            round_=decision.rounds.get(),
            seat=world.pcn.seat,
            stance="block",
            recorded_by=world.users["chair"],
        )


def test_position_in_a_closed_round_is_a_conflict(world):
    decision = open_decision(world)
    first = decision.rounds.get()
    services.decision_round_open(decision=decision, proposal="v2", opened_by=world.users["chair"])
    with pytest.raises(services.Conflict, match="Round 1 closed"):
        services.position_record(
            round_=first, seat=world.pcn.seat, stance="support", recorded_by=world.users["chair"]
        )


def _agreed(world):
    decision = open_decision(world)
    round_ = decision.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    return services.decision_agree(decision=decision, agreed_by=world.users["chair"])


def test_publishing_emails_and_notifies_every_practice_contact_once(
    world, django_capture_on_commit_callbacks
):
    decision = _agreed(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_publish(
            decision=decision,
            summary="Blood tests move to one hub.",
            published_by=world.users["chair"],
        )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.people["practice_contact"].email]
    assert "/decisions/acknowledge/" in mail.outbox[0].body
    assert Notification.objects.filter(recipient=world.users["practice_contact"]).count() == 1
    assert decision.acknowledgements.count() == 2  # both practices of the world
    with pytest.raises(services.Conflict, match="Already published"):
        services.decision_publish(
            decision=decision, summary="again", published_by=world.users["chair"]
        )


def test_acknowledgement_token_round_trips_and_counts_once(world):
    decision = _agreed(world)
    services.decision_publish(decision=decision, summary="S", published_by=world.users["chair"])
    ack = decision.acknowledgements.get(practice=world.practice)
    found = services.acknowledgement_from_token(services.acknowledgement_token(ack))
    assert found == ack
    assert services.acknowledgement_from_token("forged:token") is None
    assert services.acknowledgement_record(acknowledgement=found, via_link=True)
    assert not services.acknowledgement_record(acknowledgement=found, via_link=True)
    assert decision.acknowledgements.filter(acknowledged_at__isnull=False).count() == 1


def test_publishing_an_open_decision_is_refused(world):
    decision = open_decision(world)
    with pytest.raises(ValidationError, match="Only an agreed"):
        services.decision_publish(decision=decision, summary="S", published_by=None)


def test_commitments_for_an_organisation_include_all_practices_scope(world):
    decision = _agreed(world)
    services.commitment_add(
        decision=decision,
        scope="all_practices",
        what="Book via hub",
        due_on=dt.date(2027, 1, 1),
    )
    services.commitment_add(
        decision=decision,
        scope="organisations",
        what="Host the hub",
        due_on=dt.date(2027, 1, 1),
        organisations=[world.pcn],
    )
    assert selectors.commitments_for_organisation(world.practice.pk).count() == 1
    assert selectors.commitments_for_organisation(world.pcn.pk).count() == 1
