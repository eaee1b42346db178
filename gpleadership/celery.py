"""The Celery app: Redis as broker (filesystem transport when no Redis), static beat schedule."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpleadership.settings")

app = Celery("gpleadership")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
