"""Reads that the decisions pages share, each with the joins its page needs."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce, TruncDate
from django.utils import timezone

from members.models import Organisation, OrganisationKind, Seat
from members.query import whole_number

from .models import (
    AgendaItem,
    AttendanceStatus,
    Commitment,
    CommitmentScope,
    Decision,
    LeadershipMeeting,
    MeetingStatus,
    Position,
    Round,
    Stance,
)


def meetings_planned() -> QuerySet[LeadershipMeeting]:
    """Planned meetings starting now or later, soonest first."""
    return LeadershipMeeting.objects.filter(
        status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
    ).order_by("starts_at", "id")


def meeting_list() -> QuerySet[LeadershipMeeting]:
    # Counted per row shown (a correlated subquery), so the paginator's COUNT(*) is bare.
    items = (
        AgendaItem.objects.filter(meeting=OuterRef("pk"))
        .order_by()
        .values("meeting")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        LeadershipMeeting.objects.only("title", "starts_at", "location", "status")
        .annotate(item_count=Coalesce(Subquery(items), 0))
        .order_by("-starts_at", "-id")
    )


def meeting_agenda(meeting: LeadershipMeeting) -> list[AgendaItem]:
    return list(
        meeting.agenda_items.select_related("priority")
        .prefetch_related(
            "papers",
            Prefetch("decisions", Decision.objects.only("title", "status", "agenda_item_id")),
        )
        .order_by("position")
    )


def active_seats() -> QuerySet[Seat]:
    return Seat.objects.filter(is_active=True, organisation__is_active=True).select_related(
        "organisation", "holder"
    )


@dataclass(frozen=True)
class AttendanceRow:
    seat: Seat
    status: str  # "" until recorded
    status_display: str


def attendance_rows(meeting: LeadershipMeeting) -> list[AttendanceRow]:
    """Every active seat with its attendance at the meeting, in two queries."""
    recorded = dict(meeting.attendances.values_list("seat_id", "status"))
    labels = dict(AttendanceStatus.choices)
    return [
        AttendanceRow(
            seat=seat,
            status=recorded.get(seat.id, ""),
            status_display=labels.get(recorded.get(seat.id, ""), ""),
        )
        for seat in active_seats().only("id", "organisation__name", "holder__full_name")
    ]


def current_round(decision: Decision) -> Round | None:
    return decision.rounds.filter(closed_at__isnull=True).first()


@dataclass(frozen=True)
class PositionRow:
    """One line of a round's positions table, read as plain values (180 rows on a page)."""

    seat_id: int
    organisation: str
    stance: str
    stance_display: str
    reason: str
    recorded_by: str
    recorded_at: dt.datetime

    @property
    def tag_class(self) -> str:
        return STANCE_TAGS.get(self.stance, "nhsuk-tag--green")


STANCE_TAGS = {
    Stance.BLOCK: "nhsuk-tag--red",
    Stance.CONCERN: "nhsuk-tag--orange",
    Stance.STAND_ASIDE: "nhsuk-tag--grey",
}


@dataclass(frozen=True)
class AcknowledgementRow:
    practice_id: int
    practice: str
    acknowledged_at: dt.datetime | None

    @property
    def is_seen(self) -> bool:
        return self.acknowledged_at is not None


@dataclass
class DecisionPage:
    decision: Decision
    rounds: list[Round]
    current: Round | None
    expected: list[Seat]
    waiting: list[Seat]
    acknowledged: int
    practices: int
    acknowledgements: list[AcknowledgementRow]
    unseen: list[AcknowledgementRow]
    commitments: list[Commitment]


def _position_rows(decision: Decision) -> dict[int, list[PositionRow]]:
    """Every round's positions in one query of the columns the table shows, by round id."""
    stances = {value: str(label) for value, label in Stance.choices}  # translated once
    rows: dict[int, list[PositionRow]] = defaultdict(list)
    for values in (
        Position.objects.filter(round__decision=decision)
        .order_by("seat__organisation__name")
        .values_list(
            "round_id",
            "seat_id",
            "seat__organisation__name",
            "stance",
            "reason",
            "recorded_by__username",
            "recorded_by__person__full_name",
            "recorded_at",
        )
    ):
        round_id, seat_id, organisation, stance, reason, username, full_name, recorded_at = values
        rows[round_id].append(
            PositionRow(
                seat_id=seat_id,
                organisation=organisation,
                stance=stance,
                stance_display=stances.get(stance, stance),
                reason=reason,
                recorded_by=full_name or username or "",
                recorded_at=recorded_at,
            )
        )
    return rows


