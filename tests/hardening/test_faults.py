"""Faults lose nothing: a worker killed mid-sweep, database connections killed, Redis gone.

Each runs against real services (PostgreSQL, Redis) and is skipped, with the reason, without
them; `make test` on CI runs them all.
"""

from __future__ import annotations

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _needs_postgres_and_redis() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (CI=true make test runs it)")


def _wait_for(condition, timeout: float, what: str, *, fail: bool = True) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            if fail:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            return False
        time.sleep(0.02)
    return True


def _worker(env: dict, queue: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "gpleadership",
            "worker",
            "--pool=solo",
            "--loglevel=warning",
            "-Q",
            queue,
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def _mail_copies(mail_dir: Path) -> list[email.message.Message]:
    """Every message the file backend wrote (one file per connection, 79 dashes between)."""
    copies = []
    for path in mail_dir.glob("*"):
        for chunk in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                copies.append(email.message_from_bytes(chunk.lstrip()))
    return copies


BATCH = 100


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_sweep_then_restarted_sends_every_reminder_once(tmp_path):
    """SIGKILL while emails go out: every reminder is recorded once and emailed, none lost;
    a batch the dead worker had sent but not committed goes again with the same Message-IDs."""
    _needs_postgres_and_redis()
    from members.models import Organisation, OrganisationKind, Reminder, Seat
    from members.reminders import reminder_message_id
    from tests.world import build_world

    build_world()
    # 1,000 vacant seats × (chair, admin support) = 2,000 reminders, emailed 100 to a batch.
    Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.PCN, name=f"PCN {n}", ods_code=f"U{50000 + n}")
        for n in range(1000)
    )
    Seat.objects.bulk_create(
        Seat(organisation=org) for org in Organisation.objects.filter(name__startswith="PCN ")
    )
    expected = 2 * Seat.objects.filter(holder__isnull=True).count()
    mail_dir = tmp_path / "mail"
    queue = f"faults-{os.getpid()}-{time.monotonic_ns()}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",  # environ drops one leading slash
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "REMINDER_BATCH_SIZE": str(BATCH),
        "REMINDER_ORPHAN_SECONDS": "5",
        "DEBUG": "true",
        "TESTING": "false",
        "CONN_MAX_AGE": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    from celery import Celery

    sender = Celery("faults", broker=settings.REDIS_URL, set_as_current=False)
    emailed = Reminder.objects.filter(emailed_at__isnull=False)

    def sweep() -> None:
        sender.send_task("members.tasks.send_due_reminders_task", queue=queue)

    sweep()
    first = _worker(env, queue)
    try:
        # Recording comes first (its tasks are queued ahead of the email tasks it queues).
        # The worker dies while a batch is going out: more emails in the folder than
        # reminders marked emailed means it has sent some of a batch not yet committed.
        def mid_batch() -> bool:
            written = sum(p.read_bytes().count(b"\nMessage-ID: ") for p in mail_dir.glob("*"))
            return written > emailed.count() or emailed.count() == expected

        _wait_for(mid_batch, 120, "a batch of emails going out")
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        emailed_at_kill = emailed.count()
        assert Reminder.objects.count() == expected
        assert emailed_at_kill < expected, "the worker was not killed mid-sweep"
        # Redis hands the unacknowledged task back once the visibility timeout (3 s) has
        # passed when a worker looks; start the second one after it, as a restart would.
        time.sleep(4)
        second = _worker(env, queue)
        try:
            # The next sweeps (the beat's, here sent by hand) also hand any reminder recorded
            # more than REMINDER_ORPHAN_SECONDS ago and not yet emailed to the mail again.
            deadline = time.monotonic() + 120
            while emailed.count() < expected:
                assert time.monotonic() < deadline, f"{emailed.count()} of {expected} emailed"
                sweep()
                _wait_for(lambda: emailed.count() == expected, 10, "every email", fail=False)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(30)
    finally:
        if first.poll() is None:
            first.kill()

    # Recorded exactly once, emailed_at set for every one.
    keys = Reminder.objects.values_list("kind", "content_type", "object_id", "recipient", "due_on")
    assert Reminder.objects.count() == len(set(keys)) == expected
    assert not Reminder.objects.filter(emailed_at__isnull=True).exists()
    # Every reminder's email is in the folder, under its own stable Message-ID; the only
    # extra copies are those of the batch the worker had sent but not committed when killed,
    # and each is the same message (recipient, subject) as the first.
    copies = _mail_copies(mail_dir)
    by_id: dict[str, set] = {}
    for copy in copies:
        by_id.setdefault(copy["Message-ID"], set()).add((copy["To"], copy["Subject"]))
    wanted = {reminder_message_id(r.id, r.kind) for r in Reminder.objects.only("id", "kind")}
    assert set(by_id) == wanted
    assert len(by_id) == expected
    assert expected <= len(copies) <= expected + BATCH
    assert all(len(messages) == 1 for messages in by_id.values())


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_killed_database_connections_are_replaced_without_a_restart():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (CI=true make test runs it)")
    import psycopg
    from django.core.handlers.wsgi import WSGIHandler
    from django.test.client import RequestFactory

    handler = WSGIHandler()

    def get(path: str) -> int:
        statuses = []
        environ = RequestFactory()._base_environ(PATH_INFO=path, REQUEST_METHOD="GET")
        body = handler(environ, lambda status, headers: statuses.append(status))
        b"".join(body)
        body.close()
        return int(statuses[0].split()[0])

    connection.settings_dict["CONN_MAX_AGE"] = 60
    assert get("/healthz") == 200
    pid = connection.connection.info.backend_pid
    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        dbname=db["NAME"],
        autocommit=True,
    ) as admin:
        assert admin.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    # The next request finds the connection dead, replaces it and answers.
    assert get("/healthz") == 200
    assert get("/accounts/login/") == 200
    assert connection.connection.info.backend_pid != pid


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_gone_keeps_the_site_up_healthz_says_503_and_reminders_resume(client, tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed here")
    import redis
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    from members.models import Reminder
    from tests.world import build_world

    port = _free_port()
    url = f"redis://127.0.0.1:{port}/0"

    def start() -> subprocess.Popen:
        process = subprocess.Popen(
            [
                server,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(tmp_path),
            ],
            stdout=subprocess.DEVNULL,
        )
        probe = redis.Redis.from_url(url, socket_connect_timeout=0.5)

        def answers() -> bool:
            try:
                return bool(probe.ping())
            except redis.ConnectionError:
                return False

        _wait_for(answers, 10, "the private redis-server")
        return process

    world = build_world()
    caches = {
        "default": {
            "BACKEND": "gpleadership.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
    process = start()
    try:
        with override_settings(CELERY_BROKER_URL=url, CACHES=caches):
            from django.core.cache import caches as cache_handler

            cache_handler._settings = None  # pick up the override
            client.force_login(
                world.users["chair"], backend="django.contrib.auth.backends.ModelBackend"
            )
            assert client.get("/healthz").status_code == 200
            process.terminate()
            process.wait(10)
            # Redis is gone: pages still answer (the public form uses the cache for its
            # rate limit), and /healthz says so.
            assert client.get("/group/").status_code == 200
            assert client.get("/requests/new/").status_code == 200
            health = client.get("/healthz")
            assert health.status_code == 503 and health.json()["broker"].startswith("error")
            process = start()
            assert client.get("/healthz").status_code == 200
            app = Celery("resume", broker=url, set_as_current=False)
            app.conf.update(task_ignore_result=True, worker_hijack_root_logger=False)
            import members.tasks  # noqa: F401

            app.finalize()
            with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
                app.send_task("members.tasks.send_due_reminders_task")
                _wait_for(lambda: Reminder.objects.count() == 4, 30, "reminders after Redis")
    finally:
        if process.poll() is None:
            process.terminate()
            process.wait(10)
