"""The reminder sweep: everything owed, sent by two Celery workers at once (Redis, PostgreSQL).

Two `celery worker --pool=solo` processes share the sweep the way production does: the beat's
task is enqueued once, it fans out a task per source and each recorded batch an email task.
The clock runs from that enqueue until the database shows every owed reminder recorded and
emailed. `python -m bench.sweep --sources` prints what each source costs (for two scales).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

TARGET_SECONDS = 10.0
WORKERS = 2
TIMEOUT = int(os.environ.get("BENCH_SWEEP_TIMEOUT", "150"))


def source_costs(now=None) -> tuple[dict[str, dict], set]:
    """Per source: reminders due, queries and seconds; and the set of due keys."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from members.reminders import registered_sources

    now = now or timezone.now()
    costs, keys = {}, set()
    for kind, source in registered_sources().items():
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            dues = list(source(now))
        seconds = time.perf_counter() - started
        costs[kind] = {"due": len(dues), "queries": len(queries), "seconds": round(seconds, 3)}
        for due in dues:
            content_type = ContentType.objects.get_for_model(due.subject_model)
            keys.add((due.kind, content_type.id, due.subject.pk, due.recipient_id, due.due_on))
    return costs, keys


def _owed(keys: set) -> int:
    """How many of the due reminders are not yet recorded."""
    from members.models import Reminder

    recorded = set(
        Reminder.objects.filter(kind__in={key[0] for key in keys}).values_list(
            "kind", "content_type_id", "object_id", "recipient_id", "due_on"
        )
    )
    return len(keys - recorded)


def _reset() -> None:
    """Forget every reminder not seeded, so each run owes the same reminders again.

    Then vacuum, as autovacuum would in time: otherwise each run's 100,000 deleted rows stay
    in the unique index and every later run's inserts wade through them."""
    from django.db import connection

    from bench.seed import SEEDED_AT
    from members.models import Notification, Reminder

    Notification.objects.filter(reminder__created_at__gt=SEEDED_AT).delete()
    Reminder.objects.filter(created_at__gt=SEEDED_AT).delete()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE members_reminder, members_notification")


def _small_scale_costs(env: dict) -> dict | None:
    small = os.environ.get("BENCH_SMALL_DATABASE_URL", env["DATABASE_URL"] + "_small")
    done = subprocess.run(
        [sys.executable, "-m", "bench.sweep", "--sources"],
        env={**env, "DATABASE_URL": small},
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout) if done.returncode == 0 else None


APPLICATION_NAME = "gpl-bench-sweep"  # how the workers' PostgreSQL backends are found


def _cpu_seconds(pid: int) -> float:
    """User and system CPU a process has used so far (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sample_backends(seen: dict[int, float]) -> None:
    """Note the CPU each of the workers' PostgreSQL backends has used (they come and go)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE application_name = %s", [APPLICATION_NAME]
        )
        for (pid,) in cursor.fetchall():
            seen[pid] = max(seen.get(pid, 0.0), _cpu_seconds(pid))


