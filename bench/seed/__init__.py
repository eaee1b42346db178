"""A whole ICS's worth of data, bulk inserted: what `seed_bench` loads for `make bench`.

Every count is the issue's figure times `scale` (at least 1). Personas the benchmark logs in as
have usernames starting "bench-". The data set also leaves ~100,000 reminders owed (at scale 1)
to the next sweep: overdue actions, unacknowledged recent decisions and open rounds that close
within a day with no ballots.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone

from .common import PERSONAS, SEEDED_AT, Counts
from .decisions import seed_decisions
from .people import seed_organisations, seed_people, seed_reminders_sent
from .representation import seed_representation
from .work import seed_inbox, seed_priorities

__all__ = ["PERSONAS", "SEEDED_AT", "seed"]


def seed(*, scale: float = 1.0, seed_value: int = 10) -> dict[str, int]:
    """Empty the benchmark database's domain tables and fill them; returns the row counts."""
    rng = random.Random(seed_value)
    counts = Counts(scale)
    with transaction.atomic():
        _truncate()
        now = timezone.now()
        world = seed_organisations(counts)
        people = seed_people(counts, world, rng)
        seed_inbox(counts, world, people, rng, now)
        priorities = seed_priorities(counts, world, people, rng, now)
        seed_decisions(counts, world, people, priorities, rng, now)
        seed_representation(counts, world, people, priorities, rng, now)
        seed_reminders_sent(counts, people, rng, now)
    with connection.cursor() as cursor:  # what autovacuum would do after a bulk load
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    cache.clear()  # bulk inserts send no signals: nothing cached before the seed may survive it
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
