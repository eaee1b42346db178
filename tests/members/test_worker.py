"""A real Celery worker runs the reminder sweep: through Redis, and through the folder queue
that `make run` uses when there is no Redis."""

from __future__ import annotations

import threading
import uuid
from collections import Counter

import pytest
from celery import Celery
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.conf import settings
from django.core import mail

from members.models import Reminder
from members.reminders import registered_sources

RECORD = "members.tasks.record_due_reminders_task"
EMAIL = "members.tasks.email_reminders_task"


def _app(broker: str, transport_options: dict) -> Celery:
    app = Celery("gpleadership-test", set_as_current=False)
    app.conf.update(
        broker_url=broker,
        broker_transport_options=transport_options,
        task_default_queue=f"test-{uuid.uuid4().hex}",
        task_acks_late=True,
        task_ignore_result=True,
        worker_hijack_root_logger=False,
    )
    import members.tasks  # noqa: F401  (registers the shared task with every app)

    app.finalize()
    return app


def _not_emailed() -> bool:
    return Reminder.objects.filter(emailed_at__isnull=True).exists()


def _run_sweep_on_a_worker(app: Celery) -> None:
    """The beat's task fans out (a task per source, then email tasks): wait for all of it."""
    finished: Counter[str] = Counter()
    changed = threading.Condition()
    sources = len(registered_sources()) * settings.REMINDER_SWEEP_PARTS

    def count(sender=None, **kwargs):
        with changed:
            finished[sender.name] += 1
            changed.notify_all()

    def wait_until(condition) -> None:
        with changed:
            assert changed.wait_for(condition, 30), f"the worker had not finished: {finished}"

    task_postrun.connect(count, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            app.send_task("members.tasks.send_due_reminders_task")
            wait_until(lambda: finished[RECORD] == sources and not _not_emailed())
            emails = finished[EMAIL]
            app.send_task("members.tasks.send_due_reminders_task")  # a re-run sends nothing
            wait_until(lambda: finished[RECORD] == 2 * sources)
            # Nothing new was recorded, so no email task was queued: a third run's recording
            # comes after anything the second had queued, and still there is none.
            app.send_task("members.tasks.send_due_reminders_task")
            wait_until(lambda: finished[RECORD] == 3 * sources)
            assert finished[EMAIL] == emails
    finally:
        task_postrun.disconnect(count)


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_sends_the_reminders_once():
    if not settings.REDIS_URL:
        pytest.skip("needs Redis: set REDIS_URL or CI=true (make test on CI runs it)")
    from tests.world import build_world

    build_world()
    _run_sweep_on_a_worker(_app(settings.REDIS_URL, {}))
    assert Reminder.objects.filter(kind="seat_vacant", emailed_at__isnull=False).count() == 4
    assert len(mail.outbox) == 4


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_the_folder_queue_sends_the_reminders_once(tmp_path):
    from tests.world import build_world

    build_world()
    folder = tmp_path / "queue"
    folder.mkdir()
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "processed_folder": str(tmp_path),
        "control_folder": str(tmp_path / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
    _run_sweep_on_a_worker(_app("filesystem://", options))
    assert Reminder.objects.filter(kind="seat_vacant", emailed_at__isnull=False).count() == 4
    assert len(mail.outbox) == 4
