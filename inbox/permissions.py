"""Who may see and change a request: one helper per entity, called first in every view."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from members.access import Roles, role_required, roles_for

from .models import PaperRecipient, Request

TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]+")  # what secrets.token_urlsafe makes


def can_see_inbox(roles: Roles) -> bool:
    return roles.is_superuser or roles.is_gatekeeper or roles.is_chair


def can_triage(roles: Roles) -> bool:
    return roles.is_superuser or roles.is_gatekeeper


inbox_required = role_required(can_see_inbox)
gatekeeper_required = role_required(can_triage)
staff_required = role_required(lambda r: r.is_general_practice)


def get_request_for_user(user, pk: int, *, write: bool) -> Request:
    """Gatekeepers may change any request; the chair reads them; staff read what they logged
    and papers sent to them. Anyone else gets 403, never a hint of what exists."""
    roles = roles_for(user)
    request = get_object_or_404(
        Request.objects.select_related(
            "partner", "approached_via", "logged_by__person", "agenda_item__meeting"
        ),
        pk=pk,
    )
    if can_triage(roles):
        return request
    if write:
        raise PermissionDenied("Only a gatekeeper can change a request.")
    if roles.is_chair or request.logged_by_id == user.pk:
        return request
    if roles.person_id and request.recipients.filter(person_id=roles.person_id).exists():
        return request
    raise PermissionDenied("This request is not one you logged or were sent.")


class TrackingLinkExpired(Exception):
    """A real tracking link of a request closed longer ago than TRACKING_LINK_DAYS_AFTER_CLOSE."""

    def __init__(self, request: Request) -> None:
        super().__init__(f"The tracking link of {request.reference} has expired")
        self.request = request


def get_request_for_token(token: str) -> Request:
    """The requester's private view: the token alone opens exactly one request, while it is
    open and for a while after it closes. A wrong token answers as a missing one (404)."""
    if not token or len(token) > 64 or not TOKEN_SHAPE.fullmatch(token):  # e.g. NUL: PostgreSQL
        raise Http404("No request has this link.")
    request = get_object_or_404(
        Request.objects.select_related("partner", "agenda_item__meeting"), token=token
    )
    if not request.tracking_link_works():
        raise TrackingLinkExpired(request)
    return request


def get_paper_recipient_for_user(user, pk: int) -> tuple[Request, PaperRecipient | None]:
    """A paper's page: its recipients respond; gatekeepers and the chair read the responses."""
    roles = roles_for(user)
    request = get_object_or_404(Request.objects.select_related("partner"), pk=pk, route="paper")
    recipient = (
        request.recipients.filter(person_id=roles.person_id).first() if roles.person_id else None
    )
    if recipient is None and not can_see_inbox(roles):
        raise PermissionDenied("This paper was not sent to you.")
    return request, recipient
