"""App config: members is the ground floor and imports no other app."""

from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = "Members and roles"

    def ready(self) -> None:
        from . import reminders  # noqa: F401  (registers the members reminder sources)
