"""A whole ICS's worth of data, bulk inserted: what `seed_bench` loads for `make bench`.

Every count is the issue's figure times `scale` (at least 1). Personas the benchmark logs in as
have usernames starting "bench-". The data set also leaves ~100,000 reminders owed (at scale 1)
to the next sweep: overdue actions, unacknowledged recent decisions and open rounds that close
within a day with no ballots.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

BATCH = 5000
SEEDED_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
PASSWORD = "bench-password-not-secret"
CONTACTS_PER_PRACTICE = 3
# Personas the benchmark logs in as: username -> role description.
PERSONAS = {
    "bench-chair": "chair",
    "bench-gatekeeper": "gatekeeper",
    "bench-representation-lead": "representation lead",
    "bench-admin-support": "admin support",
    "bench-representative": "representative",
    "bench-pcn-clinical-director": "PCN clinical director (seat holder)",
    "bench-practice-contact": "practice contact",
    "bench-system-partner": "system partner",
}


@dataclass
class Counts:
    scale: float
    figures: dict[str, int] = field(default_factory=dict)

    def n(self, full: int) -> int:
        return max(1, round(full * self.scale))


def _bulk(model, rows: list, **kwargs) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)


def seed(*, scale: float = 1.0, seed_value: int = 10) -> dict[str, int]:
    """Empty the benchmark database's domain tables and fill them; returns the row counts."""
    rng = random.Random(seed_value)
    counts = Counts(scale)
    with transaction.atomic():
        _truncate()
        now = timezone.now()
        world = _organisations(counts)
        people = _people(counts, world, rng)
        _inbox(counts, world, people, rng, now)
        priorities = _priorities(counts, world, people, rng, now)
        _decisions(counts, world, people, priorities, rng, now)
        _representation(counts, world, people, priorities, rng, now)
        _reminders_sent(counts, people, rng, now)
    with connection.cursor() as cursor:  # what autovacuum would do after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return _row_counts()


def _truncate() -> None:
    from django.apps import apps

    keep = {"contenttypes", "auth_permission", "django_migrations", "django_session"}
    tables = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.app_label in {"contenttypes"} or table in keep or model._meta.proxy:
            continue
        if model._meta.managed or model._meta.auto_created:
            tables.append(connection.ops.quote_name(table))
    tables.append("django_session")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(sorted(set(tables)))} RESTART IDENTITY CASCADE")
        else:  # SQLite (the test suite): foreign keys are checked at commit, so any order works
            for table in sorted(set(tables)):
                cursor.execute(f"DELETE FROM {table}")


def _organisations(counts: Counts) -> dict:
    from members.models import Organisation, Seat

    pcns = _bulk(
        Organisation,
        [
            Organisation(name=f"Bench PCN {i:03d}", kind="pcn", ods_code=f"U{i:05d}")
            for i in range(counts.n(40))
        ],
    )
    practices = _bulk(
        Organisation,
        [
            Organisation(
                name=f"Bench Surgery {i:04d}",
                kind="practice",
                ods_code=f"B{i:05d}",
                list_size=4000 + i * 37 % 12000,
                pcn=pcns[i % len(pcns)],
            )
            for i in range(counts.n(200))
        ],
    )
    # The 1,000-practice round also counts practices that have since closed or merged.
    closed = _bulk(
        Organisation,
        [
            Organisation(
                name=f"Former Surgery {i:04d}",
                kind="practice",
                ods_code=f"C{i:05d}",
                list_size=3000,
                pcn=pcns[i % len(pcns)],
                is_active=False,
            )
            for i in range(counts.n(1000) - len(practices))
        ],
    )
    others = _bulk(
        Organisation,
        [Organisation(name="Bench LMC", kind="lmc")]
        + [
            Organisation(name=f"Bench Federation {i:02d}", kind="federation")
            for i in range(max(0, counts.n(60) - len(pcns) - 1))
        ],
    )
    partner_kinds = ["icb", "acute_trust", "community_trust", "mental_health_trust", "council"]
    partners = _bulk(
        Organisation,
        [Organisation(name=f"Bench Partner {i:02d}", kind=partner_kinds[i % 5]) for i in range(20)],
    )
    seats = _bulk(Seat, [Seat(organisation=o) for o in [*pcns, *others]])
    return {
        "pcns": pcns,
        "practices": practices,
        "closed": closed,
        "partners": partners,
        "seats": seats,
    }


