"""Reminder sources of the inbox: the gatekeepers' daily summary, papers awaiting responses,
and the once-only nudge to a requester whose more-work request has waited 10 days."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from members.models import LeadershipRole, RoleKind
from members.reminders import DueReminder, reminder_source

from . import selectors, services
from .models import UNTRIAGED, PaperRecipient, Request, Route, Status

PAPER_CHASE_DAYS = 2


@reminder_source("inbox_gatekeeper_summary")
def gatekeeper_summary(now: dt.datetime) -> Iterable[DueReminder]:
    """Each working day with requests waiting, every gatekeeper gets one summary."""
    today = timezone.localdate(now)
    if today.weekday() >= 5:
        return
    waiting = Request.objects.filter(status__in=UNTRIAGED)
    untriaged = waiting.count()
    if not untriaged:
        return
    overdue = waiting.filter(submitted_at__lt=selectors.overdue_before(today)).count()
    roles = LeadershipRole.objects.active().filter(kind=RoleKind.GATEKEEPER)
    roles = roles.select_related("person")
    for role in roles:
        yield DueReminder(
            kind="inbox_gatekeeper_summary",
            subject=role,
            recipient_id=role.person.user_id,
            due_on=today,
            title=f"Requests: {untriaged} waiting for triage, {overdue} overdue",
            body=(
                f"{untriaged} request{'s' if untriaged != 1 else ''} from the system "
                f"{'are' if untriaged != 1 else 'is'} waiting for a route; {overdue} "
                "past the service level."
            ),
            url=reverse("inbox:queue") + ("?overdue=1" if overdue else ""),
        )


@reminder_source("inbox_paper_response")
def paper_responses_due(now: dt.datetime) -> Iterable[DueReminder]:
    """Recipients who have not responded are chased once, 2 days before the response date."""
    today = timezone.localdate(now)
    recipients = PaperRecipient.objects.filter(
        response="",
        request__route=Route.PAPER,
        request__status=Status.TRIAGED,
        request__paper_due_on__gte=today,
        request__paper_due_on__lte=today + dt.timedelta(days=PAPER_CHASE_DAYS),
    ).select_related("request", "person")
    for recipient in recipients:
        paper = recipient.request
        yield DueReminder(
            kind="inbox_paper_response",
            subject=recipient,
            recipient_id=recipient.person.user_id,
            due_on=paper.paper_due_on - dt.timedelta(days=PAPER_CHASE_DAYS),
            title=f"Your response to “{paper.title}” is due {paper.paper_due_on:%-d %b}",
            body="The group asked for your response: noted, support or concern, with a comment.",
            url=reverse("inbox:paper", args=[paper.pk]),
        )


@reminder_source("inbox_requester_nudge")
def requester_nudges(now: dt.datetime) -> Iterable[DueReminder]:
    """Requesters have no account, so no Reminder row can name them: the service claims each
    nudge on the request itself (`requester_nudged_at`, a conditional update) and emails it.
    Running it from the sweep keeps one schedule for every reminder."""
    services.requests_nudge_requesters(now=now)
    return ()
