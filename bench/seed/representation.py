"""The benchmark's system meetings, briefings, feedback, actions and reviews."""

from __future__ import annotations

import datetime as dt

from .common import bulk


def seed_representation(counts, world, people, priorities, rng, now) -> None:
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
    bodies = bulk(
        SystemMeeting,
        [SystemMeeting(name=f"Bench board {i:02d}", organiser="The ICB") for i in range(25)],
    )
    bulk(
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
    occurrences = bulk(
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
    briefings = bulk(
        Briefing,
        [
            Briefing(occurrence=o, written_by=people["by_name"]["bench-representation-lead"])
            for o in occurrences
        ],
    )
    mandates = ["may_agree", "must_come_back", "oppose"]
    bulk(
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
    feedbacks = bulk(
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
    bulk(Action, actions)
