"""`manage.py import_registers`: load or refresh a place from NHS England's practice registers."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from members.importer import ImportRefused, Scope, registers_import
from members.models import ImportRun

PUBLICATION = (
    "NHS England publishes both files monthly as 'Patients Registered at a GP Practice' "
    "(gp-reg-pat-prac-map.csv and gp-reg-pat-prac-all.csv)."
)


class Command(BaseCommand):
    help = (
        "Create or refresh PCNs and practices in a scope from the published registers. "
        + PUBLICATION
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--map", required=True, help="gp-reg-pat-prac-map.csv (or .zip)")
        parser.add_argument("--patients", required=True, help="gp-reg-pat-prac-all.csv (or .zip)")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--sub-icb", nargs="+", default=[], help="sub-ICB location codes, e.g. 16C"
        )
        scope.add_argument("--icb", nargs="+", default=[], help="ICB codes, e.g. QHM")
        scope.add_argument("--pcn", nargs="+", default=[], help="PCN codes, e.g. U89141")
        parser.add_argument(
            "--dry-run", action="store_true", help="Print the summary, write nothing."
        )
        parser.add_argument("--allow-month-mismatch", action="store_true")

    def handle(self, *args, **options) -> None:
        try:
            scope = Scope.of(sub_icbs=options["sub_icb"], icbs=options["icb"], pcns=options["pcn"])
            for name in ("map", "patients"):
                open(options[name], "rb").close()
        except (ImportRefused, OSError) as error:
            raise CommandError(str(error)) from None
        run = registers_import(
            map_source=options["map"],
            patients_source=options["patients"],
            scope=scope,
            dry_run=options["dry_run"],
            allow_month_mismatch=options["allow_month_mismatch"],
        )
        if run.status == ImportRun.Status.FAILED:
            raise CommandError(run.error)
        self.stdout.write(summary_text(run))


def summary_text(run: ImportRun) -> str:
    s = run.summary
    lines = [
        f"{'Dry run (nothing written)' if run.status == ImportRun.Status.DRY_RUN else 'Imported'}: "
        f"registers as of {run.extract_date:%d %B %Y}, scope {run.scope}.",
        f"  PCNs:      {s['pcns_added']} added, {s['pcns_updated']} updated, "
        f"{s['pcns_inactivated']} inactivated, {s['pcns_unchanged']} unchanged",
        f"  Practices: {s['practices_added']} added, {s['practices_updated']} updated, "
        f"{s['practices_moved']} moved, {s['practices_inactivated']} inactivated, "
        f"{s['practices_unchanged']} unchanged",
        f"  In scope:  {s['pcns']} PCNs, {s['practices']} practices, {s['patients']:,} patients",
    ]
    if run.problems:
        lines.append(f"  {len(run.problems)} row(s) left out or kept as they were:")
        for problem in run.problems:
            where = (
                f"{problem['file']} line {problem['line']}" if problem["line"] else problem["file"]
            )
            lines.append(f"    {where}: {problem['message']}")
    lines.append(f"  Recorded as import run #{run.pk}.")
    return "\n".join(lines)
