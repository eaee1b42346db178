"""The activity dashboard's figures for a period, each computed by aggregation in the database."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.db.models import (
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from decisions.models import Acknowledgement, AgendaItem, AgendaItemKind, Decision, MeetingStatus
from inbox.models import Request, Route
from members.models import Organisation
from priorities.models import Ballot, VotingRound
from representation.models import (
    OPEN_STATUSES,
    Action,
    Assignment,
    BriefingItem,
    Feedback,
    Occurrence,
)

FEEDBACK_DAYS = 3


@dataclass(frozen=True)
class Period:
    starts_on: dt.date
    ends_on: dt.date  # inclusive

    @property
    def start(self) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(self.starts_on, dt.time.min))

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period."""
        day = self.ends_on + dt.timedelta(days=1)
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _nearest_rank(queryset, expression, fraction: float, count: int) -> dt.timedelta | None:
    """The nearest-rank percentile of an expression: the value at rank ceil(fraction × n),
    read by the database with ORDER BY … OFFSET (works the same on SQLite and PostgreSQL)."""
    if not count:
        return None
    rank = max(1, math.ceil(fraction * count))
    ordered = queryset.annotate(_value=expression).order_by("_value", "id")
    return ordered.values_list("_value", flat=True)[rank - 1]


def duration_text(value: dt.timedelta | None) -> str:
    if value is None:
        return "None triaged"
    hours = round(value.total_seconds() / 3600)
    if hours < 48:
        return f"{hours} hour{'s' if hours != 1 else ''}"
    days = round(value.total_seconds() / 86400, 1)
    return f"{days:g} days"


def request_figures(period: Period) -> dict:
    received = Request.objects.filter(submitted_at__gte=period.start, submitted_at__lt=period.end)
    by_partner = list(
        received.annotate(name=Coalesce("partner__name", "partner_other"))
        .values("name")
        .annotate(n=Count("id"))
        .order_by("-n", "name")
    )
    labels = dict(Route.choices)
    by_route = [
        {"name": labels.get(row["route"], "Not yet triaged"), "n": row["n"]}
        for row in received.values("route").annotate(n=Count("id")).order_by("-n", "route")
    ]
    triaged = received.filter(triaged_at__isnull=False)
    waited = ExpressionWrapper(F("triaged_at") - F("submitted_at"), output_field=DurationField())
    triaged_count = triaged.count()
    sibling = Request.objects.filter(
        Q(same_ask_as_id=OuterRef("pk"))
        | Q(pk=OuterRef("same_ask_as_id"))
        | (Q(same_ask_as_id=OuterRef("same_ask_as_id")) & ~Q(pk=OuterRef("pk")))
    )
    doors = received.aggregate(total=Count("id"), linked=Count("id", filter=Q(Exists(sibling))))
    median = _nearest_rank(triaged, waited, 0.5, triaged_count)
    p90 = _nearest_rank(triaged, waited, 0.9, triaged_count)
    return {
        "received": doors["total"],
        "by_partner": by_partner,
        "by_route": by_route,
        "triaged": triaged_count,
        "median_triage": median,
        "p90_triage": p90,
        "median_triage_text": duration_text(median),
        "p90_triage_text": duration_text(p90),
        "multi_door": doors["linked"],
        "multi_door_share": percent(doors["linked"], doors["total"]),
    }


def meeting_time(period: Period) -> dict:
    """Minutes of accepted agenda items at meetings held in the period: priorities first (any
    item serving an adopted or candidate priority), then system items, then the group's own."""
    items = AgendaItem.objects.filter(
        is_proposed=False,
        meeting__starts_at__gte=period.start,
        meeting__starts_at__lt=period.end,
    ).exclude(meeting__status=MeetingStatus.CANCELLED)
    totals = items.aggregate(
        total=Sum("minutes"),
        priorities=Sum("minutes", filter=Q(priority__isnull=False)),
        system=Sum("minutes", filter=Q(priority__isnull=True, kind=AgendaItemKind.SYSTEM_ITEM)),
        own=Sum("minutes", filter=Q(priority__isnull=True) & ~Q(kind=AgendaItemKind.SYSTEM_ITEM)),
    )
    totals = {key: value or 0 for key, value in totals.items()}
    rows = [
        {"name": "The group's own business", "n": totals["own"]},
        {"name": "Its priorities", "n": totals["priorities"]},
        {"name": "System items", "n": totals["system"]},
    ]
    for row in rows:
        row["share"] = percent(row["n"], totals["total"])
    return {"total": totals["total"], "rows": rows}