def _people(counts: Counts, world: dict, rng: random.Random) -> dict:
    from guardian.models import UserObjectPermission

    from members.models import LeadershipRole, Organisation, Person, Seat

    User = get_user_model()
    password = make_password(PASSWORD)
    total = max(counts.n(2000), len(world["practices"]) * CONTACTS_PER_PRACTICE + 200)
    names = list(PERSONAS) + [f"bench-user-{i:05d}" for i in range(total - len(PERSONAS))]
    users = _bulk(
        User,
        [User(username=name, email=f"{name}@bench.example", password=password) for name in names],
    )
    people = _bulk(
        Person,
        [Person(user=u, full_name=u.username.replace("-", " ").title()) for u in users],
    )
    by_name = {p.user.username: p for p in people}
    pool = people[len(PERSONAS) :]
    practices = world["practices"]
    # Practice contacts: three per practice, the persona acting for the first practice.
    contacts = [by_name["bench-practice-contact"]] + pool[: len(practices) * CONTACTS_PER_PRACTICE]
    pool = pool[len(practices) * CONTACTS_PER_PRACTICE :]
    permission = Permission.objects.get(codename="act_for_practice")
    organisation_type = ContentType.objects.get_for_model(Organisation)
    grants, memberships = [], []
    Membership = Person.organisations.through
    for index, person in enumerate(contacts):
        practice = practices[(index if index else 0) // CONTACTS_PER_PRACTICE % len(practices)]
        grants.append(
            UserObjectPermission(
                user_id=person.user_id,
                permission=permission,
                content_type=organisation_type,
                object_pk=str(practice.pk),
            )
        )
        memberships.append(Membership(person=person, organisation=practice))
    _bulk(UserObjectPermission, grants)
    # Seat holders: the clinical-director persona holds the first seat, the pool the rest.
    seats = world["seats"]
    holders = [by_name["bench-pcn-clinical-director"], by_name["bench-chair"]] + pool[:100]
    for index, seat in enumerate(seats):
        seat.holder = holders[index % len(holders)] if index % 20 != 19 else None  # a few vacant
    Seat.objects.bulk_update(seats, ["holder"], batch_size=BATCH)
    for seat in seats:
        if seat.holder_id:
            memberships.append(Membership(person=seat.holder, organisation=seat.organisation))
    partner_staff = [by_name["bench-system-partner"]] + pool[100:140]
    for index, person in enumerate(partner_staff):
        memberships.append(
            Membership(
                person=person, organisation=world["partners"][index % len(world["partners"])]
            )
        )
    _bulk(Membership, memberships, ignore_conflicts=True)
    representatives = [by_name["bench-representative"]] + pool[140:190]
    roles = [
        LeadershipRole(person=by_name["bench-chair"], kind="chair", slot=1),
        LeadershipRole(person=by_name["bench-gatekeeper"], kind="gatekeeper", slot=1),
        LeadershipRole(person=pool[190], kind="gatekeeper", slot=2),
        LeadershipRole(
            person=by_name["bench-representation-lead"], kind="representation_lead", slot=1
        ),
        LeadershipRole(person=by_name["bench-admin-support"], kind="admin_support"),
    ] + [LeadershipRole(person=p, kind="representative") for p in representatives]
    _bulk(LeadershipRole, roles)
    return {
        "by_name": by_name,
        "users": users,
        "contacts": contacts,
        "representatives": representatives,
        "partner_staff": partner_staff,
        "chair_user": by_name["bench-chair"].user,
        "gatekeeper_user": by_name["bench-gatekeeper"].user,
    }


def _inbox(counts: Counts, world: dict, people: dict, rng: random.Random, now) -> None:
    from inbox.models import Request, RequestEvent

    partners = world["partners"]
    gatekeeper = people["gatekeeper_user"]
    statuses = ["new", "resubmitted", "awaiting_requester", "triaged", "closed"]
    weights = [4, 1, 3, 30, 62]
    routes = ["meeting", "paper", "message", "more_work", "declined"]
    words = ["access", "discharge", "referral", "estates", "workforce", "vaccination", "digital"]
    rows = []
    for i in range(counts.n(50_000)):
        status = rng.choices(statuses, weights)[0]
        submitted = now - dt.timedelta(days=rng.uniform(0, 3 * 365))
        route = ""
        if status == "awaiting_requester":
            route = "more_work"
        elif status in ("triaged", "closed"):
            route = rng.choice(routes)
        topic = words[i % len(words)]
        rows.append(
            Request(
                partner=partners[i % len(partners)],
                requester_name=f"Requester {i}",
                requester_email=f"requester{i}@partner.example",
                title=f"Request {i} about {topic}",
                ask=f"Please support the {topic} work stream number {i}.",
                why_general_practice="Practices hold the list.",
                impact="Some workload for each practice.",
                respond_by=(submitted + dt.timedelta(days=30)).date(),
                token=f"bench-{i:08d}",
                submitted_at=submitted,
                status=status,
                route=route,
                triaged_by=gatekeeper if route else None,
                triaged_at=submitted + dt.timedelta(days=2) if route else None,
                closed_at=submitted + dt.timedelta(days=20) if status == "closed" else None,
                decline_reason="other" if route == "declined" else "",
                paper_audience="practices" if route == "paper" else "",
                paper_due_on=(submitted + dt.timedelta(days=14)).date()
                if route == "paper"
                else None,
                awaiting_since=submitted + dt.timedelta(days=2) if route == "more_work" else None,
            )
        )
    requests = _bulk(Request, rows)
    events = []
    for request in requests:
        events.append(
            RequestEvent(
                request=request, at=request.submitted_at, actor_label="Requester", what="Submitted"
            )
        )
        if request.triaged_at:
            events.append(
                RequestEvent(
                    request=request,
                    at=request.triaged_at,
                    actor=gatekeeper,
                    actor_label="Bench Gatekeeper",
                    what=f"Triaged: {request.route}",
                )
            )
        if request.closed_at:
            events.append(
                RequestEvent(
                    request=request,
                    at=request.closed_at,
                    actor=gatekeeper,
                    actor_label="Bench Gatekeeper",
                    what="Closed",
                )
            )
    _bulk(RequestEvent, events)


def _priorities(counts: Counts, world: dict, people: dict, rng: random.Random, now) -> list:
    from priorities.models import Ballot, BallotChoice, Priority, VotingRound

    adopted = _bulk(
        Priority,
        [
            Priority(title=f"Adopted priority {i}", summary="Why.", status="adopted", rank=i + 1)
            for i in range(10)
        ],
    )
    candidates = _bulk(
        Priority,
        [Priority(title=f"Candidate {i}", summary="Maybe.") for i in range(40)],
    )
    chair = people["chair_user"]
    practices = world["practices"]
    Candidates = VotingRound.candidates.through
    rounds, links = [], []
    for i in range(counts.n(40)):
        opens = now - dt.timedelta(days=30 * (i + 2))
        rounds.append(
            VotingRound(
                title=f"Round {i}",
                method="ranked",
                max_choices=3,
                opens_at=opens,
                closes_at=opens + dt.timedelta(days=14),
                closed_at=opens + dt.timedelta(days=14),
                opened_by=chair,
            )
        )
    big = VotingRound(
        title="Whole-region round",
        method="ranked",
        max_choices=20,
        opens_at=now - dt.timedelta(days=20),
        closes_at=now - dt.timedelta(days=5),
        closed_at=now - dt.timedelta(days=5),
        opened_by=chair,
    )
    # Open rounds closing within a day with no ballots yet: their reminders are owed.
    owed = [
        VotingRound(
            title=f"Closing soon {i}",
            method="approval",
            max_choices=3,
            opens_at=now - dt.timedelta(days=10),
            closes_at=now + dt.timedelta(hours=12),
            opened_by=chair,
        )
        for i in range(counts.n(8))
    ]
    rounds = _bulk(VotingRound, [*rounds, big, *owed])
    big, closed = rounds[-len(owed) - 1], rounds[: -len(owed) - 1]
    ballots, picks = [], {}
    for voting_round in closed:
        chosen = rng.sample(candidates, 8)
        links += [Candidates(votinground=voting_round, priority=p) for p in chosen]
        for practice in practices:
            ballots.append(
                Ballot(
                    round=voting_round,
                    practice=practice,
                    cast_at=voting_round.opens_at + dt.timedelta(days=1),
                )
            )
            picks[(voting_round.pk, practice.pk)] = rng.sample(chosen, 3)
    big_candidates = candidates[:20]
    links += [Candidates(votinground=big, priority=p) for p in big_candidates]
    for practice in [*practices, *world["closed"]]:
        ballots.append(Ballot(round=big, practice=practice, cast_at=big.opens_at))
        order = big_candidates[:]
        rng.shuffle(order)
        picks[(big.pk, practice.pk)] = order
    for voting_round in owed:
        links += [Candidates(votinground=voting_round, priority=p) for p in candidates[:6]]
    _bulk(Candidates, links)
    ballots = _bulk(Ballot, ballots)
    choices = [
        BallotChoice(ballot=b, priority=p, rank=rank + 1)
        for b in ballots
        for rank, p in enumerate(picks[(b.round_id, b.practice_id)])
    ]
    _bulk(BallotChoice, choices)
    return adopted + candidates


def _decisions(counts, world, people, priorities, rng, now) -> None:
    from decisions.models import (
        Acknowledgement,
        AgendaItem,
        Attendance,
        Commitment,
        Decision,
        LeadershipMeeting,
        Position,
        Round,
    )

    chair = people["chair_user"]
    seats = world["seats"]
    practices = world["practices"]
    meetings = []
    for i in range(counts.n(300)):
        starts = now + dt.timedelta(days=14 * (5 - i))
        meetings.append(
            LeadershipMeeting(
                starts_at=starts,
                status="planned" if starts > now else "held",
                chair=people["by_name"]["bench-chair"],
                location="Bench House",
            )
        )
    meetings = _bulk(LeadershipMeeting, meetings)
    kinds = ["gp_business", "gp_business", "system_item", "information"]
    items = _bulk(
        AgendaItem,
        [
            AgendaItem(
                meeting=m,
                position=p,
                kind=kinds[p % 4],
                title=f"Item {p} of meeting {m.pk}",
                minutes=15,
                priority=priorities[p] if p % 3 == 0 else None,
            )
            for m in meetings
            for p in range(8)
        ],
    )
    _bulk(
        Attendance,
        [
            Attendance(meeting=m, seat=s, status="present", recorded_by=chair)
            for m in meetings
            if m.status == "held"
            for s in seats
        ],
    )
    total = counts.n(2000)
    recent = counts.n(66)  # published 8 days ago, no practice has acknowledged: reminders owed
    decisions = []
    for i in range(total):
        status = "agreed" if i < recent or i % 10 < 7 else ["open", "parked", "withdrawn"][i % 3]
        agreed = now - dt.timedelta(days=8 if i < recent else 60 + i)
        decisions.append(
            Decision(
                title=f"Decision {i}",
                question=f"Should practices adopt approach {i}?",
                agenda_item=items[i % len(items)],
                status=status,
                agreed_wording="Agreed." if status == "agreed" else "",
                summary="What it means." if status == "agreed" else "",
                agreed_at=agreed if status == "agreed" else None,
                published_at=agreed if status == "agreed" else None,
                published_by=chair if status == "agreed" else None,
                created_by=chair,
            )
        )
    decisions = _bulk(Decision, decisions)
    rounds = []
    for decision in decisions:
        for number in (1, 2, 3):
            still_open = decision.status == "open" and number == 3
            rounds.append(
                Round(
                    decision=decision,
                    number=number,
                    proposal=f"Proposal {number}",
                    opened_by=chair,
                    closed_at=None if still_open else now - dt.timedelta(days=9),
                )
            )
    rounds = _bulk(Round, rounds)
    Expected = Round.expected_seats.through
    _bulk(Expected, [Expected(round=r, seat=s) for r in rounds for s in seats])
    stances = ["support", "live_with", "stand_aside", "concern"]
    _bulk(
        Position,
        [
            Position(
                round=r,
                seat=s,
                stance=stances[(r.pk + s.pk) % 4],
                reason="A reason." if (r.pk + s.pk) % 4 == 3 else "",
                recorded_by=chair,
            )
            for r in rounds
            for s in seats
        ],
    )
    commitments = _bulk(
        Commitment,
        [
            Commitment(
                decision=d,
                scope="all_practices",
                what=f"Every practice does step {k} of {d.title}",
                due_on=(now + dt.timedelta(days=60 + k)).date()
                if d.agreed_at and d.agreed_at > now - dt.timedelta(days=30)
                else (d.agreed_at or now).date(),
                status="on_track"
                if d.agreed_at and d.agreed_at > now - dt.timedelta(days=30)
                else "done",
            )
            for d in decisions
            if d.status == "agreed"
            for k in (1, 2)
        ],
    )
    del commitments
    acknowledgements = []
    for d in decisions:
        if d.status != "agreed":
            continue
        is_recent = d.agreed_at > now - dt.timedelta(days=30)
        for index, practice in enumerate(practices):
            seen = not is_recent and index % 10 != 0
            acknowledgements.append(
                Acknowledgement(
                    decision=d,
                    practice=practice,
                    acknowledged_at=d.published_at + dt.timedelta(days=2) if seen else None,
                )
            )
    _bulk(Acknowledgement, acknowledgements)


def _representation(counts, world, people, priorities, rng, now) -> None:
    from representation.models import (
        Action,
        Assignment,
        Briefing,
        BriefingItem,
        Feedback,
        Occurrence,
        SystemMeeting,
    )

    representatives = people["representatives"]
    bodies = _bulk(
        SystemMeeting,
        [SystemMeeting(name=f"Bench board {i:02d}", organiser="The ICB") for i in range(25)],
    )
    _bulk(
        Assignment,
        [
            Assignment(meeting=b, person=representatives[(i + k) % len(representatives)])
            for i, b in enumerate(bodies)
            for k in range(2)
        ],
        ignore_conflicts=True,
    )
    today = now.date()
    total_occurrences = counts.n(500)  # over the last 14 months, a few still to come
    occurrences = _bulk(
        Occurrence,
        [
            Occurrence(
                meeting=bodies[i % len(bodies)],
                date=today + dt.timedelta(days=21 - 420 * i // total_occurrences),
                time=dt.time(9 + i % 8, 0),
            )
            for i in range(total_occurrences)
        ],
    )
    briefings = _bulk(
        Briefing,
        [
            Briefing(occurrence=o, written_by=people["by_name"]["bench-representation-lead"])
            for o in occurrences
        ],
    )
    mandates = ["may_agree", "must_come_back", "oppose"]
    _bulk(
        BriefingItem,
        [
            BriefingItem(
                briefing=b,
                title=f"Item {k}",
                position="Our position.",
                mandate=mandates[k % 3],
                priority=priorities[k],
            )
            for b in briefings
            for k in range(2)
        ],
    )
    past = [o for o in occurrences if o.date < today]
    feedbacks = _bulk(
        Feedback,
        [
            Feedback(
                occurrence=o,
                filed_by=representatives[i % len(representatives)],
                discussed="What was discussed.",
                agreed="Nothing binding.",
            )
            for i, o in enumerate(past)
        ],
    )
    total = counts.n(20_000)
    overdue = counts.n(16_000)
    actions = []
    for i in range(total):
        feedback = feedbacks[i % len(feedbacks)]
        is_open = i < overdue or i % 5 == 0
        due = (
            today - dt.timedelta(days=1 + i % 300) if i < overdue else today + dt.timedelta(days=30)
        )
        if not is_open:
            due = today - dt.timedelta(days=1 + i % 300)
        actions.append(
            Action(
                feedback=feedback,
                description=f"Action {i}: follow up the board's request",
                owner=representatives[i % len(representatives)],
                due_on=due,
                status="open" if is_open else "done",
                closed_at=None if is_open else now - dt.timedelta(days=i % 300),
            )
        )
    _bulk(Action, actions)


def _reminders_sent(counts: Counts, people: dict, rng: random.Random, now) -> None:
    """100,000 reminders already sent (with their notifications), for earlier weeks."""
    from members.models import Notification, Reminder
    from members.reminders import week_start
    from representation.models import Action

    action_type = ContentType.objects.get_for_model(Action)
    actions = list(
        Action.objects.filter(status="open", due_on__lt=now.date()).values_list(
            "id", "owner__user_id"
        )
    )
    this_week = week_start(now.date())
    total = counts.n(100_000)
    reminders = []
    weeks = 1
    while len(reminders) < total and actions:
        for action_id, user_id in actions:
            if len(reminders) >= total:
                break
            reminders.append(
                Reminder(
                    kind="action_overdue",
                    content_type=action_type,
                    object_id=action_id,
                    recipient_id=user_id,
                    due_on=this_week - dt.timedelta(weeks=weeks),
                    emailed_at=now,
                )
            )
        weeks += 1
    reminders = _bulk(Reminder, reminders)
    # Marked as seeded, so that the benchmark can forget what its own sweep sent.
    Reminder.objects.update(created_at=SEEDED_AT)
    _bulk(
        Notification,
        [
            Notification(
                recipient_id=r.recipient_id,
                title="An action is overdue",
                body="Update it in the actions tracker.",
                url="/representation/actions/?owner=me",
                reminder=r,
                read_at=now if index % 4 else None,
            )
            for index, r in enumerate(reminders)
        ],
    )


def _row_counts() -> dict[str, int]:
    from decisions.models import Acknowledgement, Decision, LeadershipMeeting, Position
    from inbox.models import Request, RequestEvent
    from members.models import Organisation, Reminder, Seat
    from priorities.models import Ballot, BallotChoice, VotingRound
    from representation.models import Action, Occurrence

    User = get_user_model()
    return {
        "practices": Organisation.objects.filter(kind="practice", is_active=True).count(),
        "pcns": Organisation.objects.filter(kind="pcn").count(),
        "seats": Seat.objects.count(),
        "users": User.objects.count(),
        "requests": Request.objects.count(),
        "request_events": RequestEvent.objects.count(),
        "leadership_meetings": LeadershipMeeting.objects.count(),
        "decisions": Decision.objects.count(),
        "positions": Position.objects.count(),
        "acknowledgements": Acknowledgement.objects.count(),
        "voting_rounds": VotingRound.objects.count(),
        "ballots": Ballot.objects.count(),
        "ballot_choices": BallotChoice.objects.count(),
        "occurrences": Occurrence.objects.count(),
        "actions": Action.objects.count(),
        "reminders_sent": Reminder.objects.count(),
    }
