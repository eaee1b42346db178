"""Run every benchmark against its own PostgreSQL database and print the figures.

The database is BENCH_DATABASE_URL (default: postgres://postgres@127.0.0.1:5432/gpl_bench),
seeded at full scale, and the same name with "_small" seeded at a tenth (query counts only);
Redis is BENCH_REDIS_URL (default db 7). Both databases are created, migrated and seeded here
when they have no benchmark data (BENCH_RESEED=1 seeds again); nothing touches the development
or test databases. BENCH_ONLY=pages,server,sweep,registers runs a subset.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

BENCH_DB = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/gpl_bench")
SMALL_DB = os.environ.get("BENCH_SMALL_DATABASE_URL", BENCH_DB + "_small")
BENCH_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/7")
SMALL_SCALE = 0.1


def _machine() -> dict:
    cores = os.cpu_count()
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(info.readline().split()[1])
            memory = f"{kb / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "cores": cores,
        "memory": memory,
        "python": platform.python_version(),
        "load_average_1min": load,
    }


def _environment(database_url: str) -> dict:
    return os.environ | {
        "DATABASE_URL": database_url,
        "REDIS_URL": BENCH_REDIS,
        "DEBUG": "false",
        "TESTING": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-not-a-secret"),
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "EMAIL_URL": "dummymail://",
        "PYTHONPATH": str(Path.cwd()),
    }


def _prepare(database_url: str, scale: float) -> None:
    """Create, migrate and (when empty or asked) seed one benchmark database, in a subprocess."""
    import psycopg

    name = database_url.rsplit("/", 1)[1]
    with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    env = _environment(database_url)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], env=env, check=True)
    seeded = False
    with psycopg.connect(database_url) as conn:
        seeded = (
            conn.execute("SELECT 1 FROM auth_user WHERE username = 'bench-chair'").fetchone()
            is not None
        )
    if not seeded or os.environ.get("BENCH_RESEED") == "1":
        print(f"Seeding {name} at scale {scale} (bulk inserts; a few minutes at full scale)...")
        subprocess.run([*manage, "seed_bench", "--scale", str(scale)], env=env, check=True)


def main() -> int:
    only = set(filter(None, os.environ.get("BENCH_ONLY", "").split(","))) or {
        "pages",
        "server",
        "sweep",
        "registers",
    }
    started = time.perf_counter()
    _prepare(BENCH_DB, 1.0)
    if "pages" in only:
        _prepare(SMALL_DB, SMALL_SCALE)
    env = _environment(BENCH_DB)
    os.environ.update(env)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, check=True
    )
    import django

    django.setup()
    from . import pages, registers, server, sweep

    machine = _machine()
    print(
        f"Machine: {machine['cores']} cores, {machine['memory']}, Python {machine['python']}, "
        f"load average {machine['load_average_1min']:.2f} at the start"
    )
    results = {"machine": machine, "started": time.strftime("%Y-%m-%dT%H:%M:%S")}
    if "pages" in only:
        small = json.loads(
            subprocess.run(
                [sys.executable, "-m", "bench.pages", "--queries-only"],
                env=_environment(SMALL_DB),
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            ).stdout
        )
        rows = pages.measure()
        pages.report(rows, small)
        results["pages"] = rows
    if "server" in only:
        results["gunicorn"] = server.run(env)
    if "sweep" in only:
        results["reminder_sweep"] = sweep.run(env, BENCH_REDIS)
    if "registers" in only:
        results["registers"] = registers.run()
    results["elapsed_seconds"] = round(time.perf_counter() - started, 1)
    out = Path("var/bench")
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"bench-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(results, indent=2, default=str))
    (out / "latest.json").write_text(json.dumps(results, indent=2, default=str))
    print(f"\nFigures written to {path} ({results['elapsed_seconds']:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
