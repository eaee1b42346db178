"""Browser journeys of members: Playwright driving Debian's chromium against live_server."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_logs_in_and_sees_the_group(page, live_server, browser_login, screenshot):
    from tests.world import build_world

    build_world()
    page.goto(f"{live_server.url}/accounts/login/")
    screenshot(page, "members-login")
    browser_login(page, "chair")
    expect(page.get_by_role("heading", name="Hello, Dr Priya Shah")).to_be_visible()
    screenshot(page, "members-home-chair")
    page.get_by_role("link", name="The group").first.click()
    expect(page.get_by_role("heading", name="The leadership group")).to_be_visible()
    expect(page.get_by_role("cell", name="Riverside PCN")).to_be_visible()
    expect(page.get_by_text("Ruth Adeyemi")).to_be_visible()
    screenshot(page, "members-group")
    page.get_by_role("link", name="Organisations").first.click()
    expect(page.get_by_text("2 PCNs, 2 practices, 16,000 registered patients")).to_be_visible()
    screenshot(page, "members-directory")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [v["id"] for v in serious]
