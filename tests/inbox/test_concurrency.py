"""Two gatekeepers triaging one request at once, on PostgreSQL with two connections."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from inbox import services
from inbox.models import Request, Route, Status

from .factories import SystemRequestFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_second_gatekeeper_sees_conflict_instead_of_overwriting(world):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: two real connections racing")
    item = SystemRequestFactory(partner=world.icb)
    gatekeeper = world.users["gatekeeper"]
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def triage(route: str, extra: dict) -> None:
        try:
            stale = Request.objects.get(pk=item.pk)
            barrier.wait(timeout=10)
            services.request_triage(
                request=stale, user=gatekeeper, route=route, response=route, **extra
            )
            outcomes[route] = "triaged"
        except services.TriageConflict as conflict:
            outcomes[route] = conflict
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=triage, args=(Route.MESSAGE, {})),
        threading.Thread(target=triage, args=(Route.DECLINED, {"decline_reason": "other"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(type(o).__name__ for o in outcomes.values()) == ["TriageConflict", "str"]
    winner = next(route for route, o in outcomes.items() if o == "triaged")
    loser = next(o for o in outcomes.values() if isinstance(o, services.TriageConflict))
    assert loser.who == "Ruth Adeyemi"
    item.refresh_from_db()
    assert item.route == winner and item.response == winner
    assert item.status in {Status.TRIAGED, Status.CLOSED}
    assert item.events.filter(what__startswith="Triaged").count() == 1
