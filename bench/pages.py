"""Each main page: its SQL query count and p50/p95/max over N warm in-process requests.

One `Page` per entry. A page whose URL name does not resolve (an app not built yet) is
reported as "not built"; a page that answers anything but 200 is reported with its status.
Run alone (`python -m bench.pages --queries-only`) it prints the query counts as JSON: that is
how the tenth-scale database is measured, in its own process.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "200"))
# BENCH_PAGES=Inbox,Home measures only the pages whose label contains one of the words.
ONLY = [word.strip().lower() for word in os.environ.get("BENCH_PAGES", "").split(",") if word]
WARM_UP = 5


@dataclass
class Page:
    label: str
    url_name: str
    persona: str
    target_ms: float = 50.0
    kwargs: Callable[[], dict] = field(default=lambda: {})
    query: str = ""


def _first(queryset) -> int:
    pk = queryset.values_list("pk", flat=True).first()
    if pk is None:
        raise LookupError(f"no row for {queryset.model.__name__}")
    return pk


def _request_untriaged() -> dict:
    from inbox.models import Request

    return {"pk": _first(Request.objects.filter(status="new").order_by("-submitted_at"))}


def _meeting() -> dict:
    from decisions.models import LeadershipMeeting

    return {"pk": _first(LeadershipMeeting.objects.filter(status="planned").order_by("starts_at"))}


def _decision() -> dict:
    from decisions.models import Decision

    return {"pk": _first(Decision.objects.filter(status="agreed").order_by("-published_at"))}


def _big_round() -> dict:
    from priorities.models import VotingRound

    return {"pk": _first(VotingRound.objects.filter(title="Whole-region round"))}


def _open_round() -> dict:
    from django.utils import timezone

    from priorities.models import VotingRound

    rounds = VotingRound.objects.open_at(timezone.now()).order_by("-opens_at")
    return {"pk": _first(rounds.exclude(title="Whole-region round"))}


def _body() -> dict:
    from representation.models import SystemMeeting

    return {"pk": _first(SystemMeeting.objects.order_by("pk"))}


def _occurrence() -> dict:
    from representation.models import Occurrence

    return {"pk": _first(Occurrence.objects.filter(briefing__isnull=False).order_by("-date"))}


def _partner() -> dict:
    from members.models import Organisation

    return {"pk": _first(Organisation.objects.filter(name="Bench Partner 00"))}


def pages() -> list[Page]:
    """The main pages of the issue, each against its target."""
    gk, chair, contact = "bench-gatekeeper", "bench-chair", "bench-practice-contact"
    lead = "bench-representation-lead"
    entries = [
        Page("Inbox queue (default)", "inbox:queue", gk),
        Page(
            "Inbox queue (filtered: triaged, meeting)",
            "inbox:queue",
            gk,
            query="status=triaged&route=meeting",
        ),
        Page("Inbox queue (searched)", "inbox:queue", gk, query="q=discharge"),
        Page("Inbox queue (page 100)", "inbox:queue", gk, query="page=100"),
        Page("Request with triage panel", "inbox:request-detail", gk, kwargs=_request_untriaged),
        Page("Partner's requests", "inbox:partner", gk, kwargs=_partner),
        Page("Meetings list", "decisions:meeting-list", chair),
        Page("Meeting agenda", "decisions:meeting-detail", chair, kwargs=_meeting),
        Page("Decision (60 seats, 200 acks)", "decisions:decision-detail", chair, kwargs=_decision),
        Page("Decision as a practice", "decisions:decision-detail", contact, kwargs=_decision),
        Page("Commitments overview", "decisions:commitment-list", chair),
        Page("Decisions register", "decisions:decision-list", contact),
        Page("Priorities page", "priorities:priority-list", contact),
        Page("Round results (1,000 × 20)", "priorities:round-results", chair, 200.0, _big_round),
        Page("Representation overview", "representation:overview", lead),
        Page("Leads' coverage (system meetings)", "representation:body-list", lead),
        Page("Actions tracker", "representation:action-list", lead),
        Page("Actions tracker (overdue)", "representation:action-list", lead, query="overdue=on"),
        Page("Feedback list", "representation:feedback-list", lead),
        Page("Reviews list", "representation:review-list", lead),
        Page("System meeting page", "representation:body-detail", lead, kwargs=_body),
        Page("Briefing", "representation:briefing", "bench-representative", kwargs=_occurrence),
        Page("Round page with ballot", "priorities:round-detail", contact, kwargs=_open_round),
        Page("My requests (staff)", "inbox:mine", gk),
        Page("Notifications", "members:notifications", "bench-representative"),
        Page("Leadership group", "members:group", chair),
        Page("Organisations directory", "members:directory", "bench-admin-support"),
        Page("Audit trail", "members:audit-list", chair),
        Page("Decisions register CSV", "decisions:decision-export", contact),
        Page("Round results CSV", "priorities:results-csv", chair, 200.0, _big_round),
        Page("Ballots CSV (1,000 × 20)", "priorities:ballots-csv", chair, 200.0, _big_round),
    ]
    # Home for each role and the dashboard for a year: measured once the home app has them.
    for persona in [
        gk,
        chair,
        contact,
        lead,
        "bench-representative",
        "bench-pcn-clinical-director",
        "bench-admin-support",
        "bench-system-partner",
    ]:
        entries.append(Page(f"Home ({persona.removeprefix('bench-')})", "home", persona))
    today = dt.date.today()
    year = f"starts_on={today - dt.timedelta(days=364):%Y-%m-%d}&ends_on={today:%Y-%m-%d}"
    entries.append(Page("Dashboard (a year)", "home:dashboard", chair, 200.0, query=year))
    entries.append(
        Page(
            "Dashboard CSV (a year)",
            "home:dashboard-csv",
            chair,
            200.0,
            kwargs=lambda: {"chart": "acknowledgements"},
            query=year,
        )
    )
    return entries


def _url(page: Page) -> str:
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse(page.url_name, kwargs=page.kwargs())
    except NoReverseMatch:
        raise LookupError("not built") from None
    return f"{path}?{page.query}" if page.query else path


def _client(persona: str, cache: dict):
    from django.contrib.auth import get_user_model
    from django.test import Client

    if persona not in cache:
        client = Client(raise_request_exception=False)
        client.force_login(get_user_model().objects.get(username=persona))
        cache[persona] = client
    return cache[persona]


def _count(client, url: str) -> tuple[int, int, int, float]:
    """(status, queries cold, queries warm, cold ms): cold is the first request after the
    cache is emptied (as after any change to what the page shows), warm the next one."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _consume(client.get(url))  # templates compiled, connections open
    cache.clear()  # the benchmark's own Redis database
    with CaptureQueriesContext(connection) as cold:
        started = time.perf_counter()
        response = client.get(url)
        _consume(response)
        cold_ms = (time.perf_counter() - started) * 1000
    with CaptureQueriesContext(connection) as warm:
        _consume(client.get(url))
    return response.status_code, len(cold), len(warm), cold_ms


