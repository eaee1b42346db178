"""Run every benchmark against its own PostgreSQL database and print the figures.

The database is BENCH_DATABASE_URL (default: postgres://postgres@127.0.0.1:5432/gpl_bench),
created and migrated here; nothing touches the development or test databases.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from pathlib import Path

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gpl_bench")


def _machine() -> dict:
    cores = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(info.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    return {"cores": cores, "memory": memory, "python": platform.python_version()}


def main() -> int:
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-not-a-secret")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gpleadership.settings")
    import psycopg

    name = BENCH_DB.rsplit("/", 1)[1]
    with psycopg.connect(BENCH_DB.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from . import registers

    machine = _machine()
    print(f"Machine: {machine['cores']} cores, {machine['memory']}, Python {machine['python']}")
    results = {"machine": machine, "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    results["registers"] = registers.run()
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"Figures written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
