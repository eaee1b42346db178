"""The reminder sweep: everything owed, sent by two Celery workers at once (Redis, PostgreSQL)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

TARGET_SECONDS = 10.0
WORKERS = 2
TIMEOUT = int(os.environ.get("BENCH_SWEEP_TIMEOUT", "150"))


def _owed(now) -> int:
    """How many reminders the sources yield now that are not yet recorded."""
    from django.contrib.contenttypes.models import ContentType

    from members.models import Reminder
    from members.reminders import registered_sources

    yielded = set()
    for source in registered_sources().values():
        for due in source(now):
            content_type = ContentType.objects.get_for_model(due.subject)
            yielded.add((due.kind, content_type.id, due.subject.pk, due.recipient_id, due.due_on))
    kinds = {key[0] for key in yielded}
    recorded = set(
        Reminder.objects.filter(kind__in=kinds).values_list(
            "kind", "content_type_id", "object_id", "recipient_id", "due_on"
        )
    )
    return len(yielded - recorded)


def _reset() -> None:
    """Forget every reminder not seeded, so each run owes the same reminders again."""
    from bench.seed import SEEDED_AT
    from members.models import Notification, Reminder

    Notification.objects.filter(reminder__created_at__gt=SEEDED_AT).delete()
    Reminder.objects.filter(created_at__gt=SEEDED_AT).delete()


def run(env: dict, redis_url: str) -> dict:
    import redis
    from django.db.models import Count, Max
    from django.utils import timezone

    from bench.tasks import bench_sweep_task
    from members.models import Reminder

    _reset()  # even after a run that was cut short
    marker = Reminder.objects.aggregate(m=Max("id"))["m"] or 0
    owed = _owed(timezone.now())
    client = redis.Redis.from_url(redis_url)
    client.flushdb()  # db 7 is the benchmark's alone
    celery = Path(sys.executable).with_name("celery")
    Path("var/bench").mkdir(parents=True, exist_ok=True)
    log = open("var/bench/celery-workers.log", "w")  # noqa: SIM115 (closed with the workers)
    workers = [
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
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        for n in range(WORKERS)
    ]
    run_id = uuid.uuid4().hex
    try:
        time.sleep(3)  # both workers connected before the work is queued
        started = time.perf_counter()
        for _ in range(WORKERS):
            bench_sweep_task.apply_async(args=[run_id, redis_url])
        reports = []
        while len(reports) < WORKERS and time.perf_counter() - started < TIMEOUT:
            item = client.blpop(f"bench:sweep:{run_id}", timeout=2)
            if item is not None:
                reports.append(json.loads(item[1]))
        elapsed = time.perf_counter() - started
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(timeout=60)
        log.close()
    new = Reminder.objects.filter(id__gt=marker)
    sent = new.count()
    duplicates = (
        new.values("kind", "content_type", "object_id", "recipient", "due_on")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    finished = len(reports) == WORKERS
    verdict = (
        "ok"
        if finished and elapsed <= TARGET_SECONDS and duplicates == 0 and sent == owed
        else "MISSED"
    )
    print(
        f"\nReminder sweep: {WORKERS} Celery workers at once (Redis, PostgreSQL), "
        "emails to a dummy backend"
    )
    print(
        f"  owed {owed:,}   sent {sent:,}   duplicates {duplicates}   elapsed "
        f"{elapsed:.1f} s{'' if finished else ' (TIMED OUT)'} "
        f"(target ≤ {TARGET_SECONDS:.0f} s)  {verdict}"
    )
    if not finished and sent:
        print(
            f"    cut at {TIMEOUT} s (BENCH_SWEEP_TIMEOUT): {sent / elapsed:,.0f} reminders/s, "
            "so all "
            f"{owed:,} would take about {owed / (sent / elapsed):,.0f} s"
        )
    for report in reports:
        print(
            f"    worker {report['worker']}: sent {report['sent']:,} in {report['seconds']:.1f} s"
        )
    _reset()
    return {
        "workers": WORKERS,
        "owed": owed,
        "sent": sent,
        "duplicates": duplicates,
        "seconds": round(elapsed, 2),
        "finished": finished,
        "per_worker": reports,
        "target_seconds": TARGET_SECONDS,
        "status": verdict,
    }
