"""The audit trail for the chair and admin support: read and export, never edit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .access import role_required
from .audit import ACTIONS
from .csv_export import csv_response
from .models import AuditEvent

audit_required = role_required(lambda r: r.is_chair or r.is_admin_support or r.is_superuser)


def _events(request: HttpRequest):
    events = AuditEvent.objects.all()
    action = request.GET.get("action", "")
    if action in ACTIONS:
        events = events.filter(action=action)
    return events, action


@audit_required
def audit_list(request: HttpRequest) -> HttpResponse:
    events, action = _events(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "actions": ACTIONS,
        "action": action,
        "querystring": f"action={action}" if action else "",
    }
    return render(request, "members/audit_list.html", context)


@audit_required
def audit_export(request: HttpRequest) -> HttpResponse:
    events, _ = _events(request)
    response, writer = csv_response("audit-trail.csv")
    writer.writerow(["when", "who", "action", "subject", "summary", "changes"])
    for event in events.iterator(chunk_size=2000):
        writer.writerow(
            [
                event.at.isoformat(),
                event.actor_label,
                ACTIONS[event.action],
                event.subject_label,
                event.summary,
                event.changes,
            ]
        )
    return response
