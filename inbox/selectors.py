"""Reads the inbox pages share, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from members.models import Organisation
from members.query import whole_number

from .models import UNTRIAGED, Request, Status, add_working_days

SORTS = {
    "oldest": ("submitted_at", "id"),
    "newest": ("-submitted_at", "-id"),
    "respond_by": ("respond_by", "id"),
    "partner": ("partner__name", "partner_other", "id"),
}


def overdue_before(today: dt.date | None = None) -> dt.datetime:
    """Untriaged requests submitted before this moment are past the service level."""
    today = today or timezone.localdate()
    day = today
    while add_working_days(day, settings.TRIAGE_SERVICE_LEVEL_DAYS) >= today:
        day -= dt.timedelta(days=1)
    start = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(start)


@dataclass
class QueueFilters:
    status: str = ""
    route: str = ""
    partner: str = ""
    priority: str = ""
    overdue: bool = False
    q: str = ""
    sort: str = "oldest"


def inbox_queue(*, filters: QueueFilters) -> QuerySet[Request]:
    requests = Request.objects.select_related("partner", "approached_via").prefetch_related(
        "priorities"
    )
    if filters.status:
        requests = requests.filter(status=filters.status)
    else:  # the working queue hides closed requests unless asked for
        requests = requests.exclude(status=Status.CLOSED)
    if filters.route:
        requests = requests.filter(route=filters.route)
    if (partner := whole_number(filters.partner)) is not None:
        requests = requests.filter(partner_id=partner)
    if (priority := whole_number(filters.priority)) is not None:
        requests = requests.filter(priorities__id=priority).distinct()
    if filters.overdue:
        requests = requests.filter(status__in=UNTRIAGED, submitted_at__lt=overdue_before())
    if filters.q:
        q = filters.q.replace("\x00", "").strip()  # PostgreSQL refuses NUL in a query
        match = (
            Q(title__icontains=q)
            | Q(ask__icontains=q)
            | Q(requester_name__icontains=q)
            | Q(partner__name__icontains=q)
            | Q(partner_other__icontains=q)
        )
        number = q.upper().removeprefix("R-")
        if (pk := whole_number(number)) is not None:
            match |= Q(pk=pk)
        requests = requests.filter(match)
    return requests.order_by(*SORTS.get(filters.sort, SORTS["oldest"]))


def status_counts() -> dict[str, int]:
    counts = dict.fromkeys(Status.values, 0)
    counts.update(
        Request.objects.values_list("status").annotate(n=Count("*")).values_list("status", "n")
    )
    counts["overdue"] = Request.objects.filter(
        status__in=UNTRIAGED, submitted_at__lt=overdue_before()
    ).count()
    return counts


def request_linked(request: Request) -> list[Request]:
    root = request.same_ask_as_id or request.pk
    return list(
        Request.objects.filter(Q(pk=root) | Q(same_ask_as_id=root))
        .exclude(pk=request.pk)
        .select_related("partner", "approached_via")
    )


def request_history(request: Request) -> QuerySet:
    return request.events.all()


def requests_for_staff(user) -> QuerySet[Request]:
    """What a member of general practice staff sees: approaches they logged, papers sent to them."""
    person = getattr(user, "person", None)
    mine = Q(logged_by=user)
    if person is not None:
        mine |= Q(recipients__person=person)
    return Request.objects.filter(mine).select_related("partner").distinct()


@dataclass
class PartnerSummary:
    partner: Organisation
    requests: list[Request]
    asks: int
    multi_door_asks: int


def partner_summary(partner: Organisation) -> PartnerSummary:
    """How often a partner took the same ask to more than one door of general practice."""
    requests = list(
        Request.objects.filter(partner=partner)
        .select_related("approached_via")
        .order_by("-submitted_at")
    )
    groups: dict[int, set] = {}
    for request in requests:
        door = request.approached_via_id or "single point of access"
        groups.setdefault(request.same_ask_as_id or request.pk, set()).add(door)
    return PartnerSummary(
        partner=partner,
        requests=requests,
        asks=len(groups),
        multi_door_asks=sum(1 for doors in groups.values() if len(doors) > 1),
    )
