"""Browser journey of priorities: a round opened, voted in, changed, closed, counted, adopted."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def serious_accessibility_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


TITLES = [
    "Resilience support for practices",
    "Recruiting hard-to-find staff",
    "Stop work shifting from hospitals",
    "Campaign on new practice roles",
]


def test_chair_opens_a_round_practices_vote_and_the_chair_adopts_the_top_three(
    page, live_server, browser_login, screenshot
):
    from members.services import practice_contact_grant
    from priorities.models import Ballot, BallotVersion, Priority
    from tests.factories import PersonFactory, UserFactory
    from tests.world import build_world

    from .factories import PriorityFactory

    world = build_world()
    for title in TITLES:
        PriorityFactory(title=title, summary=f"What “{title.lower()}” means for a practice.")
    second = UserFactory(username="bridge-end-manager")
    PersonFactory(user=second, full_name="Sam Ode", organisations=[world.other_practice])
    practice_contact_grant(user=second, practice=world.other_practice)
    resilience, recruiting, shifting, campaign = TITLES

    # the chair opens a ranked round on the four candidates
    browser_login(page, "chair")
    page.get_by_role("link", name="Priorities").first.click()
    page.get_by_role("link", name="Open a voting round").click()
    page.get_by_label("Title").fill("Priorities for 2027")
    for title in TITLES:
        page.get_by_label(title).check()
    page.get_by_label("Ranked (Borda count)").check()
    page.get_by_label("Most picks per practice").fill("3")
    now = timezone.localtime()
    page.get_by_label("Opens").fill((now - dt.timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes").fill((now + dt.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", name="Priorities for 2027")).to_be_visible()
    round_url = page.url

    def vote(username: str, ranks: dict[str, str], *, shot: bool = False) -> None:
        page.context.clear_cookies()
        browser_login(page, username)
        page.goto(round_url)
        page.get_by_role("link", name="ballot").first.click()
        for title, rank in ranks.items():
            page.get_by_label(title).select_option(rank)
        if shot:
            page.get_by_label("Comment for the group").fill("Resilience first, please.")
            screenshot(page, "priorities-ballot")
            assert serious_accessibility_problems(page) == []
        page.get_by_role("button", name="our ballot").click()
        expect(page.get_by_text("ballot is")).to_be_visible()

    vote("practice-contact", {resilience: "1", recruiting: "2", shifting: "3"}, shot=True)
    vote("bridge-end-manager", {campaign: "1"})
    # the second practice changes its mind: the change counts, the first version is kept
    vote("bridge-end-manager", {campaign: "", resilience: "1", shifting: "2"})
    assert Ballot.objects.count() == 2
    assert BallotVersion.objects.count() == 3

    # the chair sees participation and closes the round
    page.context.clear_cookies()
    browser_login(page, "chair")
    page.goto(round_url)
    expect(page.get_by_text("2 of 2 practices have voted (100%)")).to_be_visible()
    page.get_by_role("button", name="Close the round now").click()

    # results: resilience 3+3=6, shifting 1+2=3, recruiting 2, campaign 0
    expect(page.get_by_role("heading", name="Results: Priorities for 2027")).to_be_visible()
    rows = page.locator("#results-table tbody tr")
    expect(rows).to_have_count(4)
    for index, (title, score) in enumerate(
        [(resilience, "6"), (shifting, "3"), (recruiting, "2"), (campaign, "0")]
    ):
        expect(rows.nth(index).locator("td").nth(1)).to_have_text(title)
        expect(rows.nth(index).locator("td").nth(2)).to_have_text(score)
    chart = page.get_by_role("img", name="Results of Priorities for 2027")
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).to_have_count(4)
    screenshot(page, "priorities-results")
    assert serious_accessibility_problems(page) == []

    # the chair adopts the top three (pre-filled) in order
    page.get_by_role("button", name="Adopt these priorities").click()
    expect(page.get_by_text("3 priorities adopted, in order.")).to_be_visible()
    assert list(Priority.objects.adopted().values_list("title", flat=True)) == [
        resilience,
        shifting,
        recruiting,
    ]
    screenshot(page, "priorities-list", phone=False)
