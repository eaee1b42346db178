"""Nobody acts on what is not theirs: other practices' ids, CSRF.

Each probe signs in as a persona and aims at an object that belongs to someone else (another
practice, another seat, another representative, another request); the answer is a refusal and
nothing changes. htmx endpoints refuse a POST without the CSRF token. Links that need no login
(tracking, acknowledgement, calendar, password reset) are tested in test_tokens.py.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from decisions.models import Acknowledgement, Position
from inbox.models import RequestAttachment
from members.models import Notification
from priorities.models import Ballot
from representation.models import Action, Feedback

from ..decisions.factories import open_decision, published_decision
from ..inbox.factories import PaperRecipientFactory, SystemRequestFactory
from ..priorities.factories import VotingRoundFactory
from ..representation.conftest import make_body, make_lead
from ..representation.factories import ActionFactory, OccurrenceFactory, SystemMeetingFactory
from .clients import client_for
from .forms_probe import row_counts


def _refused_and_unchanged(client, url, data=None, *, allowed=(403, 404)):
    before = row_counts()
    response = client.post(url, data or {})
    assert response.status_code in allowed, (url, response.status_code)
    assert row_counts() == before
    return response


# --- another practice, another seat, another representative, another request ----------------


def test_practice_contact_cannot_acknowledge_for_another_practice(world):
    decision = published_decision(world)
    client = client_for(world.users["practice_contact"])
    url = reverse("decisions:decision-acknowledge", args=[decision.pk])
    _refused_and_unchanged(client, url, {"practice": world.other_practice.pk})
    assert not Acknowledgement.objects.filter(acknowledged_at__isnull=False).exists()
    # and their own practice works, so the refusal is about the id, not the page
    assert client.post(url, {"practice": world.practice.pk}).status_code == 302
    assert Acknowledgement.objects.get(practice=world.practice).acknowledged_at is not None


def test_practice_contact_cannot_open_or_cast_another_practices_ballot(world):
    voting_round = VotingRoundFactory()
    candidate = voting_round.candidates.first()
    client = client_for(world.users["practice_contact"])
    url = reverse("priorities:ballot-cast", args=[voting_round.pk, world.other_practice.pk])
    assert client.get(url).status_code == 403
    _refused_and_unchanged(client, url, {f"candidate_{candidate.pk}": "1"})
    assert not Ballot.objects.exists()


def test_clinical_director_cannot_record_a_position_for_another_pcns_seat(world):
    decision = open_decision(world)
    other = world.other_pcn.seat
    client = client_for(world.users["pcn_clinical_director"])
    url = reverse("decisions:position-record", args=[decision.pk, other.pk])
    data = {f"seat{other.pk}-round": "1", f"seat{other.pk}-stance": "block"}
    _refused_and_unchanged(client, url, data)
    assert not Position.objects.filter(seat=other).exists()


def test_representative_cannot_file_feedback_for_a_meeting_they_do_not_attend(world):
    make_lead(world)
    make_body(world)
    past = dt.date.today() - dt.timedelta(days=1)
    elsewhere = OccurrenceFactory(meeting=SystemMeetingFactory(name="Acute board"), date=past)
    client = client_for(world.users["representative"])
    url = reverse("representation:feedback-create", args=[elsewhere.pk])
    assert client.get(url).status_code == 403
    _refused_and_unchanged(client, url, {"discussed": "I was not there."})
    assert not Feedback.objects.exists()
    confirm = reverse("representation:briefing-confirm", args=[elsewhere.pk])
    _refused_and_unchanged(client, confirm)


def test_representative_cannot_update_another_persons_action(world):
    make_lead(world)
    theirs = ActionFactory(owner=world.people["admin_support"])
    client = client_for(world.users["representative"])
    url = reverse("representation:action-update", args=[theirs.pk])
    _refused_and_unchanged(client, url, {"status": "done"})
    assert Action.objects.get(pk=theirs.pk).status != "done"
    chase = reverse("representation:action-chase", args=[theirs.pk])
    _refused_and_unchanged(client, chase)


def test_practice_contact_cannot_read_a_request_someone_else_logged(world):
    theirs = SystemRequestFactory(partner=world.icb, logged_by=world.users["admin_support"])
    client = client_for(world.users["practice_contact"])
    response = client.get(reverse("inbox:request-detail", args=[theirs.pk]))
    assert response.status_code == 403
    assert theirs.title not in response.content.decode()


def test_an_attachment_is_reached_only_through_its_own_request(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine, theirs = (SystemRequestFactory(partner=world.icb) for _ in range(2))
    upload = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 secret", content_type="application/pdf")
    attached = RequestAttachment.objects.create(
        request=theirs, file=upload, name="plan.pdf", size=15
    )
    client = client_for(world.users["gatekeeper"])
    wrong = reverse("inbox:attachment", args=[mine.pk, attached.pk])
    assert client.get(wrong).status_code == 404
    right = reverse("inbox:attachment", args=[theirs.pk, attached.pk])
    assert client.get(right).status_code == 200


def test_a_paper_not_sent_to_you_is_refused(world):
    recipient = PaperRecipientFactory(request__partner=world.icb, person=world.people["chair"])
    client = client_for(world.users["pcn_clinical_director"])
    url = reverse("inbox:paper", args=[recipient.request_id])
    assert client.get(url).status_code == 403
    _refused_and_unchanged(client, url, {"response": "support"})


def test_marking_someone_elses_notification_read_changes_nothing(world):
    theirs = Notification.objects.create(recipient=world.users["chair"], title="Private")
    client = client_for(world.users["practice_contact"])
    url = reverse("members:notification-read", args=[theirs.pk])
    response = client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 404
    assert "Private" not in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_a_requesters_token_opens_only_their_own_request(world):
    mine = SystemRequestFactory(partner=world.icb, title="Our flu clinics")
    theirs = SystemRequestFactory(partner=world.icb, title="Their confidential ask")
    page = client_for().get(reverse("inbox:track", args=[mine.token])).content.decode()
    assert mine.title in page
    assert theirs.title not in page and theirs.token not in page


# --- CSRF: every htmx and form POST needs the token --------------------------------------


def _csrf_targets(world) -> list[tuple[str, str, dict]]:
    make_lead(world)
    decision = open_decision(world)
    published = published_decision(world)
    item = SystemRequestFactory(partner=world.icb)
    action = ActionFactory(owner=world.people["representative"])
    voting_round = VotingRoundFactory()
    note = Notification.objects.create(recipient=world.users["practice_contact"], title="Hi")
    seat = world.pcn.seat
    return [
        ("anonymous", reverse("inbox:request-new"), {"title": "x"}),
        ("gatekeeper", reverse("inbox:request-triage", args=[item.pk]), {"route": "message"}),
        ("gatekeeper", reverse("inbox:request-close", args=[item.pk]), {}),
        (
            "pcn_clinical_director",
            reverse("decisions:position-record", args=[decision.pk, seat.pk]),
            {f"seat{seat.pk}-round": "1", f"seat{seat.pk}-stance": "support"},
        ),
        (
            "practice_contact",
            reverse("decisions:decision-acknowledge", args=[published.pk]),
            {"practice": world.practice.pk},
        ),
        (
            "practice_contact",
            reverse("priorities:ballot-cast", args=[voting_round.pk, world.practice.pk]),
            {},
        ),
        ("practice_contact", reverse("members:notification-read", args=[note.pk]), {}),
        ("practice_contact", reverse("members:profile"), {"full_name": "Mallory"}),
        (
            "representative",
            reverse("representation:action-update", args=[action.pk]),
            {"status": "done"},
        ),
        ("chair", reverse("decisions:decision-agree", args=[decision.pk]), {}),
    ]


def test_posts_without_the_csrf_token_are_refused(world):
    targets = _csrf_targets(world)
    before = row_counts()
    for role, url, data in targets:
        user = None if role == "anonymous" else world.users[role]
        client = client_for(user, enforce_csrf_checks=True)
        for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
            response = client.post(url, data, **headers)
            assert response.status_code == 403, (role, url, headers, response.status_code)
    assert row_counts() == before


def test_with_the_token_the_same_htmx_post_goes_through(world):
    """The refusal above is CSRF's doing: the token from the cookie makes the post work."""
    note = Notification.objects.create(recipient=world.users["practice_contact"], title="Hi")
    client = client_for(world.users["practice_contact"], enforce_csrf_checks=True)
    client.get(reverse("members:notifications"))
    token = client.cookies["csrftoken"].value
    url = reverse("members:notification-read", args=[note.pk])
    response = client.post(url, HTTP_HX_REQUEST="true", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200
    note.refresh_from_db()
    assert note.read_at is not None


@pytest.mark.parametrize("role", ["practice_contact", "system_partner", "outsider"])
def test_a_request_page_refused_to_a_role_shows_nothing_of_it(world, role):
    """Refused without the title; request numbers are sequential, so existence is no secret."""
    existing = SystemRequestFactory(partner=world.icb)
    client = client_for(world.users[role])
    there = client.get(reverse("inbox:request-detail", args=[existing.pk]))
    assert there.status_code == 403
    assert existing.title not in there.content.decode()
