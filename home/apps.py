"""App config of home: everyone's "what needs me" page, the weekly digest, the dashboard."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home, digest and dashboard"
