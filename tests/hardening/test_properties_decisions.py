"""Hostile input on the decisions app's forms (positions, rounds, publishing, acknowledgements,
decisions, commitments, meetings and agendas): never a 500, a refusal writes nothing and says
why on the field, and one valid submission of each is accepted and written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions import services as decision_services
from decisions.models import Commitment, Decision, LeadershipMeeting, Position

from ..decisions.factories import AgendaItemFactory, MeetingFactory, open_decision
from .forms_probe import post_and_check
from .hostile import (
    Accept,
    Endpoint,
    endpoint_tests,
    signed_in,
)


def _position(world):
    decision = open_decision(world)
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [
        reverse("decisions:position-record", args=[decision.pk, world.pcn.seat.pk]),
        reverse("decisions:position-record", args=[decision.pk, world.other_pcn.seat.pk]),
        reverse("decisions:position-record", args=[decision.pk, 10**12]),
    ]


def _position_valid(world):
    return {f"seat{world.pcn.seat.pk}-round": "1", f"seat{world.pcn.seat.pk}-stance": "support"}


def _position_accept(world):
    decision = open_decision(world)
    seat = world.pcn.seat

    def written():
        position = Position.objects.get(seat=seat)
        assert (position.stance, position.round.decision) == ("support", decision)

    page = reverse("decisions:decision-detail", args=[decision.pk])
    target = reverse("decisions:position-record", args=[decision.pk, seat.pk])
    return Accept(page, target, _position_valid(world), written)


def _agreed(world, title="Agreed one"):
    decision = open_decision(world, title=title)
    round_ = decision.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        decision_services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    return decision_services.decision_agree(decision=decision, agreed_by=world.users["chair"])


def _published(world):
    decision = _agreed(world, title="Shared phlebotomy service")
    return decision_services.decision_publish(decision=decision, summary="Done.", published_by=None)


def _chair_on_decision(world):
    decision = open_decision(world)
    agreed = _agreed(world)
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [
        reverse("decisions:decision-round-new", args=[decision.pk]),
        (
            reverse("decisions:decision-detail", args=[agreed.pk]),
            reverse("decisions:decision-publish", args=[agreed.pk]),
        ),
    ]


def _publish_accept(world):
    agreed = _agreed(world)

    def written():
        agreed.refresh_from_db()
        assert agreed.published_at is not None and agreed.summary == "We share one service."
        assert agreed.acknowledgements.count() == 2  # one per active practice

    page = reverse("decisions:decision-detail", args=[agreed.pk])
    target = reverse("decisions:decision-publish", args=[agreed.pk])
    return Accept(page, target, {"summary": "We share one service."}, written)


def _acknowledge(world):
    decision = _published(world)
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [reverse("decisions:decision-acknowledge", args=[decision.pk])]


def _acknowledge_ids(world):
    others = [str(world.other_practice.pk), str(world.practice.pk), "abc", "²", "1.5", "9" * 40]
    return {"practice": others}


def _acknowledge_accept(world):
    decision = _published(world)

    def written():
        seen = decision.acknowledgements.filter(acknowledged_at__isnull=False)
        assert [(a.practice, a.acknowledged_by) for a in seen] == [
            (world.practice, world.users["practice_contact"])
        ]

    page = reverse("decisions:decision-detail", args=[decision.pk])
    target = reverse("decisions:decision-acknowledge", args=[decision.pk])
    return Accept(page, target, {"practice": str(world.practice.pk)}, written)


def _decision_create(world):
    url = reverse("decisions:decision-create")
    return url, [url, url + f"?item={AgendaItemFactory().pk}"]


def _decision_create_accept(world):
    def written():
        decision = Decision.objects.get(title="Winter access hubs")
        assert decision.rounds.get().proposal == "Each PCN runs one hub."

    url = reverse("decisions:decision-create")
    data = {
        "title": "Winter access hubs",
        "question": "Should PCNs run winter hubs?",
        "proposal": "Each PCN runs one hub.",
    }
    return Accept(url, url, data, written)


def _commitment_add(world):
    url = reverse("decisions:commitment-add", args=[_published(world).pk])
    return url, [url]


def _commitment_accept(world):
    decision = _published(world)

    def written():
        commitment = Commitment.objects.get(decision=decision)
        assert (commitment.what, list(commitment.organisations.all())) == (
            "Each practice names a lead.",
            [world.practice],
        )

    url = reverse("decisions:commitment-add", args=[decision.pk])
    data = {
        "scope": "organisations",
        "organisations": [str(world.practice.pk)],
        "what": "Each practice names a lead.",
        "due_on": (timezone.localdate() + dt.timedelta(days=30)).isoformat(),
    }
    return Accept(url, url, data, written)


def _meeting_forms(world):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    own_page = [  # each of these forms is the page at its own address
        reverse("decisions:agenda-item-add", args=[meeting.pk]),
        reverse("decisions:agenda-item-edit", args=[item.pk]),
        reverse("decisions:agenda-item-notes", args=[item.pk]),
    ]
    detail = reverse("decisions:meeting-detail", args=[meeting.pk])
    return reverse("decisions:meeting-create"), [
        reverse("decisions:meeting-create"),
        *((url, url) for url in own_page),
        (detail, reverse("decisions:attendance-record", args=[meeting.pk])),
    ]


def _meeting_accept(world):
    def written():
        meeting = LeadershipMeeting.objects.get(title="March leadership meeting")
        assert meeting.chair == world.people["chair"]
        assert timezone.localtime(meeting.starts_at).hour == 18

    url = reverse("decisions:meeting-create")
    starts = timezone.localdate() + dt.timedelta(days=14)
    data = {
        "title": "March leadership meeting",
        "starts_at": f"{starts.isoformat()}T18:30",
        "duration_minutes": "90",
        "chair": str(world.people["chair"].pk),
    }
    return Accept(url, url, data, written)


ENDPOINTS: dict[str, Endpoint] = {
    "position": Endpoint(
        "pcn_clinical_director", _position, _position_accept, valid=_position_valid
    ),
    "round-and-publish": Endpoint("chair", _chair_on_decision, _publish_accept),
    "acknowledge": Endpoint(
        "practice_contact", _acknowledge, _acknowledge_accept, ids=_acknowledge_ids
    ),
    "decision-create": Endpoint("chair", _decision_create, _decision_create_accept),
    "commitment-add": Endpoint("chair", _commitment_add, _commitment_accept),
    "meetings-and-agenda": Endpoint("chair", _meeting_forms, _meeting_accept),
}


(
    test_hostile_submissions_never_break_refusals_write_nothing_and_say_why,
    test_a_valid_submission_is_accepted_and_written,
) = endpoint_tests(ENDPOINTS)


@pytest.mark.parametrize("htmx", [False, True])
@pytest.mark.parametrize("round_number", [None, "abc", "99"])
def test_a_missing_or_forged_round_says_the_page_is_out_of_date(world, htmx, round_number):
    """Found by this suite: a forged hidden round number was a 422 with no message at all."""
    decision = open_decision(world)
    seat = world.pcn.seat
    data = {f"seat{seat.pk}-stance": "support"}
    if round_number is not None:
        data[f"seat{seat.pk}-round"] = round_number
    url = reverse("decisions:position-record", args=[decision.pk, seat.pk])
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = post_and_check(signed_in(world, "pcn_clinical_director"), url, data, **extra)
    if round_number == "99":  # a whole number: no such round of this decision
        assert response.status_code == 404
    else:
        assert response.status_code == 422
        assert "The page is out of date: reload it and try again." in response.content.decode()
    assert not Position.objects.exists()
