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
    page.goto(f"{live_server.url}/organisations/")  # may sit under "More" on a narrow header
    expect(page.get_by_text("2 PCNs, 2 practices, 16,000 registered patients")).to_be_visible()
    screenshot(page, "members-directory")
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], [v["id"] for v in serious]


def test_admin_support_loads_the_area_from_the_registers(
    page, live_server, browser_login, screenshot
):
    from pathlib import Path

    from tests.world import build_world

    build_world()
    files = Path(__file__).parent / "registers"
    browser_login(page, "admin-support")
    page.goto(f"{live_server.url}/organisations/")
    page.get_by_role("link", name="Load or refresh from NHS England's registers").click()
    page.get_by_role("link", name="Import the registers").click()
    page.get_by_label("Practice map").set_input_files(str(files / "map-2026-04.csv"))
    page.get_by_label("Registered patients").set_input_files(str(files / "patients-2026-05.csv"))
    page.get_by_label("Codes").fill("16C")
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_text("The import was refused")).to_be_visible()
    expect(
        page.get_by_text("is for May 2026 but the practice map is for April 2026")
    ).to_be_visible()
    page.get_by_role("link", name="Try other files").click()
    page.get_by_label("Practice map").set_input_files(str(files / "map-2026-04.csv"))
    page.get_by_label("Registered patients").set_input_files(str(files / "patients-2026-04.csv"))
    page.get_by_label("Codes").fill("16C")
    page.get_by_role("button", name="Check the files").click()
    expect(page.get_by_text("Nothing is written yet")).to_be_visible()
    expect(page.get_by_text("2 PCNs, 4 practices, 26,032 patients")).to_be_visible()
    expect(page.get_by_text("A81005 sits in no PCN")).to_be_visible()
    screenshot(page, "members-import-dry-run")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_text("Imported.")).to_be_visible()
    page.goto(f"{live_server.url}/organisations/")
    expect(page.get_by_role("heading", name="Densham & District PCN")).to_be_visible()
    expect(page.get_by_role("cell", name="The Densham Surgery")).to_be_visible()
    expect(page.get_by_role("cell", name="Apr 2026").first).to_be_visible()
    screenshot(page, "members-directory-imported")
