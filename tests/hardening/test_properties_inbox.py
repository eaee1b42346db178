"""Hostile input on the inbox's forms (the public request form, logging, triage, linking, the
requester's answer, paper responses): never a 500, a refusal writes nothing and says why on the
field, and one valid submission of each is accepted and written."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from inbox.models import PaperRecipient, Request, Route, Status

from ..inbox.factories import PaperRecipientFactory, SystemRequestFactory
from .hostile import Accept, Endpoint, endpoint_tests


def _request_valid(world):
    return {
        "partner": str(world.icb.pk),
        "requester_name": "Sam",
        "requester_email": "sam@nhs.net",
        "title": "A title",
        "ask": "An ask",
        "why_general_practice": "Because",
        "impact": "Some",
        "respond_by": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "website": "",
    }


def _request_new(world):
    url = reverse("inbox:request-new")
    return url, [url]


def _request_new_accept(world):
    def written():
        made = Request.objects.get(title="A title")
        assert (made.partner, made.channel, made.logged_by) == (world.icb, "web", None)

    url = reverse("inbox:request-new")
    return Accept(url, url, _request_valid(world), written)


def _request_log(world):
    url = reverse("inbox:request-log")
    return url, [url]


def _request_log_valid(world):
    return {**_request_valid(world), "channel": "email", "approached_via": str(world.practice.pk)}


def _request_log_accept(world):
    def written():
        made = Request.objects.get(title="A title")
        assert made.logged_by == world.users["practice_contact"]
        assert (made.channel, made.approached_via) == ("email", world.practice)

    url = reverse("inbox:request-log")
    return Accept(url, url, _request_log_valid(world), written)


def _triage(world):
    item = SystemRequestFactory(partner=world.icb)
    page = reverse("inbox:request-detail", args=[item.pk])
    return page, [reverse("inbox:request-triage", args=[item.pk])]


def _triage_valid(world):
    return {"seen_status": Status.NEW, "route": Route.MESSAGE, "response": "Thank you."}


def _triage_accept(world):
    item = SystemRequestFactory(partner=world.icb)

    def written():
        item.refresh_from_db()
        assert (item.status, item.route, item.response) == ("triaged", "message", "Thank you.")
        assert item.triaged_by == world.users["gatekeeper"]

    page = reverse("inbox:request-detail", args=[item.pk])
    target = reverse("inbox:request-triage", args=[item.pk])
    return Accept(page, target, _triage_valid(world), written)


def _link(world):
    item = SystemRequestFactory(partner=world.icb)
    page = reverse("inbox:request-detail", args=[item.pk])
    return page, [
        reverse("inbox:request-link", args=[item.pk]),
        reverse("inbox:request-close", args=[item.pk]),
    ]


def _link_ids(world):
    other = SystemRequestFactory(partner=world.icb)
    return {"other": [f"R-{other.pk:04d}", str(other.pk), "R-²", "r-٣", "9" * 40]}


def _link_accept(world):
    first, later = (SystemRequestFactory(partner=world.icb) for _ in range(2))

    def written():
        later.refresh_from_db()
        assert later.same_ask_as == first

    page = reverse("inbox:request-detail", args=[later.pk])
    target = reverse("inbox:request-link", args=[later.pk])
    return Accept(page, target, {"other": first.reference.lower()}, written)


def _awaiting(world):
    return SystemRequestFactory(
        partner=world.icb,
        status=Status.AWAITING_REQUESTER,
        route=Route.MORE_WORK,
        questions="How many?",
    )


def _track(world):
    url = reverse("inbox:track", args=[_awaiting(world).token])
    return url, [url, reverse("inbox:track", args=["x" * 43])]


def _track_accept(world):
    item = _awaiting(world)

    def written():
        item.refresh_from_db()
        assert (item.status, item.answer) == ("resubmitted", "About forty a week.")

    url = reverse("inbox:track", args=[item.token])
    return Accept(url, url, {"answer": "About forty a week."}, written)


def _sent_paper(world):
    return PaperRecipientFactory(
        request__partner=world.icb, person=world.people["pcn_clinical_director"]
    )


def _paper(world):
    url = reverse("inbox:paper", args=[_sent_paper(world).request_id])
    return url, [url]


def _paper_accept(world):
    recipient = _sent_paper(world)

    def written():
        recipient.refresh_from_db()
        assert (recipient.response, recipient.comment) == ("support", "Happy with it.")
        assert PaperRecipient.objects.filter(responded_at__isnull=False).count() == 1

    url = reverse("inbox:paper", args=[recipient.request_id])
    return Accept(url, url, {"response": "support", "comment": "Happy with it."}, written)


ENDPOINTS: dict[str, Endpoint] = {
    "request-new": Endpoint("anonymous", _request_new, _request_new_accept, valid=_request_valid),
    "request-log": Endpoint(
        "practice_contact", _request_log, _request_log_accept, valid=_request_log_valid
    ),
    "triage": Endpoint("gatekeeper", _triage, _triage_accept, valid=_triage_valid, fresh=True),
    "link-and-close": Endpoint("gatekeeper", _link, _link_accept, ids=_link_ids),
    "track-answer": Endpoint("anonymous", _track, _track_accept),
    "paper-response": Endpoint("pcn_clinical_director", _paper, _paper_accept),
}


(
    test_hostile_submissions_never_break_refusals_write_nothing_and_say_why,
    test_a_valid_submission_is_accepted_and_written,
) = endpoint_tests(ENDPOINTS)
