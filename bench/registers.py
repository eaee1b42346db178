"""Importing the whole of England's practice register (synthetic, published shape) and a refresh."""

from __future__ import annotations

import time

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext

PRACTICES, PCNS = 6200, 1250
TARGET_SECONDS = 60.0


def _timed(label: str, **kwargs) -> dict:
    from members.importer import Scope, registers_import

    scope = Scope.of(icbs=[f"Q{n:02d}" for n in range(42)])
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        run = registers_import(scope=scope, **kwargs)
        elapsed = time.perf_counter() - started
    summary = run.summary
    return {
        "step": label,
        "seconds": round(elapsed, 2),
        "queries": len(queries.captured_queries),
        "status": run.status,
        "added": summary.get("practices_added"),
        "moved": summary.get("practices_moved"),
        "updated": summary.get("practices_updated"),
        "inactivated": summary.get("practices_inactivated"),
    }


def _clean() -> None:
    """Remove the imported organisations (the benchmark database is ours alone)."""
    from members.models import ImportRun, ListSize, Organisation, Seat

    ListSize.objects.all().delete()
    Seat.objects.filter(organisation__sub_icb_code__gt="").delete()
    Organisation.objects.filter(kind="practice", sub_icb_code__gt="").delete()
    Organisation.objects.filter(kind="pcn", sub_icb_code__gt="").delete()
    ImportRun.objects.all().delete()


def run() -> list[dict]:
    from members.importer.synthetic import synthetic_registers

    _clean()  # a clean slate before, and after so the page benchmarks see the ICS alone
    april = synthetic_registers(practices=PRACTICES, pcns=PCNS)
    may = synthetic_registers(practices=PRACTICES, pcns=PCNS, month=5, churn=True)
    rows = [
        _timed("first import (England)", map_source=april[0], patients_source=april[1]),
        _timed("same files again", map_source=april[0], patients_source=april[1]),
        _timed("monthly refresh", map_source=may[0], patients_source=may[1]),
    ]
    _clean()
    print(
        f"\nRegister import: {PRACTICES:,} practices in {PCNS:,} PCNs (target ≤ "
        f"{TARGET_SECONDS:.0f} s each, queries bounded per batch of 1,000)"
    )
    print(f"  {'step':<26}{'seconds':>9}{'queries':>9}  added/moved/updated/inactivated")
    for row in rows:
        verdict = "ok" if row["seconds"] <= TARGET_SECONDS else "MISSED"
        print(
            f"  {row['step']:<26}{row['seconds']:>9.2f}{row['queries']:>9}  "
            f"{row['added']}/{row['moved']}/{row['updated']}/{row['inactivated']}  {verdict}"
        )
    return rows
