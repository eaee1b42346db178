"""Reads of priorities: results, participation and the priorities in use, in fixed queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction

from django.apps import apps
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from members.models import Organisation

from . import counting
from .models import Ballot, BallotChoice, Priority, PriorityStatus, VotingMethod, VotingRound


def eligible_practices():
    return Organisation.objects.practices().active()


@dataclass
class Participation:
    practices: list[dict]
    voted: int
    total: int
    patients_voted: int
    patients_total: int

    @property
    def practice_share(self) -> int:
        return round(100 * self.voted / self.total) if self.total else 0

    @property
    def patient_share(self) -> int:
        return round(100 * self.patients_voted / self.patients_total) if self.patients_total else 0


def round_participation_totals(voting_round: VotingRound) -> Participation:
    """round_participation's shares without the list of practices: one aggregate query."""
    size = Coalesce("list_size", 0)
    voted = Q(has_voted=True)
    totals = (
        eligible_practices()
        .annotate(has_voted=Exists(voting_round.ballots.filter(practice=OuterRef("pk"))))
        .aggregate(
            total=Count("id"),
            voted=Count("id", filter=voted),
            patients_total=Sum(size),
            patients_voted=Sum(size, filter=voted),
        )
    )
    return Participation(
        practices=[],
        voted=totals["voted"],
        total=totals["total"],
        patients_voted=totals["patients_voted"] or 0,
        patients_total=totals["patients_total"] or 0,
    )


def round_participation(voting_round: VotingRound) -> Participation:
    """Which practices voted (never how), and the share of practices and patients covered."""
    voted_ids = set(voting_round.ballots.values_list("practice_id", flat=True))
    practices = [
        {"id": pid, "name": name, "list_size": size or 0, "voted": pid in voted_ids}
        for pid, name, size in eligible_practices()
        .order_by("name")
        .values_list("id", "name", "list_size")
    ]
    voted = [p for p in practices if p["voted"]]
    return Participation(
        practices=practices,
        voted=len(voted),
        total=len(practices),
        patients_voted=sum(p["list_size"] for p in voted),
        patients_total=sum(p["list_size"] for p in practices),
    )


@dataclass
class Row:
    priority: Priority
    standing: counting.Standing
    score: float
    bar: float  # share of the top score, 0..100, for the chart


@dataclass
class Results:
    voting_round: VotingRound
    rows: list[Row]
    weighted_rows: list[Row]
    ballots: int
    suggestions: list[str] = field(default_factory=list)

    @property
    def top_three_ids(self) -> list[int]:
        return [row.priority.id for row in self.rows[:3]]

    @property
    def table(self) -> list[tuple[Row, Row]]:
        """Each row of the plain ranking with the same priority's weighted row."""
        weighted = {row.priority.id: row for row in self.weighted_rows}
        return [(row, weighted[row.priority.id]) for row in self.rows]


def _rows(candidates: list[Priority], scores: dict[int, Fraction]) -> list[Row]:
    by_id = {c.id: c for c in candidates}
    order = [c.id for c in sorted(candidates, key=lambda c: c.title.lower())]
    top = max(scores.values(), default=0) or 1
    return [
        Row(
            priority=by_id[s.candidate],
            standing=s,
            score=round(float(s.score), 1),
            bar=round(float(100 * s.score / top), 1),
        )
        for s in counting.standings(scores, order=order)
    ]


