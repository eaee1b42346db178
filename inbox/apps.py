"""App config of inbox."""

from django.apps import AppConfig


class InboxConfig(AppConfig):
    name = "inbox"
    verbose_name = "Requests (single point of access)"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the reminder sources)
        from .caching import connect_signals

        connect_signals()
