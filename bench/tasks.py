"""The benchmark's Celery task: the product's reminder sweep, reporting when it is done."""

from __future__ import annotations

import json
import os
import socket
import time

from celery import shared_task


@shared_task
def bench_sweep_task(run_id: str, redis_url: str) -> int:
    """Run the beat's sweep task body in this worker and push (worker, sent, seconds) to Redis."""
    import redis

    from members.tasks import send_due_reminders_task

    started = time.perf_counter()
    sent = send_due_reminders_task()
    elapsed = time.perf_counter() - started
    worker = f"{socket.gethostname()}:{os.getpid()}"
    redis.Redis.from_url(redis_url).rpush(
        f"bench:sweep:{run_id}", json.dumps({"worker": worker, "sent": sent, "seconds": elapsed})
    )
    return sent
