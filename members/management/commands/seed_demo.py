"""`manage.py seed_demo`: build the demo area (idempotent)."""

from django.core.management.base import BaseCommand

from members.demo import DEMO_PASSWORD, LOGINS, seed_demo


class Command(BaseCommand):
    help = "Build a believable demo place with a login for every role. Safe to run twice."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--quiet-logins", action="store_true", help="Do not list the logins.")

    def handle(self, *args, quiet_logins: bool = False, **options) -> None:
        counts = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo area ready: {counts['organisations']} organisations, "
                f"{counts['practices']} practices, {counts['people']} people."
            )
        )
        if quiet_logins:
            return
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        self.stdout.write(f"  {'admin':<14} site administrator (admin screens at /admin/)")
        for login in LOGINS:
            self.stdout.write(f"  {login.username:<14} {login.name}: {login.role}")
