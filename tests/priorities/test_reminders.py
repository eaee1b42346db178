"""Reminders of practices that have not voted: 3 days and 1 day before the close, each once."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from members.models import Notification, Reminder
from members.reminders import reminders_send_due
from priorities import services

from .factories import VotingRoundFactory


def test_contacts_of_practices_not_voted_are_reminded_3_days_and_1_day_before_close_once(
    world, candidates, make_contact
):
    closes = timezone.now().replace(microsecond=0) + dt.timedelta(days=10)
    round_ = VotingRoundFactory(candidates=candidates, closes_at=closes)
    second_contact, _ = make_contact(practice=world.practice)
    voter, voted_practice = make_contact()
    services.ballot_cast(
        voting_round=round_, practice=voted_practice, user=voter, marks={candidates[0].id: 1}
    )

    def reminded(**travel):
        with time_machine.travel(closes - dt.timedelta(**travel)):
            reminders_send_due()
            reminders_send_due()  # a second sweep sends nothing more
        return set(
            Reminder.objects.filter(kind="round_not_voted").values_list("recipient_id", "due_on")
        )

    assert reminded(days=4) == set()
    three = reminded(days=2, hours=23)
    # the Park Surgery (two contacts) and Bridge End (no contacts): two reminders; voter none
    users = {world.users["practice_contact"].id, second_contact.id}
    assert {user for user, _ in three} == users
    assert len(three) == 2
    one = reminded(hours=20)
    assert len(one) == 4
    assert reminded(hours=1) == one
    assert voter.id not in {user for user, _ in one}
    assert Notification.objects.filter(recipient=world.users["practice_contact"]).count() == 2
    assert reminded(days=-1) == one  # after the close nothing more


def test_a_practice_that_votes_is_no_longer_reminded(world, candidates):
    closes = timezone.now() + dt.timedelta(days=10)
    round_ = VotingRoundFactory(candidates=candidates, closes_at=closes)
    services.ballot_cast(
        voting_round=round_,
        practice=world.practice,
        user=world.users["practice_contact"],
        marks={candidates[0].id: 1},
    )
    with time_machine.travel(closes - dt.timedelta(hours=12)):
        reminders_send_due()
    assert not Reminder.objects.filter(kind="round_not_voted").exists()
