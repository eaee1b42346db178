"""What waits for one person, read from every job app in a fixed number of queries per role."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from decisions.models import Acknowledgement, Decision, DecisionStatus, Position, Round
from decisions.rules import CONSENTING, OBJECTING
from inbox.models import UNTRIAGED, PaperRecipient, Request, Route, Status
from inbox.selectors import overdue_before
from members.access import Roles
from priorities.models import Ballot, VotingRound
from representation.models import Action, Assignment, BriefingItem, Feedback, Occurrence

DUE_SOON_DAYS = 7
FEEDBACK_WINDOW_DAYS = 60
FEEDBACK_LATE_DAYS = 3
# Each source lists at most this many, oldest first: the rest wait on the app's own page.
ITEM_LIMIT = 50

OVERDUE, DUE_SOON, WAITING = 0, 1, 2
URGENCY_LABELS = {OVERDUE: "Overdue", DUE_SOON: "Due soon", WAITING: "Waiting"}


@dataclass(frozen=True)
class HomeItem:
    """One thing a person should do, with the one click that does it."""

    kind: str
    title: str
    detail: str
    url: str
    action: str
    due_on: dt.date | None = None
    overdue: bool = False
    # A safe one-click POST (acknowledging a decision): url and hidden fields.
    post_url: str = ""
    post_fields: dict = field(default_factory=dict)

    def urgency(self, today: dt.date) -> int:
        if self.overdue or (self.due_on is not None and self.due_on < today):
            return OVERDUE
        if self.due_on is not None and self.due_on <= today + dt.timedelta(days=DUE_SOON_DAYS):
            return DUE_SOON
        return WAITING


def _path(name: str):
    """`reverse(name, args=[pk])` for many pks at the cost of one reverse (≈50 µs each)."""
    sentinel = 2_147_483_647
    template = reverse(name, args=[sentinel]).replace(str(sentinel), "{}")
    return template.format


@dataclass
class HomeGroup:
    urgency: int
    label: str
    items: list[HomeItem]


def _requests_to_triage(today: dt.date) -> list[HomeItem]:
    late = overdue_before(today)
    requests = (
        Request.objects.filter(status__in=UNTRIAGED)
        .select_related("partner")
        .only("id", "title", "submitted_at", "partner_other", "partner__name")
    )
    detail_url = _path("inbox:request-detail")
    return [
        HomeItem(
            kind="Request to triage",
            title=f"{r.reference}: {r.title}",
            detail=f"From {r.partner_name}, received {timezone.localdate(r.submitted_at):%-d %b}",
            url=detail_url(r.pk),
            action="Choose a route",
            due_on=r.triage_due_on(),
            overdue=r.submitted_at < late,
        )
        for r in requests.order_by("submitted_at", "id")[:ITEM_LIMIT]
    ]


def _positions_awaited(roles: Roles) -> list[HomeItem]:
    """Open rounds expecting one of the person's seats that has not given a position."""
    through = Round.expected_seats.through
    pending = (
        through.objects.filter(
            seat_id__in=roles.seat_ids,
            round__closed_at__isnull=True,
            round__decision__status=DecisionStatus.OPEN,
        )
        .exclude(
            Exists(
                Position.objects.filter(round_id=OuterRef("round_id"), seat_id=OuterRef("seat_id"))
            )
        )
        .select_related("round__decision__agenda_item__meeting", "seat__organisation")
        .only(
            "round__number",
            "round__decision__title",
            "round__decision__agenda_item__meeting__starts_at",
            "seat__organisation__name",
        )
        .order_by("round__opened_at", "id")[:ITEM_LIMIT]
    )
    detail_url = _path("decisions:decision-detail")
    items = []
    for row in pending:
        decision = row.round.decision
        item = decision.agenda_item
        meeting_day = timezone.localdate(item.meeting.starts_at) if item else None
        items.append(
            HomeItem(
                kind="Your position",
                title=decision.title,
                detail=f"Round {row.round.number}: {row.seat.organisation}'s position is awaited",
                url=detail_url(decision.pk) + "#current-round",
                action="Give your position",
                due_on=meeting_day,
            )
        )
    return items


