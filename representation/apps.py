"""App config of representation."""

from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "representation"
    verbose_name = "Representation"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the reminder sources)
