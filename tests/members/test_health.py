"""/healthz: 200 when the database and the broker answer, 503 otherwise."""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_200_with_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_healthz_is_503_when_redis_does_not_answer(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{_free_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")
    assert response.json()["database"] == "ok"


@pytest.mark.redis
def test_healthz_goes_503_when_a_running_redis_stops(client, tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed here")
    port = _free_port()
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
    try:
        import redis

        client_ = redis.Redis(port=port, socket_connect_timeout=1)
        for _ in range(50):
            try:
                client_.ping()
                break
            except redis.ConnectionError:
                process.poll()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(0.1)
        with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/0"):
            assert client.get("/healthz").status_code == 200
            process.terminate()
            process.wait(10)
            assert client.get("/healthz").status_code == 503
    finally:
        if process.poll() is None:
            process.kill()


def test_healthz_is_503_when_the_folder_queue_is_missing(client, tmp_path, settings):
    settings.CELERY_BROKER_URL = "filesystem://"
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"data_folder_in": str(tmp_path / "gone")}
    assert client.get("/healthz").status_code == 503
