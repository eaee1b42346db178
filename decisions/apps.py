"""App config of decisions."""

from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "decisions"
    verbose_name = "Meetings and decisions"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the reminder sources)
