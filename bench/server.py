"""The inbox under gunicorn and wrk, side by side with a bare view in the same server and run."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

DURATION = int(os.environ.get("BENCH_WRK_SECONDS", "15"))
# Each page's time is cut in slices run in the order A B B A A B ..., so a change in the
# machine's load during the run (other builds share it) weighs on both pages alike.
SLICES = 3
CONNECTIONS = 8
TARGET_RATIO = 0.5
# The same command as docker-compose's web service, bound to a free local port.
WORKERS = 3


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _session_cookie(username: str) -> str:
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    return client.cookies["sessionid"].value


def _wait_ready(base: str, cookie: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/healthz", timeout=2)
            return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer /healthz within a minute")


def _status(url: str, cookie: str) -> int:
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            if response.geturl() != url:
                return 302
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _wrk(url: str, cookie: str, seconds: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "-H",
            f"Cookie: sessionid={cookie}",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    p50 = re.search(r"50%\s+([\d.]+\w+)", output)
    p99 = re.search(r"99%\s+([\d.]+\w+)", output)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": requests,
        "seconds": seconds,
        "latency_p50": p50.group(1) if p50 else "",
        "latency_p99": p99.group(1) if p99 else "",
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def _interleaved(pages: dict[str, str], cookie: str) -> dict:
    """Each page for DURATION seconds in all, in slices alternating A B B A ..."""
    labels = list(pages)
    seconds = max(1, DURATION // SLICES)
    slices: dict[str, list[dict]] = {label: [] for label in labels}
    for turn in range(SLICES):
        order = labels if turn % 2 == 0 else labels[::-1]
        for label in order:
            slices[label].append(_wrk(pages[label], cookie, seconds))
    results = {}
    for label, runs in slices.items():
        middle = runs[len(runs) // 2]
        results[label] = {
            "requests_per_second": sum(r["requests"] for r in runs)
            / sum(r["seconds"] for r in runs),
            "latency_p50": middle["latency_p50"],
            "latency_p99": max((r["latency_p99"] for r in runs), key=_milliseconds),
            "non_2xx": sum(r["non_2xx"] for r in runs),
            "slices": [r["requests"] / r["seconds"] for r in runs],
        }
    return results


def _milliseconds(latency: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", latency)
    if not match:
        return 0.0
    value, unit = float(match.group(1)), match.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def run(env: dict) -> dict:
    if shutil.which("wrk") is None:
        print("\nInbox under gunicorn: skipped: install wrk (apt-get install -y wrk)")
        return {"skipped": "install wrk"}
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    cookie = _session_cookie("bench-gatekeeper")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [
            str(gunicorn),
            "gpleadership.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        env=env,
    )
    try:
        _wait_ready(base, cookie)
        pages = {"bare view": f"{base}/bench/bare/", "inbox queue": f"{base}/requests/"}
        for label, url in pages.items():
            status = _status(url, cookie)
            if status != 200:
                raise RuntimeError(f"{label} answered {status} under gunicorn, not 200")
        results = _interleaved(pages, cookie)
    finally:
        server.terminate()
        server.wait(timeout=30)
    ratio = (
        results["inbox queue"]["requests_per_second"] / results["bare view"]["requests_per_second"]
    )
    verdict = "ok" if ratio >= TARGET_RATIO else "MISSED"
    print(
        f"\nInbox under gunicorn ({WORKERS} workers, as docker-compose's web) and wrk "
        f"({CONNECTIONS} connections, {DURATION} s each in {SLICES} alternating slices, "
        "same server, same run)"
    )
    for label, row in results.items():
        print(
            f"  {label:<14}{row['requests_per_second']:>9.1f} req/s   p50 {row['latency_p50']:>8}"
            f"   p99 {row['latency_p99']:>8}"
        )
    print(f"  inbox / bare = {ratio:.0%} (target ≥ {TARGET_RATIO:.0%})  {verdict}")
    return {
        "workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds": DURATION,
        "slices": SLICES,
        **results,
        "ratio": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "status": verdict,
    }
