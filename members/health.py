"""Health of the services the app needs: the database and the Celery broker."""

from __future__ import annotations

import os

from django.conf import settings


def broker_status(broker_url: str) -> str:
    if broker_url.startswith("filesystem://"):
        folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
        return "ok" if folder and os.access(folder, os.W_OK) else "error: queue folder not writable"
    if broker_url.startswith(("redis://", "rediss://")):
        import redis

        client = redis.Redis.from_url(broker_url, socket_connect_timeout=1, socket_timeout=1)
        try:
            client.ping()
        except redis.RedisError as error:
            return f"error: {error.__class__.__name__}"
        finally:
            client.close()
        return "ok"
    return "error: unknown broker"