def round_results(voting_round: VotingRound) -> Results:
    """Plain and list-size-weighted standings: four queries whatever the number of ballots.

    The database groups the choices by candidate and mark (at most candidates × marks rows)
    and the counting module scores the groups, exactly as it would score ballot by ballot.
    """
    candidates = list(voting_round.candidates.all())
    mark_field = "rank" if voting_round.method == VotingMethod.RANKED else "points"
    size = Coalesce("ballot__practice__list_size", 0)
    groups = [
        counting.MarkGroup(candidate=pid, mark=mark, ballots=n, weight=weight)
        for pid, mark, n, weight in BallotChoice.objects.filter(ballot__round=voting_round)
        .order_by()
        .values_list("priority_id", mark_field)
        .annotate(n=Count("id"), weight=Sum(size))
    ]
    # Ballots with at least one choice, and their list sizes summed: the weights' mean.
    totals = voting_round.ballots.filter(
        Exists(BallotChoice.objects.filter(ballot=OuterRef("pk")))
    ).aggregate(n=Count("id"), weight=Sum(Coalesce("practice__list_size", 0)))
    ballots, total_weight = totals["n"], totals["weight"] or 0
    ids = [c.id for c in candidates]
    mark = counting.mark_for(voting_round.method, max_choices=voting_round.max_choices)
    plain = counting.tally_groups(ids, groups, mark, ballots=ballots)
    weighted = counting.tally_groups(ids, groups, mark, ballots=ballots, total_weight=total_weight)
    suggestions = list(
        voting_round.ballots.exclude(suggestion="").values_list("suggestion", flat=True)
    )
    return Results(
        voting_round=voting_round,
        rows=_rows(candidates, plain),
        weighted_rows=_rows(candidates, weighted),
        ballots=ballots,
        suggestions=suggestions,
    )


def round_ballot_rows(voting_round: VotingRound) -> list[tuple]:
    """Individual ballots (for the chair and admin only): one tuple per current choice.

    Two queries and no model instances (a whole-region round has 20,000 choices): the
    ballots in practice order, then the choices, each ballot's together in their own order.
    Each row: (ballot, choice) with ballot = (practice, ODS code, list size, version, cast
    at, comment, suggestion) and choice = (priority title, rank, points).
    """
    ballots = {
        row[0]: row[1:]
        for row in voting_round.ballots.order_by("practice__name", "id").values_list(
            "id",
            "practice__name",
            "practice__ods_code",
            "practice__list_size",
            "version",
            "cast_at",
            "comment",
            "suggestion",
        )
    }
    rows = list(
        BallotChoice.objects.filter(ballot__round=voting_round)
        .order_by("ballot_id", *BallotChoice._meta.ordering)
        .values_list("ballot_id", "priority_id", "rank", "points")
    )
    titles = dict(Priority.objects.filter(voting_rounds=voting_round).values_list("id", "title"))
    missing = {row[1] for row in rows} - titles.keys()
    if missing:  # a choice of a candidate no longer on the round
        titles.update(Priority.objects.filter(id__in=missing).values_list("id", "title"))
    choices: dict[int, list[tuple]] = defaultdict(list)
    for ballot_id, priority_id, rank, points in rows:
        choices[ballot_id].append((titles[priority_id], rank, points))
    return [
        (ballot, choice) for ballot_id, ballot in ballots.items() for choice in choices[ballot_id]
    ]


def rounds_listing():
    # A count per round from the (round, practice) index, not a join of every ballot.
    ballots = (
        Ballot.objects.filter(round=OuterRef("pk"))
        .order_by()
        .values("round")
        .annotate(n=Count("*"))
        .values("n")
    )
    return VotingRound.objects.annotate(ballot_count=Coalesce(Subquery(ballots), 0)).order_by(
        "-opens_at", "-id"
    )


# --- the priorities in use -----------------------------------------------------------------


def _linked_relations() -> list:
    """Relations other apps hold to Priority (FKs and M2Ms, hidden or not), whichever exist."""
    relations = []
    for relation in Priority._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete:
            continue
        if not (relation.one_to_many or relation.many_to_many):
            continue
        model = relation.related_model
        if model._meta.auto_created:  # a many-to-many table: the M2M relation itself is listed
            continue
        if model._meta.app_label == "priorities" or not apps.is_installed(
            model._meta.app_config.name
        ):
            continue
        relations.append(relation)
    return sorted(
        relations, key=lambda r: (r.related_model._meta.app_label, r.related_model.__name__)
    )


SHOWN_LINKS = 5


@dataclass
class LinkedGroup:
    label: str
    shown: list
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.shown)


