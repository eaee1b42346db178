"""App config of priorities: candidates, voting rounds, ballots, results."""

from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Priorities"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the "round_not_voted" reminder source)
