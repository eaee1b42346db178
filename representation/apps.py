"""App config of representation."""

from django.apps import AppConfig


class RepresentationConfig(AppConfig):
    name = "representation"
    verbose_name = "Representation"