def _ordering(model, prefix: str = "", descending: bool = False, depth: int = 0) -> list:
    """The model's default ordering as expressions, following a relation to its own ordering
    as order_by() does, so a window can number the rows in the order the list shows them."""
    expressions = []
    for name in model._meta.ordering or ["pk"]:
        desc = descending != name.startswith("-")
        name = name.lstrip("-")
        field = model._meta.get_field(name) if name not in ("pk", "?") else None
        if field is not None and field.is_relation and depth < 3:
            expressions += _ordering(field.related_model, f"{prefix}{name}__", desc, depth + 1)
        else:
            expression = F(f"{prefix}{name}")
            expressions.append(expression.desc() if desc else expression.asc())
    return [*expressions, F(f"{prefix}pk").asc()] if not prefix else expressions


def adopted_priorities_in_use() -> list[tuple[Priority, list[LinkedGroup]]]:
    """Adopted priorities with the requests, agenda items, decisions and briefings linked to each.

    One query for the priorities and one per linking model, however many items there are:
    each brings only the first few items per priority, in the list's order, and the count.
    """
    priorities = list(Priority.objects.adopted())
    ids = [p.id for p in priorities]
    linked: dict[tuple[int, int], list] = defaultdict(list)
    counts: dict[tuple[int, int], int] = {}
    relations = _linked_relations() if ids else []
    for index, relation in enumerate(relations):
        name = relation.field.name
        model = relation.related_model
        items = (
            model._default_manager.filter(**{f"{name}__in": ids})
            .annotate(
                linked_priority_id=F(name),
                linked_position=Window(
                    RowNumber(), partition_by=F(name), order_by=_ordering(model)
                ),
                linked_count=Window(Count("pk"), partition_by=F(name)),
            )
            .filter(linked_position__lte=SHOWN_LINKS)
            .order_by()  # numbered by the window; Django cannot order a QUALIFY by a join
        )
        for item in sorted(items, key=lambda item: item.linked_position):
            linked[(index, item.linked_priority_id)].append(item)
            counts[(index, item.linked_priority_id)] = item.linked_count
    return [
        (
            priority,
            [
                LinkedGroup(
                    label=str(relation.related_model._meta.verbose_name_plural),
                    shown=linked[(index, priority.id)],
                    count=counts.get((index, priority.id), 0),
                )
                for index, relation in enumerate(relations)
            ],
        )
        for priority in priorities
    ]


MINUTE_FIELDS = ("duration_minutes", "minutes", "time_minutes")


def meeting_time_share(*, now: dt.datetime | None = None, days: int = 91) -> dict | None:
    """Share of leadership meeting time over the last quarter spent on the group's priorities.

    Reads agenda items through their reverse relation to Priority when one exists and carries
    a minutes field; None when no such relation exists yet.
    """
    now = now or timezone.now()
    relation = next(
        (
            r
            for r in _linked_relations()
            if r.related_model.__name__ == "AgendaItem" and r.one_to_many
        ),
        None,
    )
    if relation is None:
        return None
    model = relation.related_model
    names = {f.name for f in model._meta.get_fields()}
    minutes = next((f for f in MINUTE_FIELDS if f in names), None)
    if minutes is None:
        return None
    items = model.objects.all()
    if "is_proposed" in names:
        items = items.exclude(is_proposed=True)
    if "meeting" in names:
        meeting = model._meta.get_field("meeting").related_model
        if _has(meeting, "status"):
            items = items.exclude(meeting__status="cancelled")
        date_field = next(
            (f for f in ("starts_at", "date", "held_on", "scheduled_for") if _has(meeting, f)),
            None,
        )
        if date_field:
            since = now - dt.timedelta(days=days)
            if meeting._meta.get_field(date_field).get_internal_type() == "DateField":
                since = since.date()
            until = now if isinstance(since, dt.datetime) else now.date()
            items = items.filter(
                **{f"meeting__{date_field}__gte": since, f"meeting__{date_field}__lte": until}
            )
    field_name = relation.field.name
    totals = items.aggregate(
        total=Sum(minutes),
        own=Sum(minutes, filter=_q(f"{field_name}__status", PriorityStatus.ADOPTED)),
    )
    total, own = totals["total"] or 0, totals["own"] or 0
    return {"total": total, "own": own, "share": round(100 * own / total) if total else 0}


def _has(model, name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:
        return False
    return True


def _q(lookup: str, value) -> Q:
    return Q(**{lookup: value})


def candidate_priorities():
    return Priority.objects.filter(status=PriorityStatus.CANDIDATE).order_by("title")