def _rounds_at_consensus():
    """Open rounds where `decisions.rules.consensus` holds, decided in SQL.

    The same rule as `consensus()`: at least one seat expected, every expected seat has a
    position, none is a concern or a block, and someone supports or can live with it. Loading
    every open round's 60 seats and positions to test it in Python took a second at ICS scale.
    """
    expected = Round.expected_seats.through.objects.filter(round_id=OuterRef("pk"))
    positions = Position.objects.filter(round_id=OuterRef("pk"))
    unanswered = Round.expected_seats.through.objects.filter(round_id=OuterRef("pk")).exclude(
        Exists(Position.objects.filter(round_id=OuterRef("round_id"), seat_id=OuterRef("seat_id")))
    )
    return (
        Round.objects.filter(closed_at__isnull=True, decision__status=DecisionStatus.OPEN)
        .filter(Exists(expected), ~Exists(unanswered))
        .filter(~Exists(positions.filter(stance__in=OBJECTING)))
        .filter(Exists(positions.filter(stance__in=CONSENTING)))
    )


def _decisions_for_chair() -> list[HomeItem]:
    """Open decisions whose round has reached consensus, and agreed ones not yet published."""
    rounds = (
        _rounds_at_consensus()
        .select_related("decision")
        .only("id", "number", "decision_id", "decision__title")
        .order_by("opened_at", "id")
    )
    detail_url = _path("decisions:decision-detail")
    items = [
        HomeItem(
            kind="Ready to agree",
            title=round_.decision.title,
            detail=f"Round {round_.number} has reached consensus",
            url=detail_url(round_.decision_id),
            action="Mark agreed",
        )
        for round_ in rounds
    ]
    unpublished = (
        Decision.objects.filter(status=DecisionStatus.AGREED, published_at__isnull=True)
        .only("id", "title", "agreed_at")
        .order_by("agreed_at", "id")[:ITEM_LIMIT]
    )
    for decision in unpublished:
        items.append(
            HomeItem(
                kind="Ready to publish",
                title=decision.title,
                detail=f"Agreed {timezone.localdate(decision.agreed_at):%-d %b}; "
                "practices have not been sent it",
                url=detail_url(decision.pk),
                action="Publish to practices",
            )
        )
    return items


def _ballots_open(roles: Roles, now: dt.datetime) -> list[HomeItem]:
    rounds = VotingRound.objects.open_at(now).prefetch_related(
        Prefetch(
            "ballots",
            Ballot.objects.filter(practice_id__in=roles.practice_ids).only("round_id", "practice"),
            to_attr="my_ballots",
        )
    )
    from members.models import Organisation

    practices = list(
        Organisation.objects.filter(id__in=roles.practice_ids).only("id", "name").order_by("name")
    )
    items = []
    for voting_round in rounds.order_by("closes_at", "id"):
        voted = {b.practice_id for b in voting_round.my_ballots}
        for practice in practices:
            if practice.id in voted:
                continue
            items.append(
                HomeItem(
                    kind="Open ballot",
                    title=voting_round.title,
                    detail=f"{practice} has not voted; closes "
                    f"{timezone.localtime(voting_round.closes_at):%-d %b at %H:%M}",
                    url=reverse("priorities:ballot-cast", args=[voting_round.pk, practice.pk]),
                    action="Cast your practice's ballot",
                    due_on=timezone.localdate(voting_round.closes_at),
                )
            )
    return items


def _acknowledgements_due(roles: Roles, today: dt.date) -> list[HomeItem]:
    unseen = (
        Acknowledgement.objects.filter(
            practice_id__in=roles.practice_ids,
            acknowledged_at__isnull=True,
            decision__published_at__isnull=False,
        )
        .select_related("decision", "practice")
        .only("decision__title", "decision__published_at", "practice__name")
        .order_by("decision__published_at", "id")[:ITEM_LIMIT]
    )
    detail_url = _path("decisions:decision-detail")
    acknowledge_url = _path("decisions:decision-acknowledge")
    return [
        HomeItem(
            kind="Decision to acknowledge",
            title=a.decision.title,
            detail=f"Published {timezone.localdate(a.decision.published_at):%-d %b}; "
            f"confirm {a.practice} has seen it",
            url=detail_url(a.decision_id),
            action="Read the decision",
            due_on=timezone.localdate(a.decision.published_at) + dt.timedelta(days=7),
            post_url=acknowledge_url(a.decision_id),
            post_fields={"practice": a.practice_id},
        )
        for a in unseen
    ]


def _papers_to_answer(roles: Roles) -> list[HomeItem]:
    papers = (
        PaperRecipient.objects.filter(
            person_id=roles.person_id,
            response="",
            request__route=Route.PAPER,
            request__status=Status.TRIAGED,
        )
        .select_related("request")
        .only("request__title", "request__paper_due_on")
        .order_by("request__paper_due_on", "id")[:ITEM_LIMIT]
    )
    paper_url = _path("inbox:paper")
    return [
        HomeItem(
            kind="Paper to respond to",
            title=p.request.title,
            detail=f"Respond by {p.request.paper_due_on:%-d %b}",
            url=paper_url(p.request_id),
            action="Respond",
            due_on=p.request.paper_due_on,
        )
        for p in papers
    ]


