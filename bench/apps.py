"""App config of bench: only its management command (seed_bench) needs an app."""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmarks"