def _start_workers(env: dict) -> list[subprocess.Popen]:
    celery = Path(sys.executable).with_name("celery")
    log = open("var/bench/celery-workers.log", "w")  # noqa: SIM115 (the workers hold it)
    return [
        subprocess.Popen(
            [
                str(celery),
                "-A",
                "gpleadership",
                "worker",
                "--pool=solo",
                "--loglevel=warning",
                "-n",
                f"bench{n}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            env={**env, "PGAPPNAME": APPLICATION_NAME},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for n in range(WORKERS)
    ]


def _stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still inside a task after a cut-short run
            worker.kill()
            worker.wait(timeout=10)


def run(env: dict, redis_url: str) -> dict:
    import redis
    from django.db.models import Count, Max
    from django.utils import timezone

    from gpleadership.celery import app
    from members.models import Reminder
    from members.tasks import send_due_reminders_task

    _reset()  # even after a run that was cut short
    marker = Reminder.objects.aggregate(m=Max("id"))["m"] or 0
    costs, keys = source_costs(timezone.now())
    owed = _owed(keys)
    small = _small_scale_costs(env)
    redis.Redis.from_url(redis_url).flushdb()  # db 7 is the benchmark's alone
    Path("var/bench").mkdir(parents=True, exist_ok=True)
    workers = _start_workers(env)
    new = Reminder.objects.filter(id__gt=marker)
    recorded = emailed = 0
    all_recorded_at = None
    try:
        deadline = time.monotonic() + 60
        while len(app.control.ping(timeout=0.5)) < WORKERS:  # both consuming before the start
            if time.monotonic() > deadline:
                raise RuntimeError("the benchmark's Celery workers did not start within 60 s")
        worker_cpu_before = sum(_cpu_seconds(w.pid) for w in workers)
        backends_before: dict[int, float] = {}
        _sample_backends(backends_before)
        backends = dict(backends_before)
        started = time.perf_counter()
        send_due_reminders_task.apply_async()
        while time.perf_counter() - started < TIMEOUT:
            time.sleep(0.25)  # each look counts up to 100,000 rows: not too often
            _sample_backends(backends)
            counts = new.aggregate(recorded=Count("id"), emailed=Count("emailed_at"))
            recorded, emailed = counts["recorded"], counts["emailed"]
            if all_recorded_at is None and recorded >= owed:
                all_recorded_at = time.perf_counter() - started
            if recorded >= owed and emailed >= recorded:
                break
        elapsed = time.perf_counter() - started
        worker_cpu = sum(_cpu_seconds(w.pid) for w in workers) - worker_cpu_before
        backend_cpu = sum(backends.values()) - sum(backends_before.values())
        cpu = worker_cpu + backend_cpu
    finally:
        _stop(workers)
    duplicates = (
        new.values("kind", "content_type", "object_id", "recipient", "due_on")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    finished = recorded >= owed and emailed >= recorded
    load = os.getloadavg()
    verdict = (
        "ok"
        if finished and elapsed <= TARGET_SECONDS and duplicates == 0 and recorded == owed
        else "MISSED"
    )
    print(
        f"\nReminder sweep: {WORKERS} Celery workers (--pool=solo) at once (Redis, PostgreSQL), "
        "emails to a dummy backend"
    )
    print(
        f"  owed {owed:,}   recorded {recorded:,}   emailed {emailed:,}   duplicates "
        f"{duplicates}   elapsed {elapsed:.1f} s{'' if finished else ' (TIMED OUT)'} "
        f"(target ≤ {TARGET_SECONDS:.0f} s)  {verdict}   load average "
        f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(
        f"    CPU used: {cpu:.1f} s ({worker_cpu:.1f} s by the workers, {backend_cpu:.1f} s by"
        f" their PostgreSQL backends): {cpu / WORKERS:.1f} s on {WORKERS} idle cores"
    )
    if all_recorded_at is not None:
        print(f"    all recorded after {all_recorded_at:.1f} s")
    elif recorded:
        print(f"    cut at {TIMEOUT} s (BENCH_SWEEP_TIMEOUT): {recorded / elapsed:,.0f}/s recorded")
    print("    sources (due, queries, seconds here | queries at a tenth):")
    for kind, cost in costs.items():
        tenth = (small or {}).get(kind, {}).get("queries", "?")
        print(
            f"      {kind:<26} {cost['due']:>7,} {cost['queries']:>4} {cost['seconds']:>7.2f}"
            f" | {tenth}"
        )
    _reset()
    return {
        "workers": WORKERS,
        "pool": "solo",
        "owed": owed,
        "recorded": recorded,
        "emailed": emailed,
        "duplicates": duplicates,
        "seconds": round(elapsed, 2),
        "all_recorded_after": all_recorded_at and round(all_recorded_at, 2),
        "finished": finished,
        "cpu_seconds": {"workers": round(worker_cpu, 2), "postgresql": round(backend_cpu, 2)},
        "load_average": load,
        "sources": costs,
        "sources_at_a_tenth": small,
        "target_seconds": TARGET_SECONDS,
        "status": verdict,
    }


if __name__ == "__main__" and sys.argv[1:] == ["--sources"]:
    import django

    django.setup()
    print(json.dumps(source_costs()[0]))
