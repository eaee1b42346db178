"""Fixtures shared by every test: the personas, service checks, and the browser harness."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; Django must allow the ORM there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
ON_CI = os.environ.get("CI", "").lower() == "true"
REAL_SERVICES = ON_CI or bool(os.environ.get("DATABASE_URL"))


def pytest_configure(config) -> None:
    """With CI=true or DATABASE_URL, PostgreSQL and Redis must answer: fail loudly, not skip."""
    if not REAL_SERVICES:
        return
    from django.conf import settings

    problems = []
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        problems.append(f"DATABASE_URL must point at PostgreSQL on CI (engine is {engine})")
    else:
        import psycopg

        db = settings.DATABASES["default"]
        try:
            psycopg.connect(
                host=db["HOST"] or "127.0.0.1",
                port=db["PORT"] or 5432,
                user=db["USER"],
                password=db["PASSWORD"] or None,
                dbname="postgres",
                connect_timeout=3,
            ).close()
        except psycopg.Error as error:
            problems.append(f"PostgreSQL does not answer: {error}")
    if not settings.REDIS_URL:
        problems.append("REDIS_URL is not set")
    else:
        import redis

        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2).ping()
        except redis.RedisError as error:
            problems.append(f"Redis does not answer at {settings.REDIS_URL}: {error}")
    if ON_CI and not shutil.which(CHROMIUM):
        problems.append(f"chromium is missing at {CHROMIUM}: apt-get install -y chromium")
    if problems:
        pytest.exit("Real services required but missing:\n  " + "\n  ".join(problems), 2)


def pytest_collection_modifyitems(config, items) -> None:
    if shutil.which(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"no chromium at {CHROMIUM} (apt-get install -y chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def world(db):
    from .world import build_world

    return build_world()


@pytest.fixture
def login(client):
    """login(user) signs the test client in as that user and returns the client."""

    def sign_in(user):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture(autouse=True)
def _private_uploads_in_a_temporary_folder(settings, tmp_path_factory):
    settings.PRIVATE_UPLOADS_DIR = tmp_path_factory.mktemp("uploads")


@pytest.fixture(autouse=True)
def _clean_caches():
    from django.core.cache import cache

    cache.clear()
    yield


# --- browser harness: Playwright driving Debian's chromium --------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }


@pytest.fixture
def screenshot():
    """screenshot(page, name) writes docs/screenshots/<name>.png (desktop) and -phone.png."""

    def take(page, name: str, *, phone: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.set_viewport_size({"width": 1280, "height": 900})
        page.screenshot(path=str(path), full_page=True)
        if phone:
            page.set_viewport_size({"width": 390, "height": 844})
            page.screenshot(path=str(SCREENSHOTS / f"{name}-phone.png"), full_page=True)
            page.set_viewport_size({"width": 1280, "height": 900})
        return path

    return take


@pytest.fixture
def browser_login(live_server):
    """browser_login(page, username) logs in through the real form (axes and all)."""

    def sign_in(page, username: str, password: str = "correct-horse-battery"):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        return page

    return sign_in


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say plainly how many browser journeys ran, so a skipped browser is never missed."""
    ran = [
        report
        for report in terminalreporter.stats.get("passed", [])
        + terminalreporter.stats.get("failed", [])
        if report.when == "call" and "browser" in report.keywords
    ]
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if "browser" in report.keywords
    ]
    terminalreporter.write_line(
        f"browser journeys: {len(ran)} ran in {CHROMIUM}, {len(skipped)} skipped"
    )


@pytest.fixture(autouse=True)
def _no_script_errors_or_csp_violations(request):
    """Every browser journey fails on a JavaScript error or a Content-Security-Policy refusal."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    problems: list[str] = []
    page.on(
        "console",
        lambda message: problems.append(message.text)
        if message.type == "error" and "Content Security Policy" in message.text
        else None,
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    visited: dict[str, None] = {}

    def remember(frame) -> None:
        if frame == page.main_frame and frame.url.startswith("http://"):
            visited[frame.url.split("#")[0]] = None

    page.on("framenavigated", remember)
    yield
    assert problems == []
    _axe_every_visited_page(page, list(visited))


def _axe_every_visited_page(page, urls: list[str]) -> None:
    """axe-core on every page the journey visited (as the journey's last user sees it now)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    for url in urls:
        if url.endswith((".csv", ".ics", ".pdf")) or "/download" in url:
            continue
        try:
            page.goto(url)
        except Exception:  # a page that no longer exists (e.g. a used link) is not checked
            continue
        violations = axe.run(page).response["violations"]
        serious = [
            f"{v['id']}: {v['nodes'][0]['html'][:120]}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if serious:
            found[url] = serious
    assert found == {}, f"axe-core: serious or critical violations {found}"
