"""The activity dashboard's figures for a period, each computed by aggregation in the database."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from decisions.models import Acknowledgement, AgendaItem, AgendaItemKind, Decision, MeetingStatus
from inbox.models import Request, Route
from members.models import Organisation, OrganisationKind
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


class _PercentilesDisc(Aggregate):
    """PostgreSQL's percentile_disc: the first value whose rank reaches ceil(fraction × n)."""

    function = "percentile_disc"
    template = "%(function)s(ARRAY[%(fractions)s]) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, fractions: list[float]):
        fractions_sql = ", ".join(f"{float(fraction)!r}" for fraction in fractions)
        super().__init__(
            expression, fractions=fractions_sql, output_field=ArrayField(DurationField())
        )


def _nearest_ranks(queryset, expression, fractions: list[float], count: int) -> list:
    """Nearest-rank percentiles of an expression: the values at ranks ceil(fraction × n),
    numbered by the database in one sort (ROW_NUMBER, the same on SQLite and PostgreSQL)."""
    if not count:
        return [None for _ in fractions]
    if connection.vendor == "postgresql":  # the same nearest rank, without numbering rows
        found = queryset.aggregate(_values=_PercentilesDisc(expression, fractions=fractions))
        return found["_values"]
    ranks = [max(1, math.ceil(fraction * count)) for fraction in fractions]
    numbered = queryset.annotate(
        _value=expression,
        _rank=Window(RowNumber(), order_by=[F("_value").asc(), F("id").asc()]),
    )
    values = dict(numbered.filter(_rank__in=ranks).values_list("_rank", "_value"))
    return [values[rank] for rank in ranks]


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
    waited = ExpressionWrapper(F("triaged_at") - F("submitted_at"), output_field=DurationField())
    # Linked to another request carrying the same ask: it points at the group's first request
    # (which exists: the link is set to null when that one goes), or another points at it.
    pointed_at = Request.objects.filter(same_ask_as__isnull=False).values("same_ask_as_id")
    linked = Q(same_ask_as__isnull=False) | Q(pk__in=pointed_at)
    # One pass over the period's requests (16,000 in a year) gives the counts by partner, by
    # route and the totals: a group per partner and route, a few hundred rows at most. The
    # rows come in the database's order of names, which the stable sort by count keeps for
    # ties (as ORDER BY n DESC, name would).
    groups = list(
        received.annotate(name=Coalesce("partner__name", "partner_other"))
        .values("name", "route")
        .annotate(
            n=Count("id"),
            linked=Count("id", filter=linked),
            triaged=Count("id", filter=Q(triaged_at__isnull=False)),
        )
        .order_by("name", "route")
    )
    partners: Counter = Counter()
    route_counts: Counter = Counter()
    for group in groups:
        partners[group["name"]] += group["n"]
        route_counts[group["route"]] += group["n"]
    by_partner = [
        {"name": name, "n": n} for name, n in sorted(partners.items(), key=lambda item: -item[1])
    ]
    labels = dict(Route.choices)
    # Route values are short lower-case codes, ordered the same by every collation.
    by_route = [
        {"name": labels.get(route, "Not yet triaged"), "n": n}
        for route, n in sorted(route_counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    doors = {key: sum(group[key] for group in groups) for key in ("n", "linked", "triaged")}
    doors["total"] = doors["n"]
    triaged_count = doors["triaged"]
    triaged = received.filter(triaged_at__isnull=False)
    median, p90 = _nearest_ranks(triaged, waited, [0.5, 0.9], triaged_count)
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
    in_period = VotingRound.objects.filter(opens_at__gte=period.start, opens_at__lt=period.end)
    published = Decision.objects.filter(published_at__gte=period.start, published_at__lt=period.end)
    rounds = list(
        in_period.annotate(
            voted=Count("ballots", filter=Q(ballots__practice__is_active=True))
        ).order_by("opens_at", "id")
    )
    # Votes and acknowledgements are counted per practice (no join per row: 50,000
    # acknowledgements in a year) and summed by PCN here.
    votes_by_practice = dict(
        Ballot.objects.filter(round__in=in_period.values("pk"))
        .values_list("practice_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    acks_by_practice = {
        row["practice_id"]: row
        for row in Acknowledgement.objects.filter(decision__in=published.values("pk"))
        .values("practice_id")
        .annotate(total=Count("*"), seen=Count("acknowledged_at"))
        .order_by()
    }
    pcn_practices: Counter[str] = Counter()
    votes: Counter[str] = Counter()
    acks: dict[str, Counter] = {}
    for practice_id, pcn_name, is_active in Organisation.objects.filter(
        Q(kind=OrganisationKind.PRACTICE, is_active=True) | Q(id__in=list(acks_by_practice))
    ).values_list("id", "pcn__name", "is_active"):
        if is_active:
            pcn_practices[pcn_name] += 1
            votes[pcn_name] += votes_by_practice.get(practice_id, 0)
        if practice_id in acks_by_practice:
            ack = acks.setdefault(pcn_name, Counter())
            ack["total"] += acks_by_practice[practice_id]["total"]
            ack["seen"] += acks_by_practice[practice_id]["seen"]
    practice_count = sum(pcn_practices.values())
    for voting_round in rounds:
        voting_round.share = percent(voting_round.voted, practice_count)
    decisions = decision_acknowledgements(period)
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


def decision_acknowledgements(period: Period) -> list[Decision]:
    """Each decision published in the period with its practices and how many have seen it."""
    decisions = list(
        Decision.objects.filter(published_at__gte=period.start, published_at__lt=period.end)
        .only("id", "title", "published_at")
        .annotate(
            practices=Count("acknowledgements__practice"),
            seen=Count("acknowledgements__acknowledged_at"),
        )
        .order_by("published_at", "id")
    )
    for decision in decisions:
        decision.share = percent(decision.seen, decision.practices)
    return decisions


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


def dashboard_part(part: str, period: Period) -> dict:
    """One part of the dashboard's figures, in the same shape, for a chart's CSV download:
    "requests", "meeting_time", "engagement", "representation", or "decisions" (engagement's
    acknowledgement of each decision alone, a fifth of engagement's work)."""
    if part == "decisions":
        return {"engagement": {"decisions": decision_acknowledgements(period)}}
    compute = {
        "requests": request_figures,
        "meeting_time": meeting_time,
        "engagement": engagement,
        "representation": representation_coverage,
    }[part]
    return {part: compute(period)}
