"""What every request service shares: the state machine, history, emails to the requester."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import (
    Request,
    RequestAttachment,
    RequestEvent,
    Status,
)

# Which status may follow which: anything else is refused with a message.
TRANSITIONS: dict[str, set[str]] = {
    Status.NEW: {Status.TRIAGED, Status.AWAITING_REQUESTER, Status.CLOSED},
    Status.RESUBMITTED: {Status.TRIAGED, Status.AWAITING_REQUESTER, Status.CLOSED},
    Status.AWAITING_REQUESTER: {Status.RESUBMITTED, Status.CLOSED},
    Status.TRIAGED: {Status.CLOSED},
    Status.CLOSED: {Status.RESUBMITTED},
}


REQUESTER = "The requester"


NUDGE_AFTER_DAYS = 10


class IllegalTransition(ValidationError):
    """The request's status does not allow this step."""


class TriageConflict(Exception):
    """Someone else changed the request first; carries who and when."""

    def __init__(self, request: Request) -> None:
        self.request = request
        last = request.events.select_related("actor").order_by("-at", "-id").first()
        self.who = last.actor_label if last else "someone"
        self.when = last.at if last else request.submitted_at
        super().__init__(
            f"{self.who} changed this request first "
            f"({timezone.localtime(self.when):%-d %b %Y at %H:%M}): "
            f"it is now {request.get_status_display().lower()}. Nothing you entered was saved."
        )


def actor_label(user: AbstractBaseUser | None) -> str:
    if user is None:
        return REQUESTER
    person = getattr(user, "person", None)
    return person.full_name if person else user.get_username()


def tracking_url(request: Request) -> str:
    return f"{settings.SITE_URL}{reverse('inbox:track', args=[request.token])}"


def history_record(
    request: Request, user: AbstractBaseUser | None, what: str, detail: str = ""
) -> None:
    RequestEvent.objects.create(
        request=request, actor=user, actor_label=actor_label(user), what=what, detail=detail
    )


def requester_email_send(request: Request, subject: str, body: str) -> None:
    link = tracking_url(request)
    days = settings.TRACKING_LINK_DAYS_AFTER_CLOSE
    text = (
        f"Dear {request.requester_name},\n\n{body}\n\nFollow your request: {link}\n"
        f"(the link works while the request is open and for {days} days after it closes)"
    )
    transaction.on_commit(
        partial(send_mail, f"{request.reference}: {subject}", text, None, [request.requester_email])
    )


def status_move(request: Request, *, to: str, expected: str | None = None, **fields) -> None:
    """Change status with a conditional update; refuse illegal steps, report lost races."""
    seen = expected or request.status
    if to not in TRANSITIONS[seen]:
        raise IllegalTransition(
            f"A request that is {Status(seen).label.lower()} cannot become "
            f"{Status(to).label.lower()}."
        )
    updated = Request.objects.filter(pk=request.pk, status=seen).update(status=to, **fields)
    if updated != 1:
        raise TriageConflict(Request.objects.get(pk=request.pk))
    request.refresh_from_db()


def attachments_save(request: Request, files: Iterable[UploadedFile], *, is_paper=False) -> None:
    for upload in files:
        RequestAttachment.objects.create(
            request=request,
            file=upload,
            name=upload.name[:200],
            size=upload.size,
            is_paper=is_paper,
        )
