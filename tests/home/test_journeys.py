"""Browser journey of home: a practice contact clears what needs them; three roles' homes and
the dashboard are screenshotted."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_accessibility_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def test_a_practice_contact_votes_and_acknowledges_from_home_until_nothing_is_left(
    page, live_server, browser_login, screenshot
):
    from tests.decisions.factories import open_decision
    from tests.inbox.factories import SystemRequestFactory
    from tests.priorities.factories import PriorityFactory, VotingRoundFactory
    from tests.world import build_world

    from .factories import published_decision

    world = build_world()
    published_decision(world, "Shared phlebotomy service")
    open_decision(world, title="Joint winter access hub")
    SystemRequestFactory(title="Flu clinic data for the ICB", partner=world.icb)
    resilience = PriorityFactory(title="Resilience support for practices")
    VotingRoundFactory(
        title="Priorities for 2027",
        candidates=[resilience, PriorityFactory(title="Recruiting hard-to-find staff")],
    )

    browser_login(page, "practice-contact")
    expect(page.get_by_role("heading", name="Hello, Linda Price")).to_be_visible()
    expect(page.get_by_role("link", name="Priorities for 2027", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Shared phlebotomy service", exact=True)).to_be_visible()
    screenshot(page, "home-practice-contact")
    assert serious_accessibility_problems(page) == []

    # one click acknowledges the decision for the practice
    page.get_by_role("button", name="Confirm we have seen it").click()
    expect(page.get_by_text("The Park Surgery has seen this decision")).to_be_visible()
    page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_role("link", name="Shared phlebotomy service", exact=True)).to_have_count(0)

    # one click opens the practice's ballot
    page.get_by_role("link", name="Cast your practice's ballot").click()
    page.get_by_label("Resilience support for practices").select_option("1")
    page.get_by_role("button", name="our ballot").click()
    expect(page.get_by_text("ballot is")).to_be_visible()
    page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_text("Nothing needs you right now")).to_be_visible()

    for role, username in (("gatekeeper", "gatekeeper"), ("chair", "chair")):
        page.context.clear_cookies()
        browser_login(page, username)
        expect(page.get_by_role("heading", name="What needs you")).to_be_visible()
        screenshot(page, f"home-{role}")
    expect(page.get_by_role("link", name="Joint winter access hub", exact=True)).to_be_visible()

    # a month of the group's work for the dashboard
    from .test_dashboard import meetings, representation, requests

    requests(world)
    meetings()
    representation()
    page.get_by_role("link", name="Activity dashboard").click()
    expect(page.get_by_role("heading", name="Activity dashboard")).to_be_visible()
    page.get_by_label("From", exact=True).fill("2026-11-01")
    page.get_by_label("To", exact=True).fill("2026-11-30")
    page.get_by_role("button", name="Show this period").click()
    expect(page.get_by_text("from 1 November 2026 to 30 November 2026")).to_be_visible()
    expect(page.get_by_role("img", name="Requests received by partner")).to_be_visible()
    screenshot(page, "home-dashboard")
    assert serious_accessibility_problems(page) == []
