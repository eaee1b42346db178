"""The audit trail: each sensitive write leaves who/when/what; nobody edits it from the app."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from members.models import AuditEvent
from members.services import practice_contact_grant, practice_contact_revoke

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def _actions() -> list[str]:
    return list(AuditEvent.objects.order_by("id").values_list("action", flat=True))


def test_permission_changes_are_recorded_once(world):
    before = AuditEvent.objects.filter(action="permission").count()
    user = UserFactory()
    practice_contact_grant(user=user, practice=world.practice, by=world.users["admin_support"])
    practice_contact_grant(user=user, practice=world.practice, by=world.users["admin_support"])
    practice_contact_revoke(user=user, practice=world.practice, by=world.users["admin_support"])
    events = AuditEvent.objects.filter(action="permission")[:2]  # newest first
    assert AuditEvent.objects.filter(action="permission").count() == before + 2
    assert {e.actor_label for e in events} == {"Karen Doyle"}
    assert "may no longer act for The Park Surgery" in events[0].summary


def test_triage_position_ballot_mandate_and_acknowledgement_are_recorded(world):
    from decisions.services import position_record
    from members.models import Seat
    from priorities import services as priorities
    from tests.decisions.factories import open_decision
    from tests.inbox.test_services import submit, triage
    from tests.priorities.factories import VotingRoundFactory

    triage(world, submit(world), "declined", decline_reason="not_general_practice")
    decision = open_decision(world)
    seat = Seat.objects.get(organisation=world.pcn)
    position_record(
        round_=decision.rounds.get(),
        seat=seat,
        stance="block",
        reason="Cost",
        recorded_by=world.users["pcn_clinical_director"],
    )
    voting_round = VotingRoundFactory()
    first = voting_round.candidates.first()
    priorities.ballot_cast(
        voting_round=voting_round,
        practice=world.practice,
        user=world.users["practice_contact"],
        marks={first.pk: 1},
    )
    actions = set(_actions())
    assert {"triage", "position", "ballot"} <= actions
    position = AuditEvent.objects.get(action="position")
    assert position.actor_label == "Dr Tom Okafor"
    assert "Block" in position.summary and position.changes["reason"] == "Cost"


def test_audit_events_cannot_be_changed_or_deleted(world):
    event = AuditEvent.objects.first()
    event.summary = "rewritten"
    with pytest.raises(ValueError, match="never changed"):
        event.save()
    with pytest.raises(ValueError, match="never deleted"):
        event.delete()


def test_chair_reads_and_exports_the_trail_and_others_cannot(world, login):
    client = login(world.users["chair"])
    page = client.get(reverse("members:audit-list"), {"action": "role"}).content.decode()
    assert "Dr Priya Shah named Chair: Dr Priya Shah" in page
    rows = list(
        csv.reader(io.StringIO(client.get(reverse("members:audit-export")).content.decode()))
    )
    assert rows[0] == ["when", "who", "action", "subject", "summary", "changes"]
    assert len(rows) == AuditEvent.objects.count() + 1
    assert login(world.users["gatekeeper"]).get(reverse("members:audit-list")).status_code == 403


def test_a_mandate_is_recorded(world):
    from representation import services as representation
    from tests.representation.conftest import make_body, make_lead
    from tests.representation.factories import OccurrenceFactory

    lead = make_lead(world)
    occurrence = OccurrenceFactory(meeting=make_body(world))
    representation.briefing_item_add(
        occurrence=occurrence, by=lead, title="Hubs", position="Support", mandate="may_agree"
    )
    event = AuditEvent.objects.get(action="mandate")
    assert event.changes["mandate"] == "may_agree" and "Hubs" in event.summary
