"""Triage: a gatekeeper gives a request its route; the meeting and paper routes start here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from members.audit import audit_record
from members.models import Notification, Organisation, Person, Seat

from ..models import (
    UNTRIAGED,
    PaperAudience,
    PaperRecipient,
    Request,
    Route,
    Status,
)
from .common import (
    TRANSITIONS,
    IllegalTransition,
    attachments_save,
    history_record,
    requester_email_send,
    status_move,
)


def _paper_recipients(audience: str) -> list[tuple[Person, Organisation | None]]:
    if audience == PaperAudience.SEATS:
        seats = Seat.objects.filter(is_active=True, holder__isnull=False).select_related(
            "holder", "organisation"
        )
        return [(seat.holder, seat.organisation) for seat in seats]
    from guardian.models import UserObjectPermission

    practices = {str(p.pk): p for p in Organisation.objects.practices().active().order_by("name")}
    grants = UserObjectPermission.objects.filter(
        permission__codename="act_for_practice", object_pk__in=list(practices)
    ).values_list("user_id", "object_pk")
    people = {p.user_id: p for p in Person.objects.filter(user_id__in=[u for u, _ in grants])}
    return [(people[u], practices[pk]) for u, pk in grants if u in people]


@transaction.atomic
def request_triage(
    *,
    request: Request,
    user: AbstractBaseUser,
    route: str,
    response: str,
    priorities: Iterable = (),
    expected_status: str | None = None,
    questions: str = "",
    decline_reason: str = "",
    message_text: str = "",
    paper_audience: str = "",
    paper_due_on: dt.date | None = None,
    paper_file: UploadedFile | None = None,
    meeting=None,
    minutes: int | None = None,
) -> Request:
    """Give a new or resubmitted request its route; the second of two gatekeepers loses."""
    expected = expected_status or request.status
    if expected not in UNTRIAGED and expected in TRANSITIONS:
        raise IllegalTransition(
            f"This request is {Status(expected).label.lower()}: only new or resubmitted "
            "requests are triaged. Reopen it first."
        )
    now = timezone.now()
    to = {Route.MORE_WORK: Status.AWAITING_REQUESTER, Route.DECLINED: Status.CLOSED}.get(
        route, Status.TRIAGED
    )
    fields: dict = {"route": route, "response": response, "triaged_by": user, "triaged_at": now}
    if route == Route.MORE_WORK:
        fields |= {"questions": questions, "awaiting_since": now, "requester_nudged_at": None}
    elif route == Route.DECLINED:
        fields |= {"decline_reason": decline_reason, "closed_at": now}
    elif route == Route.MESSAGE:
        fields |= {"message_text": message_text or message_draft(request)}
    elif route == Route.PAPER:
        fields |= {"paper_audience": paper_audience, "paper_due_on": paper_due_on}
    status_move(request, to=to, expected=expected, **fields)
    request.priorities.set(list(priorities))
    label = Route(route).label.lower()
    history_record(request, user, f"Triaged: {label}", response)
    audit_record(
        actor=user,
        action="triage",
        subject=request,
        summary=f"Triaged request {request.pk}: {label}",
        changes={"route": route, "status": to, "response": response[:500]},
    )
    body = f"The group's response:\n\n{response}"
    if route == Route.MORE_WORK:
        body += f"\n\nBefore it can come to the group we need:\n\n{questions}"
    elif route == Route.MEETING:
        item = _add_to_agenda(request=request, user=user, meeting=meeting, minutes=minutes or 15)
        body += f"\n\nIt will be discussed at the leadership meeting on {item.meeting}."
    elif route == Route.PAPER:
        _circulate_paper(request=request, paper_file=paper_file)
    requester_email_send(request, f"our response ({label})", body)
    return request


def _add_to_agenda(*, request: Request, user, meeting, minutes: int):
    from decisions.services import agenda_item_add  # decisions never imports inbox

    item = agenda_item_add(
        meeting=meeting,
        kind="system_item",
        title=request.title,
        description=request.ask,
        minutes=minutes,
        lead=f"{request.requester_name} ({request.partner_name})",
        priority=request.priorities.first(),
        source_label=request.reference,
        source_url=reverse("inbox:request-detail", args=[request.pk]),
        proposed=False,
        added_by=user,
    )
    Request.objects.filter(pk=request.pk).update(agenda_item=item)
    request.refresh_from_db()
    history_record(request, user, f"Added to the agenda of the meeting on {item.meeting}")
    return item


def _circulate_paper(*, request: Request, paper_file: UploadedFile | None) -> None:
    if paper_file is not None:
        attachments_save(request, [paper_file], is_paper=True)
    recipients = _paper_recipients(request.paper_audience)
    PaperRecipient.objects.bulk_create(
        [PaperRecipient(request=request, person=p, organisation=o) for p, o in recipients],
        ignore_conflicts=True,
    )
    url = reverse("inbox:paper", args=[request.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=person.user_id,
                title=f"Paper for your response by {request.paper_due_on:%-d %b %Y}",
                body=request.title,
                url=url,
            )
            for person, _ in recipients
        ]
    )
    addresses = sorted({person.email for person, _ in recipients if person.email})
    if addresses:
        text = (
            f"{request.title}\n\n{request.ask}\n\nPlease respond (noted, support or concern) by "
            f"{request.paper_due_on:%-d %B %Y}: {settings.SITE_URL}{url}"
        )
        transaction.on_commit(partial(_send_each, f"Paper: {request.title}", text, addresses))
    history_record(request, request.triaged_by, f"Paper sent to {len(recipients)} recipients")


def _send_each(subject: str, text: str, addresses: list[str]) -> None:
    for address in addresses:
        send_mail(subject, text, None, [address])


def message_draft(request: Request) -> str:
    return (
        f"{request.partner_name} asks: {request.title}. {request.ask.strip()[:400]} "
        f"Response needed by {request.respond_by:%-d %b}. Views to the gatekeeper please."
    )
