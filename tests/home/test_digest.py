"""The weekly digest: once per person per week, opt-out respected, HTML and text checked."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from decisions.models import Acknowledgement
from home.services import digest_send_weekly
from home.tasks import send_weekly_digest_task
from inbox.models import Route, Status
from members.models import Reminder
from members.reminders import DueReminder, reminder_send
from members.services import practice_contact_grant
from tests.factories import PersonFactory
from tests.inbox.factories import SystemRequestFactory
from tests.priorities.factories import VotingRoundFactory
from tests.representation.factories import AgreementFactory

from .factories import published_decision

WEDNESDAY = dt.datetime(2026, 11, 18, 10, 0, tzinfo=dt.UTC)
MONDAY = dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC)


@pytest.fixture
def week(world):
    """A week of the group's work, Wednesday 18 November 2026, digested on Monday 23rd."""
    with time_machine.travel(WEDNESDAY, tick=False):
        decision = published_decision(world, "Shared phlebotomy service")
        agreement = AgreementFactory(
            feedback__discussed="The winter plan for same-day access.",
            text="Practices host the January hub.",
        )
        SystemRequestFactory(
            title="Flu clinic data",
            status=Status.TRIAGED,
            route=Route.DECLINED,
            decline_reason="contractual",
            triaged_at=timezone.now(),
        )
    with time_machine.travel(MONDAY - dt.timedelta(days=1), tick=False):
        voting_round = VotingRoundFactory(title="Priorities for 2027")
    return {"decision": decision, "agreement": agreement, "round": voting_round}


def send(django_capture_on_commit_callbacks, now=MONDAY) -> int:
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        return digest_send_weekly()


def test_the_digest_goes_once_per_person_per_week(
    world, week, mailoutbox, django_capture_on_commit_callbacks
):
    assert send(django_capture_on_commit_callbacks) == 1
    assert send(django_capture_on_commit_callbacks) == 0
    assert send(django_capture_on_commit_callbacks, MONDAY + dt.timedelta(hours=5)) == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [world.people["practice_contact"].email]
    claim = Reminder.objects.get(kind="weekly_digest")
    assert claim.due_on == dt.date(2026, 11, 23) and claim.emailed_at is not None
    assert send(django_capture_on_commit_callbacks, MONDAY + dt.timedelta(days=7)) == 1
    assert len(mailoutbox) == 2


def test_a_contact_of_two_practices_gets_one_digest_with_both_links(
    world, week, mailoutbox, django_capture_on_commit_callbacks
):
    practice_contact_grant(user=world.users["practice_contact"], practice=world.other_practice)
    assert send(django_capture_on_commit_callbacks) == 1
    text = mailoutbox[0].body
    assert "Confirm Bridge End Surgery has seen it" in text
    assert "Confirm The Park Surgery has seen it" in text


def test_opting_out_stops_the_digest_but_never_direct_reminders(
    world, week, mailoutbox, django_capture_on_commit_callbacks
):
    person = world.people["practice_contact"]
    person.digest_opt_out = True
    person.save(update_fields=["digest_opt_out"])
    other = PersonFactory(full_name="Omar Bridge")
    practice_contact_grant(user=other.user, practice=world.other_practice)
    assert send(django_capture_on_commit_callbacks) == 1
    assert [m.to for m in mailoutbox] == [[other.email]]
    with django_capture_on_commit_callbacks(execute=True):
        reminder_send(
            DueReminder(
                kind="round_not_voted",
                subject=week["round"],
                recipient_id=person.user_id,
                due_on=dt.date(2026, 11, 23),
                title="Your practice has not voted",
                body="Vote before the round closes.",
            )
        )
    assert mailoutbox[-1].to == [person.email]


def test_the_digest_html_and_text_say_what_the_group_did(
    world, week, mailoutbox, django_capture_on_commit_callbacks, client
):
    send(django_capture_on_commit_callbacks)
    message = mailoutbox[0]
    html = message.alternatives[0][0]
    assert message.alternatives[0][1] == "text/html"
    for body in (message.body, html):
        assert "Shared phlebotomy service" in body
        assert "Priorities for 2027" in body
        assert "The winter plan for same-day access." in body
        assert "Practices host the January hub." in body
        assert "Flu clinic data" in body and "Declined" in body
        assert reverse("priorities:ballot-cast", args=[week["round"].pk, world.practice.pk]) in body
        assert reverse("members:profile") in body
    assert "<h2" in html and "<h2" not in message.body
    assert message.subject == "The leadership group this week: 16 to 22 November"
    # the acknowledge link in the email works without signing in
    link = next(line for line in message.body.splitlines() if "/decisions/acknowledge/" in line)
    path = link[link.index("/decisions/acknowledge/") :].strip()
    assert client.get(path).status_code == 200
    assert Acknowledgement.objects.get(practice=world.practice).is_seen


def test_a_quiet_week_says_so(world, mailoutbox, django_capture_on_commit_callbacks):
    send(django_capture_on_commit_callbacks)
    assert "It was a quiet week" in mailoutbox[0].body


def test_the_beat_task_sends_the_digest(
    world, week, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(MONDAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digest_task() == 1
        assert send_weekly_digest_task() == 0
    assert len(mailoutbox) == 1


def test_a_contact_previews_their_digest_in_html_and_text(world, week, login):
    client = login(world.users["practice_contact"])
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        page = client.get(reverse("home:digest-preview"))
        text = client.get(reverse("home:digest-preview") + "?format=text")
    assert page.status_code == 200
    assert b"Shared phlebotomy service" in page.content
    assert b"/decisions/acknowledge/" in page.content
    assert b"style=" not in page.content.split(b'id="digest-html"')[1]  # the CSP refuses them
    assert text["Content-Type"].startswith("text/plain")
    assert "DECISIONS AGREED" in text.content.decode()


def test_the_chair_previews_a_practices_digest_without_acknowledging_for_it(world, week, login):
    client = login(world.users["chair"])
    with time_machine.travel(MONDAY + dt.timedelta(hours=1), tick=False):
        page = client.get(reverse("home:digest-preview"), {"practice": world.other_practice.pk})
    html = page.content.decode()
    assert "Confirm Bridge End Surgery has seen it" in html
    assert "/decisions/acknowledge/" not in html