def _representation(roles: Roles, today: dt.date) -> list[HomeItem]:
    mine = Assignment.objects.filter(person_id=roles.person_id, meeting_id=OuterRef("meeting_id"))
    occurrences = (
        Occurrence.objects.filter(
            Exists(mine), date__gte=today - dt.timedelta(FEEDBACK_WINDOW_DAYS)
        )
        .alias(  # tested in WHERE only: not selected, not compiled twice
            briefed=Exists(BriefingItem.objects.filter(briefing__occurrence=OuterRef("pk"))),
            read=Exists(
                BriefingItem.objects.filter(
                    briefing__occurrence=OuterRef("pk"), briefing__read_at__isnull=False
                )
            ),
            fed_back=Exists(Feedback.objects.filter(occurrence=OuterRef("pk"))),
        )
        .filter(Q(date__gte=today, briefed=True, read=False) | Q(date__lt=today, fed_back=False))
        .select_related("meeting")
        .only("date", "time", "meeting__name")
        .order_by("date", "time", "id")[:ITEM_LIMIT]
    )
    briefing_url = _path("representation:briefing")
    feedback_url = _path("representation:feedback-create")
    items = []
    for occurrence in occurrences:
        if occurrence.date >= today:
            items.append(
                HomeItem(
                    kind="Briefing to read",
                    title=str(occurrence.meeting),
                    detail=f"Meets {occurrence.date:%-d %b}: read the group's position",
                    url=briefing_url(occurrence.pk),
                    action="Read the briefing",
                    due_on=occurrence.date,
                )
            )
        else:
            due = occurrence.date + dt.timedelta(days=FEEDBACK_LATE_DAYS)
            items.append(
                HomeItem(
                    kind="Feedback to file",
                    title=str(occurrence.meeting),
                    detail=f"Met {occurrence.date:%-d %b}: what happened and what was agreed",
                    url=feedback_url(occurrence.pk),
                    action="File feedback",
                    due_on=due,
                )
            )
    return items


def _actions_owned(roles: Roles, today: dt.date) -> list[HomeItem]:
    actions = (
        Action.objects.still_open()
        .filter(owner_id=roles.person_id)
        .select_related("feedback__occurrence__meeting")
        .only("description", "due_on", "feedback__occurrence__meeting__name")
        .order_by("due_on", "id")[:ITEM_LIMIT]
    )
    url = reverse("representation:action-list") + "?owner=me&status=open"
    return [
        HomeItem(
            kind="Your action",
            title=a.description,
            detail=f"From {a.feedback.occurrence.meeting}; due {a.due_on:%-d %b}",
            url=url,
            action="Update the action",
            due_on=a.due_on,
        )
        for a in actions
    ]


def home_items(*, roles: Roles, now: dt.datetime | None = None) -> list[HomeGroup]:
    """Everything waiting for this person, grouped overdue, due soon, then the rest."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    items: list[HomeItem] = []
    if roles.is_gatekeeper or roles.is_superuser:
        items += _requests_to_triage(today)
    if roles.seat_ids:
        items += _positions_awaited(roles)
    if roles.is_chair or roles.is_superuser:
        items += _decisions_for_chair()
    if roles.practice_ids:
        items += _ballots_open(roles, now)
        items += _acknowledgements_due(roles, today)
    if roles.person_id and roles.is_general_practice:
        items += _papers_to_answer(roles)
        items += _representation(roles, today)
        items += _actions_owned(roles, today)
    groups: dict[int, list[HomeItem]] = {}
    for item in items:
        groups.setdefault(item.urgency(today), []).append(item)
    return [
        HomeGroup(
            urgency=urgency,
            label=URGENCY_LABELS[urgency],
            items=sorted(groups[urgency], key=lambda i: (i.due_on or dt.date.max, i.title)),
        )
        for urgency in sorted(groups)
    ]


def partner_requests(user) -> list[Request]:
    """A system partner's own requests: those they logged or sent from their address."""
    email = (getattr(getattr(user, "person", None), "email", "") or user.email or "").strip()
    mine = Q(logged_by=user)
    if email:
        mine |= Q(requester_email__iexact=email)
    requests = Request.objects.filter(mine).only("id", "token", "title", "status", "route")
    return list(requests.order_by("-submitted_at", "-id")[:20])


def site_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"
