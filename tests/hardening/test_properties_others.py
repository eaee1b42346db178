"""Hostile input on the forms of priorities (ballots, candidates, rounds), representation
(briefings, feedback, actions, meetings represented) and members (register import, profile):
never a 500, a refusal writes nothing and says why on the field, and one valid submission of
each is accepted and written. Also: a forged formset count builds a bounded page."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from members.models import ImportRun
from priorities.models import Ballot, Priority, VotingMethod
from representation.models import Action, BriefingItem, Feedback, SystemMeeting

from ..priorities.factories import PriorityFactory, VotingRoundFactory
from ..representation.conftest import make_body, make_lead
from ..representation.factories import ActionFactory, OccurrenceFactory, SystemMeetingFactory
from .forms_probe import post_and_check
from .hostile import (
    Accept,
    Endpoint,
    endpoint_tests,
    signed_in,
)

REGISTERS = Path(__file__).resolve().parent.parent / "members" / "registers"


def _ballot(world):
    targets = []
    for method in VotingMethod.values:
        voting_round = VotingRoundFactory(method=method, points_budget=10)
        own = reverse("priorities:ballot-cast", args=[voting_round.pk, world.practice.pk])
        targets.append((own, own))
    pk = voting_round.pk
    targets.append(reverse("priorities:ballot-cast", args=[pk, world.other_practice.pk]))
    targets.append(reverse("priorities:ballot-cast", args=[pk, 10**15]))
    return own, targets


def _ballot_accept(world):
    voting_round = VotingRoundFactory(method=VotingMethod.APPROVAL)
    chosen = voting_round.candidates.order_by("pk").first()

    def written():
        ballot = Ballot.objects.get(round=voting_round, practice=world.practice)
        assert ballot.cast_by == world.users["practice_contact"]
        assert ballot.comment == "Resilience first."

    url = reverse("priorities:ballot-cast", args=[voting_round.pk, world.practice.pk])
    data = {f"candidate_{chosen.pk}": "on", "comment": "Resilience first."}
    return Accept(url, url, data, written)


def _priority_forms(world):
    priority = PriorityFactory()
    own_page = [  # each form is the page at its own address
        reverse("priorities:priority-create"),
        reverse("priorities:priority-edit", args=[priority.pk]),
        reverse("priorities:round-create"),
    ]
    return own_page[0], [(url, url) for url in own_page]


def _priority_accept(world):
    def written():
        priority = Priority.objects.get(title="Recruit practice nurses")
        assert priority.created_by == world.users["chair"]

    url = reverse("priorities:priority-create")
    data = {"title": "Recruit practice nurses", "summary": "A shared recruitment campaign."}
    return Accept(url, url, data, written)


def _briefing(world):
    make_lead(world)
    occurrence = OccurrenceFactory(meeting=make_body(world))
    elsewhere = OccurrenceFactory(meeting=SystemMeetingFactory())
    url = reverse("representation:briefing", args=[occurrence.pk])
    return url, [url, reverse("representation:briefing", args=[elsewhere.pk])]


def _briefing_accept(world):
    make_lead(world)
    occurrence = OccurrenceFactory(meeting=make_body(world))

    def written():
        item = BriefingItem.objects.get(briefing__occurrence=occurrence)
        assert (item.title, item.mandate) == ("Winter plan", "must_come_back")

    url = reverse("representation:briefing", args=[occurrence.pk])
    data = {"title": "Winter plan", "position": "Support if funded.", "mandate": "must_come_back"}
    return Accept(url, url, data, written)


def _past_occurrence(world, meeting=None):
    past = dt.date.today() - dt.timedelta(days=1)
    return OccurrenceFactory(meeting=meeting or make_body(world), date=past)


def _feedback(world):
    make_lead(world)
    occurrence = _past_occurrence(world)
    elsewhere = _past_occurrence(world, SystemMeetingFactory())
    url = reverse("representation:feedback-create", args=[occurrence.pk])
    return url, [url, reverse("representation:feedback-create", args=[elsewhere.pk])]


def _feedback_valid(world):
    return {"discussed": "The winter plan."}


def _person_ids(world):
    ids = [str(p.pk) for p in world.people.values()]
    return {f"action-{i}-owner": [*ids, "abc", "²", "9" * 20] for i in range(3)}


def _feedback_accept(world):
    make_lead(world)
    occurrence = _past_occurrence(world)

    def written():
        feedback = Feedback.objects.get(occurrence=occurrence)
        assert feedback.filed_by == world.people["representative"]
        assert feedback.discussed == "The winter plan."

    url = reverse("representation:feedback-create", args=[occurrence.pk])
    return Accept(url, url, _feedback_valid(world), written)


def _action(world):
    make_lead(world)
    mine = ActionFactory(owner=world.people["representative"])
    theirs = ActionFactory(owner=world.people["admin_support"])
    return reverse("representation:action-list"), [
        reverse("representation:action-update", args=[mine.pk]),
        reverse("representation:action-update", args=[theirs.pk]),
    ]


def _action_accept(world):
    make_lead(world)
    mine = ActionFactory(owner=world.people["representative"])

    def written():
        mine.refresh_from_db()
        assert mine.status == "done"

    page = reverse("representation:action-list")
    target = reverse("representation:action-update", args=[mine.pk])
    return Accept(page, target, {"status": "done"}, written)


def _body_forms(world):
    make_lead(world)
    body = make_body(world)
    detail = reverse("representation:body-detail", args=[body.pk])
    history = reverse("representation:review-history", args=[world.people["representative"].pk])
    return reverse("representation:body-create"), [
        reverse("representation:body-create"),
        (detail, detail),
        (detail, reverse("representation:body-representatives", args=[body.pk])),
        (history, history),
    ]


def _body_accept(world):
    make_lead(world)

    def written():
        body = SystemMeeting.objects.get(name="Urgent care board")
        assert list(body.assignments.values_list("person", flat=True)) == [
            world.people["representative"].pk
        ]

    url = reverse("representation:body-create")
    data = {
        "name": "Urgent care board",
        "organiser": "The ICB",
        "cadence": "monthly",
        "representatives": [str(world.people["representative"].pk)],
    }
    return Accept(url, url, data, written)


def _import(world):
    url = reverse("members:import-new")
    return url, [url]


def _import_accept(world):
    def written():
        run = ImportRun.objects.get()
        assert run.started_by == world.users["admin_support"]

    url = reverse("members:import-new")
    files = {
        name: SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/csv")
        for name, path in (
            ("map_file", REGISTERS / "map-2026-04.csv"),
            ("patients_file", REGISTERS / "patients-2026-04.csv"),
        )
    }
    return Accept(url, url, {"scope_kind": "sub_icb", "codes": "16C"}, written, files=files)


def _profile(world):
    url = reverse("members:profile")
    return url, [url]


def _profile_accept(world):
    person = world.people["practice_contact"]

    def written():
        person.refresh_from_db()
        assert (person.full_name, person.job_title) == ("Linda Price-Evans", "Practice manager")

    url = reverse("members:profile")
    data = {"full_name": "Linda Price-Evans", "job_title": "Practice manager"}
    return Accept(url, url, data, written)


ENDPOINTS: dict[str, Endpoint] = {
    "ballot": Endpoint("practice_contact", _ballot, _ballot_accept),
    "priorities-and-rounds": Endpoint("chair", _priority_forms, _priority_accept),
    "briefing": Endpoint("representative", _briefing, _briefing_accept),
    "feedback": Endpoint(
        "representative", _feedback, _feedback_accept, valid=_feedback_valid, ids=_person_ids
    ),
    "action-update": Endpoint("representative", _action, _action_accept),
    "meetings-represented": Endpoint("pcn_clinical_director", _body_forms, _body_accept),
    "register-import": Endpoint("admin_support", _import, _import_accept),
    "profile": Endpoint("practice_contact", _profile, _profile_accept),
}


@pytest.fixture(autouse=True)
def _imports_in_tmp(settings, tmp_path):
    settings.IMPORTS_DIR = tmp_path / "imports"


(
    test_hostile_submissions_never_break_refusals_write_nothing_and_say_why,
    test_a_valid_submission_is_accepted_and_written,
) = endpoint_tests(ENDPOINTS)


def test_a_forged_formset_count_builds_a_bounded_page(world, django_assert_max_num_queries):
    """Found by this suite: TOTAL_FORMS=99999 made the feedback page build 2,000 rows (17 s,
    2,011 queries, 4 MB). The formsets are capped; the refusal says what happened."""
    make_lead(world)
    occurrence = _past_occurrence(world)
    client = signed_in(world, "representative")
    forged = {"discussed": "x", "action-INITIAL_FORMS": "0", "agreement-INITIAL_FORMS": "0"}
    forged |= {"action-TOTAL_FORMS": "99999", "agreement-TOTAL_FORMS": "2000"}
    url = reverse("representation:feedback-create", args=[occurrence.pk])
    with django_assert_max_num_queries(150):
        response = post_and_check(client, url, forged)
    assert response.status_code == 422
    assert len(response.content) < 200_000
    assert "Reload the page and try again" in response.content.decode()
    assert not Action.objects.exists()
