"""`python manage.py seed_bench [--scale 0.1]`: load a whole ICS's worth of data, bulk inserted."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Empty the benchmark database and fill it with a whole ICS's worth of data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1 = the issue's figures.")
        parser.add_argument(
            "--yes-really",
            action="store_true",
            help="Allow seeding a database whose name does not contain 'bench' (it is emptied).",
        )

    def handle(self, *args, scale: float, yes_really: bool, **options):
        from bench.seed import seed

        name = connection.settings_dict["NAME"] or ""
        if connection.vendor == "postgresql" and "bench" not in str(name) and not yes_really:
            raise CommandError(
                f"seed_bench empties the database first; {name!r} is not a bench database. "
                "Point DATABASE_URL at one (…/gpl_bench) or pass --yes-really."
            )
        if scale <= 0:
            raise CommandError("--scale must be more than 0.")
        started = time.perf_counter()
        rows = seed(scale=scale)
        elapsed = time.perf_counter() - started
        for table, count in rows.items():
            self.stdout.write(f"  {table:<22}{count:>10,}")
        self.stdout.write(self.style.SUCCESS(f"Seeded at scale {scale} in {elapsed:.1f} s."))
