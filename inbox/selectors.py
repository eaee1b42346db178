"""Reads the inbox pages share, each with a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from members.models import Organisation
from members.query import whole_number
from priorities.models import Priority

from .caching import cached
from .models import UNTRIAGED, PaperRecipient, Request, Status, add_working_days

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


def _queue_matching(filters: QueueFilters) -> QuerySet[Request]:
    requests = Request.objects.all()
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
    if q := filters.q.replace("\x00", "").strip():  # PostgreSQL refuses NUL in a query
        match = (
            Q(title__icontains=q)
            | Q(ask__icontains=q)
            | Q(requester_name__icontains=q)
            | Q(partner_other__icontains=q)
        )
        # Partner names as a list of ids rather than a join: every branch of the OR then has
        # an index (the trigram index of migration 0004, the partner index) to combine.
        partners = list(Organisation.objects.filter(name__icontains=q).values_list("pk", flat=True))
        if partners:
            match |= Q(partner_id__in=partners)
        number = q.upper().removeprefix("R-")
        if (pk := whole_number(number)) is not None:
            match |= Q(pk=pk)
        requests = requests.filter(match)
    return requests


def inbox_queue(*, filters: QueueFilters) -> QuerySet[Request]:
    requests = _queue_matching(filters).select_related("partner", "approached_via")
    # A list per request (to_attr), not a related manager made anew for every row drawn.
    priorities = Prefetch("priorities", Priority.objects.only("title"), to_attr="priority_list")
    requests = requests.prefetch_related(priorities)
    return requests.order_by(*SORTS.get(filters.sort, SORTS["oldest"]))


def inbox_queue_count(*, filters: QueueFilters, requests: QuerySet[Request]) -> int:
    """How many of `requests` (the queue for these filters) there are, counted once per
    change to any request; the working queue, one status and the overdue ones are read from
    the status counts."""
    filters = replace(filters, sort="oldest")  # the order does not change the count
    counts = status_counts()
    if filters == QueueFilters():
        return sum(counts[status] for status in Status.values if status != Status.CLOSED)
    if filters == QueueFilters(status=filters.status) and filters.status in Status.values:
        return counts[filters.status]
    if filters == QueueFilters(overdue=True):
        return counts["overdue"]
    parts = tuple(sorted(vars(filters).items()))
    return cached("queue-count", parts, requests.count)


def status_counts() -> dict[str, int]:
    return cached("status-counts", (), _status_counts)


def _status_counts() -> dict[str, int]:
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
    mine = Request.objects.filter(logged_by=user).order_by().values("pk")
    if person is not None:
        # A union of two indexed lookups, not an OR across a join (which scans every request).
        sent = PaperRecipient.objects.filter(person=person).order_by().values("request_id")
        mine = mine.union(sent)
    requests = Request.objects.filter(pk__in=mine).select_related("partner")
    return requests.only(
        "title", "status", "route", "partner_other", "submitted_at", "partner__name"
    ).order_by("-submitted_at", "-id")


@dataclass
class PartnerSummary:
    partner: Organisation
    requests: QuerySet[Request]
    count: int
    asks: int
    multi_door_asks: int


def partner_summary(partner: Organisation) -> PartnerSummary:
    """How often a partner took the same ask to more than one door of general practice.

    An ask is a group of linked requests (or a request alone); its doors are the practices
    and PCNs it was taken to, or the single point of access. Counted in one query (cached
    until a request changes), so a partner with thousands of requests is listed page by page.
    """
    mine = Request.objects.filter(partner=partner).order_by()
    totals = cached("partner-totals", (partner.pk,), lambda: _partner_totals(mine))
    requests = mine.select_related("approached_via").only(
        "title", "same_ask_as_id", "submitted_at", "status", "approached_via__name"
    )
    return PartnerSummary(
        partner=partner, requests=requests.order_by("-submitted_at", "-id"), **totals
    )


def _partner_totals(requests: QuerySet[Request]) -> dict[str, int]:
    groups = requests.values(group=Coalesce("same_ask_as_id", "id")).annotate(
        size=Count("id"), doors=Count(Coalesce("approached_via_id", Value(0)), distinct=True)
    )
    totals = groups.aggregate(
        count=Coalesce(Sum("size"), 0),
        asks=Count("group"),
        multi_door_asks=Count("group", filter=Q(doors__gt=1)),
    )
    return totals
