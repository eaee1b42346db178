"""Reads that the decisions pages share, each with the joins its page needs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from members.models import Organisation, OrganisationKind, Seat
from members.query import whole_number

from .models import (
    Acknowledgement,
    AgendaItem,
    Commitment,
    CommitmentScope,
    Decision,
    LeadershipMeeting,
    MeetingStatus,
    Position,
    Round,
)


def meetings_planned() -> QuerySet[LeadershipMeeting]:
    """Planned meetings starting now or later, soonest first."""
    return LeadershipMeeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at", "id")


def meeting_list() -> QuerySet[LeadershipMeeting]:
    return (
        LeadershipMeeting.objects.select_related("chair")
        .annotate(item_count=Count("agenda_items"))
        .order_by("-starts_at", "-id")
    )


def meeting_agenda(meeting: LeadershipMeeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.select_related("priority")
        .prefetch_related("papers", "decisions")
        .order_by("position")
    )


def active_seats() -> QuerySet[Seat]:
    return Seat.objects.filter(is_active=True, organisation__is_active=True).select_related(
        "organisation", "holder"
    )


def current_round(decision: Decision) -> Round | None:
    return decision.rounds.filter(closed_at__isnull=True).first()


@dataclass
class DecisionPage:
    decision: Decision
    rounds: list[Round]
    current: Round | None
    waiting: list[Seat]
    acknowledged: int
    practices: int
    unseen: list[Acknowledgement]
    commitments: list[Commitment]


def decision_page(decision: Decision) -> DecisionPage:
    """Everything on a decision page in a fixed number of queries."""
    rounds = list(
        decision.rounds.prefetch_related(
            Prefetch(
                "positions",
                Position.objects.select_related(
                    "seat__organisation", "recorded_by__person"
                ).order_by("seat__organisation__name"),
            ),
            Prefetch("expected_seats", Seat.objects.select_related("organisation", "holder")),
        ).order_by("number")
    )
    current = next((r for r in rounds if r.closed_at is None), None)
    waiting = []
    if current is not None:
        given = {p.seat_id for p in current.positions.all()}
        waiting = sorted(
            (s for s in current.expected_seats.all() if s.id not in given),
            key=lambda s: s.organisation.name,
        )
    counts = decision.acknowledgements.aggregate(
        total=Count("id"), seen=Count("id", filter=Q(acknowledged_at__isnull=False))
    )
    unseen = list(
        decision.acknowledgements.filter(acknowledged_at__isnull=True).select_related("practice")
    )
    commitments = list(decision.commitments.prefetch_related("organisations"))
    return DecisionPage(
        decision=decision,
        rounds=rounds,
        current=current,
        waiting=waiting,
        acknowledged=counts["seen"],
        practices=counts["total"],
        unseen=unseen,
        commitments=commitments,
    )


def waiting_seats(round_: Round) -> list[Seat]:
    """Seats expected in a round that have not yet given a position."""
    return list(
        round_.expected_seats.exclude(
            id__in=Position.objects.filter(round=round_).values("seat_id")
        ).select_related("organisation", "holder")
    )


def decision_register(
    *,
    published_only: bool,
    query: str = "",
    status: str = "",
    priority: str = "",
    organisation: str = "",
    year: str = "",
) -> QuerySet[Decision]:
    decisions = Decision.objects.select_related("priority", "agenda_item__meeting")
    if published_only:
        decisions = decisions.filter(published_at__isnull=False)
    query = query.replace("\x00", "")  # PostgreSQL refuses NUL in a query
    if query:
        decisions = decisions.filter(
            Q(title__icontains=query)
            | Q(question__icontains=query)
            | Q(agreed_wording__icontains=query)
            | Q(summary__icontains=query)
        )
    if status:
        decisions = decisions.filter(status=status)
    if (priority_id := whole_number(priority)) is not None:
        decisions = decisions.filter(priority_id=priority_id)
    if year.isascii() and year.isdigit() and len(year) == 4:
        decisions = decisions.filter(created_at__year=int(year))
    if (organisation_id := whole_number(organisation)) is not None:
        ids = commitments_for_organisation(organisation_id).values("decision_id")
        decisions = decisions.filter(id__in=ids)
    return decisions.annotate(commitment_count=Count("commitments", distinct=True)).order_by(
        "-created_at", "-id"
    )


def commitments_for_organisation(organisation_id: int | None) -> QuerySet[Commitment]:
    """Commitments an organisation signed up to: named, or by kind (all practices, all PCNs)."""
    commitments = Commitment.objects.select_related("decision").prefetch_related("organisations")
    if organisation_id is None:
        return commitments
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        return commitments.none()
    condition = Q(scope=CommitmentScope.ORGANISATIONS, organisations=organisation)
    if organisation.kind == OrganisationKind.PRACTICE:
        condition |= Q(scope=CommitmentScope.ALL_PRACTICES)
    elif organisation.kind == OrganisationKind.PCN:
        condition |= Q(scope=CommitmentScope.ALL_PCNS)
    if Seat.objects.filter(organisation=organisation, is_active=True).exists():
        condition |= Q(scope=CommitmentScope.GROUP)
    return commitments.filter(condition).distinct()