def _consume(response) -> None:
    if getattr(response, "streaming", False):
        for _ in response.streaming_content:
            pass


def measure(*, requests: int = REQUESTS, queries_only: bool = False) -> list[dict]:
    clients: dict = {}
    rows = []
    for page in pages():
        if ONLY and not any(word in page.label.lower() for word in ONLY):
            continue
        row = {
            "page": page.label,
            "url_name": page.url_name,
            "persona": page.persona,
            "target_ms": page.target_ms,
        }
        try:
            url = _url(page)
        except LookupError as problem:
            rows.append(row | {"status": str(problem)})
            continue
        client = _client(page.persona, clients)
        status, queries, warm_queries, cold_ms = _count(client, url)
        row |= {"url": url, "http": status, "queries": queries, "queries_warm": warm_queries}
        row["cold_ms"] = round(cold_ms, 1)
        if status != 200:
            rows.append(row | {"status": f"HTTP {status}"})
            continue
        if not queries_only:
            for _ in range(WARM_UP):
                _consume(client.get(url))
            times = []
            for _ in range(requests):
                started = time.perf_counter()
                _consume(client.get(url))
                times.append((time.perf_counter() - started) * 1000)
            times.sort()
            p95 = times[int(len(times) * 0.95) - 1]
            row |= {
                "p50_ms": round(statistics.median(times), 1),
                "p95_ms": round(p95, 1),
                "max_ms": round(times[-1], 1),
                "status": "ok" if p95 <= page.target_ms else "MISSED",
            }
        else:
            row["status"] = "ok"
        rows.append(row)
    return rows


def report(rows: list[dict], small: dict[str, int] | None) -> None:
    print(f"\nPages: {REQUESTS} warm in-process requests each (Django test client, PostgreSQL)")
    print(
        "  queries: a cold request (cache emptied) at full and at a tenth scale, then a warm one;"
        " cold: that first request's time"
    )
    print(
        f"  {'page':<42}{'queries':>8}{'1/10':>6}{'warm':>6}{'cold':>8}{'p50':>8}{'p95':>8}"
        f"{'max':>8}{'target':>8}  verdict"
    )
    for row in rows:
        if "p95_ms" not in row:
            print(f"  {row['page']:<42}{row.get('queries', ''):>8}{'':>52}  {row['status']}")
            continue
        tenth = (small or {}).get(row["page"])
        grows = tenth is not None and tenth != row["queries"]
        row["queries_tenth_scale"] = tenth
        row["queries_grow"] = grows
        verdict = row["status"] + ("; QUERIES GROW" if grows else "")
        print(
            f"  {row['page']:<42}{row['queries']:>8}{tenth if tenth is not None else '-':>6}"
            f"{row['queries_warm']:>6}{row['cold_ms']:>8.1f}{row['p50_ms']:>8.1f}{row['p95_ms']:>8.1f}{row['max_ms']:>8.1f}"
            f"{row['target_ms']:>7.0f}ms  {verdict}"
        )


def main() -> int:
    import django

    django.setup()
    rows = measure(queries_only="--queries-only" in sys.argv)
    json.dump({r["page"]: r.get("queries") for r in rows}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
