"""The benchmark's leadership meetings, decisions, positions, commitments, acknowledgements."""

from __future__ import annotations

import datetime as dt

from .common import bulk


def seed_decisions(counts, world, people, priorities, rng, now) -> None:
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
    meetings = bulk(LeadershipMeeting, meetings)
    kinds = ["gp_business", "gp_business", "system_item", "information"]
    items = bulk(
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
    bulk(
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
    decisions = bulk(Decision, decisions)
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
    rounds = bulk(Round, rounds)
    Expected = Round.expected_seats.through
    bulk(Expected, [Expected(round=r, seat=s) for r in rounds for s in seats])
    stances = ["support", "live_with", "stand_aside", "concern"]
    bulk(
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
    commitments = bulk(
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
    bulk(Acknowledgement, acknowledgements)