def decision_page(decision: Decision) -> DecisionPage:
    """Everything on a decision page in a fixed number of queries, as few rows as it shows."""
    rounds = list(decision.rounds.order_by("number"))
    positions = _position_rows(decision)
    for round_ in rounds:
        round_.position_rows = positions.get(round_.id, [])
    current = next((r for r in rounds if r.closed_at is None), None)
    expected: list[Seat] = []
    waiting: list[Seat] = []
    if current is not None:
        expected = list(
            current.expected_seats.select_related("organisation", "holder").order_by(
                "organisation__kind", "organisation__name"
            )
        )
        given = {row.seat_id for row in current.position_rows}
        waiting = sorted(
            (s for s in expected if s.id not in given), key=lambda s: s.organisation.name
        )
    acknowledgements = [
        AcknowledgementRow(practice_id=p, practice=name, acknowledged_at=at)
        for p, name, at in decision.acknowledgements.order_by("practice__name").values_list(
            "practice_id", "practice__name", "acknowledged_at"
        )
    ]
    unseen = [a for a in acknowledgements if not a.is_seen]
    commitments = list(
        decision.commitments.prefetch_related(
            Prefetch("organisations", Organisation.objects.only("id", "name"))
        )
    )
    return DecisionPage(
        decision=decision,
        rounds=rounds,
        current=current,
        expected=expected,
        waiting=waiting,
        acknowledged=len(acknowledgements) - len(unseen),
        practices=len(acknowledgements),
        acknowledgements=acknowledgements,
        unseen=unseen,
        commitments=commitments,
    )


def waiting_seats(round_: Round) -> list[Seat]:
    """Seats expected in a round that have not yet given a position, by organisation name."""
    return list(
        round_.expected_seats.exclude(
            id__in=Position.objects.filter(round=round_).values("seat_id")
        )
        .select_related("organisation", "holder")
        .order_by("organisation__name", "organisation__kind")
    )


# What the register and its CSV show of a decision: its long texts but the wording stay unread.
REGISTER_COLUMNS = (
    "title",
    "status",
    "created_at",
    "agreed_at",
    "published_at",
    "agreed_wording",
    "priority__title",
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
    decisions = Decision.objects.select_related("priority").only(*REGISTER_COLUMNS)
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
    # A correlated count, not a JOIN + GROUP BY over the whole register: PostgreSQL counts
    # only the page's rows (after LIMIT), and the paginator's COUNT(*) leaves it out.
    commitments = (
        Commitment.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(n=Count("*"))
        .values("n")
    )
    return decisions.annotate(commitment_count=Coalesce(Subquery(commitments), 0)).order_by(
        "-created_at", "-id"
    )


def _utc_day(field: str) -> Cast:
    """A timestamp's UTC date as 'YYYY-MM-DD' text, made by the database: parsing 4,000
    timestamps in Python cost more than the rest of the export."""
    return Cast(TruncDate(field, tzinfo=dt.UTC), output_field=CharField())


def decision_register_rows(decisions: QuerySet[Decision]):
    """The register's CSV rows as tuples: title, status, opened, agreed, published (dates as
    text), priority title, agreed wording, number of commitments."""
    return decisions.annotate(
        opened_on=_utc_day("created_at"),
        agreed_on=_utc_day("agreed_at"),
        published_on=_utc_day("published_at"),
    ).values_list(
        "title",
        "status",
        "opened_on",
        "agreed_on",
        "published_on",
        "priority__title",
        "agreed_wording",
        "commitment_count",
    )


def organisation_choices() -> list[tuple[str, str]]:
    """The filters' organisations as (id as text, name): the id compares with the query string."""
    return [
        (str(pk), name)
        for pk, name in Organisation.objects.active()
        .exclude(kind=OrganisationKind.ICB)
        .order_by("name")
        .values_list("id", "name")
    ]


# What the commitments overview shows (and its filters read) of a commitment and its decision.
COMMITMENT_COLUMNS = (
    "scope",
    "what",
    "due_on",
    "how_checked",
    "status",
    "decision__title",
    "decision__published_at",
)


def commitments_for_organisation(organisation_id: int | None) -> QuerySet[Commitment]:
    """Commitments an organisation signed up to: named, or by kind (all practices, all PCNs)."""
    commitments = (
        Commitment.objects.select_related("decision")
        .only(*COMMITMENT_COLUMNS)
        .prefetch_related(Prefetch("organisations", Organisation.objects.only("id", "name")))
    )
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
