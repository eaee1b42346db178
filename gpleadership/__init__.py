"""gpleadership: local general practice acting as one partner towards its ICS."""

from .celery import app as celery_app

__all__ = ("celery_app",)
