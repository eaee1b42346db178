"""Links that open something without a login: unguessable, expiring where they should, and a
wrong one answers exactly as a missing one.

The policy (gpleadership/settings.py, README "Security and reliability"): a password reset link
works once and for a day; a decision's acknowledge link for 60 days after the email that
carried it, then the page says it has expired and offers to sign in; a requester's tracking
link while the request is open and for 90 days after it closes; a calendar feed address while
its account is active and in general practice (calendar apps subscribe for years).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
from unittest import mock
from urllib.parse import quote

import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from decisions import services as decision_services
from decisions.models import Acknowledgement
from decisions.views.meetings import calendar_token
from inbox import services as inbox_services
from inbox.models import DeclineReason, Request, Route, Status, new_token

from ..decisions.factories import MeetingFactory, published_decision
from ..inbox.factories import SystemRequestFactory
from .clients import client_for

DAY = dt.timedelta(days=1)


def _bits_of_urlsafe(text: str) -> int:
    return len(text) * 6  # base64url: six bits a character


def _signature_bits(token: str) -> int:
    signature = token.rsplit(":", 1)[1]
    return len(base64.urlsafe_b64decode(signature + "=" * (-len(signature) % 4))) * 8


def _body_without(response, *texts: str) -> str:
    body = response.content.decode()
    for text in texts:
        body = body.replace(text, "TOKEN")
    # the CSRF token in forms and the CSP nonce differ per response: not about the token
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", body)
    body = re.sub(r'"X-CSRFToken": "[^"]+"', "", body)
    return re.sub(r'nonce="[^"]+"', "", body)


def _answer(response, *texts: str) -> tuple:
    """What a visitor learns from a response: status, where it sends them, and the page."""
    location = response.get("Location", "")
    for text in texts:
        location = location.replace(quote(text, safe=""), "TOKEN").replace(text, "TOKEN")
    return response.status_code, location, _body_without(response, *texts)


# --- at least 128 bits -----------------------------------------------------------------------


def test_tracking_tokens_come_from_the_system_random_source_with_at_least_128_bits(world):
    with mock.patch("inbox.models.secrets.token_urlsafe", wraps=secrets.token_urlsafe) as spy:
        token = new_token()
    (nbytes,), _ = spy.call_args
    assert nbytes * 8 >= 128
    assert _bits_of_urlsafe(token) >= 128 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    tokens = {SystemRequestFactory(partner=world.icb).token for _ in range(20)}
    assert len(tokens) == 20
    assert all(_bits_of_urlsafe(t) >= 128 for t in tokens)


def test_acknowledgement_links_are_signed_with_at_least_128_bits(world):
    decision = published_decision(world)
    acknowledgement = decision.acknowledgements.get(practice=world.practice)
    token = decision_services.acknowledgement_token(acknowledgement)
    assert _signature_bits(token) >= 128
    # the same payload signed without the project's secret and salt is refused
    forged = signing.dumps({"a": acknowledgement.pk}, key="not-the-secret", compress=True)
    other_salt = signing.dumps({"a": acknowledgement.pk}, salt="elsewhere", compress=True)
    for wrong in (forged, other_salt, token[:-1] + ("A" if token[-1] != "A" else "B")):
        response = client_for().get(reverse("decisions:acknowledge-link", args=[wrong]))
        assert response.status_code == 400
    acknowledgement.refresh_from_db()
    assert acknowledgement.acknowledged_at is None


def test_calendar_feed_addresses_are_signed_with_at_least_128_bits(world):
    token = calendar_token(world.users["practice_contact"])
    assert _signature_bits(token) >= 128
    forged = signing.dumps(world.users["practice_contact"].pk, key="guess")
    response = client_for().get(reverse("decisions:meeting-calendar"), {"token": forged})
    assert response.status_code == 302 and "/login/" in response["Location"]


# --- a wrong token answers exactly as a missing one ------------------------------------------


def test_a_wrong_tracking_token_answers_exactly_as_a_missing_one(world):
    gone = SystemRequestFactory(partner=world.icb)
    gone_token = gone.token
    Request.objects.filter(pk=gone.pk).delete()
    client = client_for()
    candidates = {
        "wrong": new_token(),
        "deleted request": gone_token,
        "too long": "a" * 65,
        "one character": "Q",
        "sql": "' OR '1'='1",
        "nul byte": "abc\x00def",
        "right-to-left": "\u202eabcdef",
    }
    answers = {}
    for label, token in candidates.items():
        response = client.get(reverse("inbox:track", args=[token]))
        answers[label] = _answer(response, token)
        response = client.post(reverse("inbox:track", args=[token]), {"answer": "hello"})
        assert response.status_code == 404, label
    assert {status for status, _, _ in answers.values()} == {404}
    assert len(set(answers.values())) == 1, "the answers differ"


def test_a_wrong_acknowledgement_link_answers_exactly_as_a_missing_one(world):
    decision = published_decision(world)
    acknowledgement = decision.acknowledgements.get(practice=world.other_practice)
    deleted_token = decision_services.acknowledgement_token(acknowledgement)
    Acknowledgement.objects.filter(pk=acknowledgement.pk).delete()
    client = client_for()
    candidates = {
        "garbage": "not-a-signed-link",
        "deleted acknowledgement": deleted_token,
        "unsigned": base64.urlsafe_b64encode(b'{"a":1}').decode(),
        "forged": signing.dumps({"a": 1}, key="guess", compress=True),
        "nul byte": "abc\x00def",
    }
    answers = {}
    for label, token in candidates.items():
        response = client.get(reverse("decisions:acknowledge-link", args=[token]))
        answers[label] = _answer(response, token)
    assert {status for status, _, _ in answers.values()} == {400}
    assert len(set(answers.values())) == 1, "the answers differ"
    # and a deleted acknowledgement's link does not say it expired, even long after
    with time_machine.travel(timezone.now() + 365 * DAY, tick=False):
        late = client.get(reverse("decisions:acknowledge-link", args=[deleted_token]))
    assert _answer(late, deleted_token) == answers["garbage"]


def test_a_wrong_calendar_address_answers_exactly_as_a_missing_one(world):
    url = reverse("decisions:meeting-calendar")
    MeetingFactory(title="March leadership meeting")
    left = world.users["admin_support"]
    left_token = calendar_token(left)
    left.is_active = False
    left.save(update_fields=["is_active"])
    client = client_for()
    missing = _answer(client.get(url))
    assert missing[0] == 302 and "/login/" in missing[1]
    for token in ("forged", signing.dumps(1, key="guess"), left_token, "\u202e1"):
        response = client.get(url, {"token": token})
        status, location, body = _answer(response, token)
        assert (status, re.sub(r"%3Ftoken%3D[^&]*", "", location), body) == missing, token
        assert b"March leadership meeting" not in response.content


# --- expiry ---------------------------------------------------------------------------------


def test_an_acknowledgement_link_works_for_60_days_then_offers_to_sign_in(world, settings):
    assert settings.ACKNOWLEDGEMENT_LINK_DAYS == 60
    decision = published_decision(world)
    mine, theirs = (
        decision.acknowledgements.get(practice=practice)
        for practice in (world.practice, world.other_practice)
    )
    emailed = timezone.now()
    with time_machine.travel(emailed, tick=False):
        mine_token, theirs_token = map(decision_services.acknowledgement_token, (mine, theirs))
    client = client_for()
    with time_machine.travel(emailed + 59 * DAY, tick=False):
        response = client.get(reverse("decisions:acknowledge-link", args=[mine_token]))
    assert response.status_code == 200
    mine.refresh_from_db()
    assert mine.acknowledged_at is not None and mine.via_link

    with time_machine.travel(emailed + 61 * DAY, tick=False):
        response = client.get(reverse("decisions:acknowledge-link", args=[theirs_token]))
        tampered = theirs_token[:-1] + ("A" if theirs_token[-1] != "A" else "B")
        wrong = client.get(reverse("decisions:acknowledge-link", args=[tampered]))
    assert response.status_code == 410
    page = response.content.decode()
    assert "This link has expired" in page and "work for 60 days" in page
    detail = reverse("decisions:decision-detail", args=[decision.pk])
    assert f'href="{reverse("login")}?next={quote(detail)}"' in page
    theirs.refresh_from_db()
    assert theirs.acknowledged_at is None
    # only a link this site signed is told it expired; a tampered one just does not work
    assert wrong.status_code == 400 and "expired" not in wrong.content.decode()


def test_the_publishing_email_says_how_long_its_link_works(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = published_decision(world)
    (body, *_) = [m.body for m in mail.outbox if m.subject == f"Decision: {decision.title}"]
    assert "the link works for 60 days" in body
    token = re.search(r"/decisions/acknowledge/([^/\s]+)/", body).group(1)
    assert decision_services.acknowledgement_from_token(token) is not None


def _declined(world, **fields):
    item = SystemRequestFactory(partner=world.icb, title="Phlebotomy for the hospital", **fields)
    return inbox_services.request_triage(
        request=item,
        user=world.users["gatekeeper"],
        route=Route.DECLINED,
        response="Not for general practice.",
        decline_reason=DeclineReason.NOT_GENERAL_PRACTICE,
    )


def test_a_tracking_link_works_while_open_and_for_90_days_after_closing(world, settings):
    assert settings.TRACKING_LINK_DAYS_AFTER_CLOSE == 90
    start = timezone.now()
    client = client_for()
    with time_machine.travel(start, tick=False):
        still_open = SystemRequestFactory(partner=world.icb, title="Still being worked up")
        declined = _declined(world)
    assert declined.status == Status.CLOSED and declined.closed_at is not None
    url = reverse("inbox:track", args=[declined.token])
    with time_machine.travel(start + 400 * DAY, tick=False):
        page = client.get(reverse("inbox:track", args=[still_open.token]))
    assert page.status_code == 200 and "Still being worked up" in page.content.decode()

    with time_machine.travel(start + 89 * DAY, tick=False):
        before = client.get(url)
    assert before.status_code == 200 and "Not for general practice." in before.content.decode()

    with time_machine.travel(start + 91 * DAY, tick=False):
        after = client.get(url)
        answered = client.post(url, {"answer": "But please?"})
    assert after.status_code == 410 and answered.status_code == 410
    page = after.content.decode()
    assert "This link has expired" in page and declined.reference in page
    assert "Phlebotomy for the hospital" not in page and "Not for general practice." not in page
    declined.refresh_from_db()
    assert declined.answer == ""


def test_reopening_a_closed_request_brings_its_tracking_link_back(world):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        declined = _declined(world)
    with time_machine.travel(start + 120 * DAY, tick=False):
        url = reverse("inbox:track", args=[declined.token])
        assert client_for().get(url).status_code == 410
        inbox_services.request_reopen(request=declined, user=world.users["gatekeeper"])
        assert client_for().get(url).status_code == 200


def test_a_tracking_link_expiry_is_counted_from_closing_not_from_sending(world):
    long_ago = timezone.now() - 365 * DAY
    declined = _declined(world, submitted_at=long_ago)
    assert declined.tracking_link_works()
    assert declined.tracking_link_works(now=declined.closed_at + 90 * DAY - dt.timedelta(minutes=1))
    assert not declined.tracking_link_works(now=declined.closed_at + 90 * DAY)


def _reset_link(client, email: str) -> str:
    client.post(reverse("password_reset"), {"email": email})
    return re.search(r"http://testserver(/\S+/reset/\S+/)", mail.outbox[-1].body).group(1)


def test_a_password_reset_link_works_for_a_day_only(world, settings):
    assert settings.PASSWORD_RESET_TIMEOUT == 24 * 60 * 60
    chair = world.users["chair"]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fresh = _reset_link(Client(), chair.email)
        stale = _reset_link(Client(), chair.email)
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        form = Client().get(fresh, follow=True)
    assert "<h1>Choose a new password</h1>" in form.content.decode()
    with time_machine.travel(start + dt.timedelta(hours=25), tick=False):
        late = Client().get(stale, follow=True)
    assert "too old" in late.content.decode()
    assert "<h1>Choose a new password</h1>" not in late.content.decode()


def test_a_wrong_password_reset_link_answers_exactly_as_an_old_one(world):
    chair = world.users["chair"]
    uid = urlsafe_base64_encode(force_bytes(chair.pk))
    with time_machine.travel(timezone.now() - 2 * DAY, tick=False):
        old = default_token_generator.make_token(chair)
    answers = set()
    for uidb64, token in ((uid, old), (uid, "abc-" + "0" * 32), ("Zm9v", old)):
        url = reverse("password_reset_confirm", args=[uidb64, token])
        response = Client().get(url, follow=True)
        answers.add((response.status_code, _body_without(response, uidb64, token)))
    assert len(answers) == 1, "the answers differ"