def engagement(period: Period) -> dict:
    """Share of practices voting in each round and acknowledging each decision, and by PCN."""
    practices = Organisation.objects.practices().active()
    practice_count = practices.count()
    in_period = VotingRound.objects.filter(opens_at__gte=period.start, opens_at__lt=period.end)
    rounds = list(
        in_period.annotate(
            voted=Count("ballots", filter=Q(ballots__practice__is_active=True))
        ).order_by("opens_at", "id")
    )
    for voting_round in rounds:
        voting_round.share = percent(voting_round.voted, practice_count)
    published = Decision.objects.filter(published_at__gte=period.start, published_at__lt=period.end)
    decisions = list(
        published.annotate(
            practices=Count("acknowledgements"),
            seen=Count(
                "acknowledgements", filter=Q(acknowledgements__acknowledged_at__isnull=False)
            ),
        ).order_by("published_at", "id")
    )
    for decision in decisions:
        decision.share = percent(decision.seen, decision.practices)
    pcn_practices = dict(
        practices.values_list("pcn__name").annotate(n=Count("id")).values_list("pcn__name", "n")
    )
    votes = dict(
        Ballot.objects.filter(round__in=in_period.values("pk"), practice__is_active=True)
        .values_list("practice__pcn__name")
        .annotate(n=Count("id"))
        .values_list("practice__pcn__name", "n")
    )
    acks = {
        row["practice__pcn__name"]: row
        for row in Acknowledgement.objects.filter(decision__in=published.values("pk"))
        .values("practice__pcn__name")
        .annotate(total=Count("id"), seen=Count("id", filter=Q(acknowledged_at__isnull=False)))
    }
    by_pcn = []
    for name in sorted(pcn_practices):
        ack = acks.get(name, {"total": 0, "seen": 0})
        by_pcn.append(
            {
                "name": name,
                "practices": pcn_practices[name],
                "voting_share": percent(votes.get(name, 0), pcn_practices[name] * len(rounds)),
                "acknowledging_share": percent(ack["seen"], ack["total"]),
            }
        )
    return {"practices": practice_count, "rounds": rounds, "decisions": decisions, "by_pcn": by_pcn}


def representation_coverage(period: Period) -> dict:
    deadline = ExpressionWrapper(
        OuterRef("date") + dt.timedelta(days=FEEDBACK_DAYS + 1), output_field=DateField()
    )
    represented = Exists(Assignment.objects.filter(meeting_id=OuterRef("meeting_id")))
    briefed = Exists(BriefingItem.objects.filter(briefing__occurrence=OuterRef("pk")))
    fed_back = Exists(
        Feedback.objects.filter(occurrence=OuterRef("pk"), filed_at__date__lt=deadline)
    )
    counts = Occurrence.objects.filter(
        date__gte=period.starts_on, date__lte=period.ends_on
    ).aggregate(
        total=Count("id"),
        represented=Count("id", filter=Q(represented)),
        briefed=Count("id", filter=Q(briefed)),
        fed_back=Count("id", filter=Q(fed_back)),
    )
    total = counts["total"]
    rows = [
        {"name": "With a representative", "n": counts["represented"]},
        {"name": "With a briefing", "n": counts["briefed"]},
        {"name": f"With feedback within {FEEDBACK_DAYS} days", "n": counts["fed_back"]},
    ]
    for row in rows:
        row["share"] = percent(row["n"], total)
    return {"total": total, "rows": rows}


def action_figures(today: dt.date) -> dict:
    counts = Action.objects.aggregate(
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=Q(status__in=OPEN_STATUSES, due_on__lt=today)),
    )
    return {"open": counts["open"], "overdue": counts["overdue"]}


def dashboard(period: Period, *, today: dt.date | None = None) -> dict:
    return {
        "requests": request_figures(period),
        "meeting_time": meeting_time(period),
        "engagement": engagement(period),
        "representation": representation_coverage(period),
        "actions": action_figures(today or timezone.localdate()),
    }
