"""Permission expectations for decisions: meetings, agendas, decisions, commitments."""

from __future__ import annotations

import datetime as dt

from decisions import services
from decisions.models import Commitment

from ..permission_matrix import REDIRECT, Expect, general_practice, outcomes
from .factories import AgendaItemFactory, MeetingFactory, open_decision

# the chair and admin support build agendas and record attendance
MANAGE = {"chair": 200, "admin_support": 200}
MANAGE_POST = {"chair": REDIRECT, "admin_support": REDIRECT}
# leadership (seat holders, chair, gatekeeper, admin support) sees unpublished decisions
LEADERSHIP = {"pcn_clinical_director": 200, "gatekeeper": 200, "chair": 200, "admin_support": 200}


def _meeting(world) -> dict:
    return {"pk": MeetingFactory().pk}


def _item(world) -> dict:
    return {"pk": AgendaItemFactory().pk}


def _decision(world) -> dict:
    return {"pk": open_decision(world).pk}


def _agreed(world):
    decision = open_decision(world)
    round_ = decision.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    return services.decision_agree(decision=decision, agreed_by=world.users["chair"])


def _published(world):
    decision = _agreed(world)
    return services.decision_publish(
        decision=decision, summary="Blood tests move to one hub.", published_by=None
    )


def _token(world) -> dict:
    ack = _published(world).acknowledgements.get(practice=world.practice)
    return {"token": services.acknowledgement_token(ack)}


def _position(world) -> dict:
    return {"pk": open_decision(world).pk, "seat_id": world.pcn.seat.pk}


def _commitment(world) -> dict:
    commitment = services.commitment_add(
        decision=_agreed(world),
        scope="organisations",
        what="Host the hub",
        due_on=dt.date(2027, 1, 1),
        organisations=[world.pcn],
    )
    assert isinstance(commitment, Commitment)
    return {"pk": commitment.pk}


def only(allowed: dict, default: int | str = 403) -> dict:
    return outcomes(default, **allowed)


EXPECTATIONS: dict[str, Expect] = {
    "decisions:meeting-list": Expect(general_practice()),
    "decisions:meeting-calendar": Expect(general_practice()),
    "decisions:meeting-create": Expect(only(MANAGE)),
    "decisions:meeting-detail": Expect(general_practice(), kwargs=_meeting),
    "decisions:meeting-print": Expect(general_practice(), kwargs=_meeting),
    "decisions:meeting-edit": Expect(only(MANAGE), kwargs=_meeting),
    "decisions:attendance-record": Expect(only(MANAGE_POST), kwargs=_meeting, method="post"),
    "decisions:agenda-item-add": Expect(only(MANAGE), kwargs=_meeting),
    "decisions:agenda-item-edit": Expect(only(MANAGE), kwargs=_item),
    "decisions:agenda-item-notes": Expect(only(MANAGE), kwargs=_item),
    "decisions:agenda-paper-add": Expect(only(MANAGE), kwargs=_item),
    "decisions:agenda-item-move": Expect(only(MANAGE_POST), kwargs=_item, method="post"),
    "decisions:agenda-item-accept": Expect(only(MANAGE_POST), kwargs=_item, method="post"),
    "decisions:decision-list": Expect(general_practice()),
    "decisions:decision-export": Expect(general_practice()),
    "decisions:decision-create": Expect(only(MANAGE)),
    "decisions:decision-detail": Expect(only(LEADERSHIP), kwargs=_decision),
    "decisions:decision-waiting": Expect(only(LEADERSHIP), kwargs=_decision),
    # a seat holder for their own seat, the chair or admin on its behalf (empty form: 422)
    "decisions:position-record": Expect(
        only({"pcn_clinical_director": 422, "chair": 422, "admin_support": 422}),
        kwargs=_position,
        method="post",
    ),
    "decisions:decision-agree": Expect(only({"chair": 422}), kwargs=_decision, method="post"),
    "decisions:decision-round-new": Expect(only({"chair": 422}), kwargs=_decision, method="post"),
    "decisions:decision-publish": Expect(
        only({"chair": 422}), kwargs=lambda world: {"pk": _agreed(world).pk}, method="post"
    ),
    "decisions:decision-park": Expect(only({"chair": REDIRECT}), kwargs=_decision, method="post"),
    "decisions:decision-withdraw": Expect(
        only({"chair": REDIRECT}), kwargs=_decision, method="post"
    ),
    # practice contacts acknowledge for their own practice only
    "decisions:decision-acknowledge": Expect(
        only({"practice_contact": REDIRECT}),
        kwargs=lambda world: {"pk": _published(world).pk},
        data=lambda world: {"practice": world.practice.pk},
        method="post",
    ),
    # the emailed link works for anyone holding it, signed in or not
    "decisions:acknowledge-link": Expect(outcomes(200, anonymous=200), kwargs=_token),
    "decisions:commitment-add": Expect(
        only(MANAGE), kwargs=lambda world: {"pk": _agreed(world).pk}
    ),
    "decisions:commitment-list": Expect(general_practice()),
    "decisions:commitment-status": Expect(
        only({**MANAGE_POST, "pcn_clinical_director": REDIRECT}),
        kwargs=_commitment,
        method="post",
    ),
}


def _paper(world) -> dict:
    from django.core.files.base import ContentFile

    from decisions.models import AgendaPaper

    item = AgendaItemFactory()
    paper = AgendaPaper(item=item, title="Pack")
    paper.file.save("pack.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {"pk": paper.pk}


EXPECTATIONS["decisions:agenda-paper-download"] = Expect(general_practice(), kwargs=_paper)
