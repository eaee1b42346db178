"""Intake: a request submitted or logged, linked to the same ask elsewhere, answered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from members.models import Organisation

from ..models import (
    Request,
    Status,
)
from .common import (
    attachments_save,
    history_record,
    requester_email_send,
    status_move,
)


@transaction.atomic
def request_submit(
    *,
    partner: Organisation | None,
    partner_other: str = "",
    requester_name: str,
    requester_email: str,
    title: str,
    ask: str,
    why_general_practice: str,
    impact: str,
    respond_by: dt.date,
    attachments: Iterable[UploadedFile] = (),
    channel: str = "web",
    approached_via: Organisation | None = None,
    logged_by: AbstractBaseUser | None = None,
) -> Request:
    request = Request.objects.create(
        partner=partner,
        partner_other="" if partner else partner_other.strip(),
        requester_name=requester_name,
        requester_email=requester_email,
        title=title,
        ask=ask,
        why_general_practice=why_general_practice,
        impact=impact,
        respond_by=respond_by,
        channel=channel,
        approached_via=approached_via,
        logged_by=logged_by,
    )
    attachments_save(request, attachments)
    if logged_by is None:
        history_record(request, None, "Submitted the request through the public form")
    else:
        via = f" via {approached_via}" if approached_via else ""
        history_record(
            request,
            logged_by,
            f"Logged an approach by {request.requester_name} "
            f"({request.get_channel_display()}{via})",
        )
    requester_email_send(
        request,
        "we have your request",
        f"Thank you: your request “{request.title}” has reached the single point of access for "
        "local general practice. A gatekeeper will decide how the group deals with it and you "
        "will see the status and the group's response at the link below. Keep it private.",
    )
    return request


@transaction.atomic
def request_link(*, request: Request, other: Request, user: AbstractBaseUser) -> Request:
    """Mark two requests as the same ask: both join the group led by the earliest of them."""
    if request.pk == other.pk:
        raise ValidationError("A request cannot be linked to itself.")
    for item in (request, other):  # the group may have moved since the page was read
        item.refresh_from_db(fields=["same_ask_as"])
    roots = {r.same_ask_as_id or r.pk for r in (request, other)}
    root_id = min(roots)
    Request.objects.filter(pk__in=roots - {root_id}).update(same_ask_as_id=root_id)
    Request.objects.filter(same_ask_as_id__in=roots - {root_id}).update(same_ask_as_id=root_id)
    history_record(request, user, f"Linked to {other.reference} as the same ask")
    history_record(other, user, f"Linked to {request.reference} as the same ask")
    request.refresh_from_db()
    return request


@transaction.atomic
def request_unlink(*, request: Request, user: AbstractBaseUser) -> Request:
    members = list(Request.objects.filter(same_ask_as_id=request.pk).order_by("pk"))
    if members:  # the group keeps going under its next request
        new_root, rest = members[0], members[1:]
        Request.objects.filter(pk=new_root.pk).update(same_ask_as=None)
        Request.objects.filter(pk__in=[m.pk for m in rest]).update(same_ask_as=new_root)
    Request.objects.filter(pk=request.pk).update(same_ask_as=None)
    history_record(request, user, "Unlinked from its group of requests with the same ask")
    request.refresh_from_db()
    return request


@transaction.atomic
def request_answer(*, request: Request, answer: str) -> Request:
    """The requester answers the gatekeeper's questions: back to the queue, resubmitted."""
    if not answer.strip():
        raise ValidationError({"answer": "Write your answer to the group's questions."})
    status_move(request, to=Status.RESUBMITTED, answer=answer, awaiting_since=None)
    history_record(request, None, "Answered the questions and resubmitted", answer)
    return request
