"""Each route's follow-up: message posted, paper responses, closing, reopening, nudges."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..models import (
    UNTRIAGED,
    PaperRecipient,
    PaperResponse,
    Request,
    RequestEvent,
    Route,
    Status,
)
from .common import (
    NUDGE_AFTER_DAYS,
    IllegalTransition,
    history_record,
    requester_email_send,
    status_move,
)


@transaction.atomic
def request_message_posted(*, request: Request, user: AbstractBaseUser) -> Request:
    if request.route != Route.MESSAGE:
        raise IllegalTransition("Only a request routed to a message can be marked posted.")
    now = timezone.now()
    status_move(request, to=Status.CLOSED, message_posted_at=now, closed_at=now)
    history_record(
        request, user, "Posted the message on the group's WhatsApp", request.message_text
    )
    requester_email_send(
        request, "shared with the group", "Your request was shared with the group."
    )
    return request


@transaction.atomic
def request_close(*, request: Request, user: AbstractBaseUser, summary: str) -> Request:
    """Close a triaged request; a paper closes with a summary of the responses."""
    if request.status in UNTRIAGED:
        raise IllegalTransition(
            "A request is closed through triage: choose a route (declined closes it at once)."
        )
    if request.route == Route.PAPER and not summary.strip():
        raise ValidationError({"summary": "Write the summary of the responses to send back."})
    status_move(request, to=Status.CLOSED, closing_summary=summary, closed_at=timezone.now())
    history_record(request, user, "Closed the request", summary)
    if summary.strip():
        requester_email_send(request, "the group's answer", summary)
    return request


@transaction.atomic
def request_reopen(*, request: Request, user: AbstractBaseUser) -> Request:
    status_move(request, to=Status.RESUBMITTED, closed_at=None)
    history_record(request, user, "Reopened the request")
    return request


@transaction.atomic
def paper_respond(*, recipient: PaperRecipient, response: str, comment: str = "") -> PaperRecipient:
    if response not in PaperResponse.values:
        raise ValidationError({"response": "Choose noted, support or concern."})
    if recipient.request.status != Status.TRIAGED:
        raise IllegalTransition("This paper is closed: responses are no longer taken.")
    recipient.response, recipient.comment = response, comment
    recipient.responded_at = timezone.now()
    recipient.save(update_fields=["response", "comment", "responded_at"])
    history_record(
        recipient.request,
        recipient.person.user,
        f"Responded to the paper: {recipient.get_response_display().lower()}",
        comment,
    )
    return recipient


def requests_nudge_requesters(*, now: dt.datetime | None = None) -> int:
    """Email each requester once when a more-work request has waited 10 days; claim first."""
    now = now or timezone.now()
    waiting = Request.objects.filter(
        status=Status.AWAITING_REQUESTER,
        requester_nudged_at__isnull=True,
        awaiting_since__lte=now - dt.timedelta(days=NUDGE_AFTER_DAYS),
    )
    sent = 0
    for request in waiting:
        with transaction.atomic():
            claimed = Request.objects.filter(pk=request.pk, requester_nudged_at=None).update(
                requester_nudged_at=now
            )
            if claimed != 1:
                continue
            RequestEvent.objects.create(
                request=request, actor_label="gpleadership", what="Reminded the requester", at=now
            )
            requester_email_send(
                request,
                "we are waiting for your answer",
                "The group asked for more before it can take your request forward. Please "
                f"answer at the link below:\n\n{request.questions}",
            )
            sent += 1
    return sent
