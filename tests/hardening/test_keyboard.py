"""A journey by keyboard alone: a practice casts its ballot, a gatekeeper triages a request.

No mouse: every step is Tab, Shift+Tab, arrows, Space, Enter or typing, and each control is
reached by tabbing to it (proving it is in the focus order and shows where focus is). Every page
visited is checked with axe-core (0 serious or critical problems) and photographed at 200 % zoom
(a 640×450 CSS-pixel viewport at device scale factor 2: what a 1280×900 window shows at 200 %,
media queries included) and on a 360-pixel-wide phone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
FOCUSED_MATCHES = (
    "(selector) => !!document.activeElement && document.activeElement.matches(selector)"
)
FOCUS_SHOWN = """() => {
  const el = document.activeElement, style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none' || style.backgroundColor === 'rgb(255, 235, 59)';
}"""


def serious_accessibility_problems(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [v["id"] for v in violations if v["impact"] in ("serious", "critical")]


def tab_to(page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until `selector` has focus; fail if the keyboard never gets there."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_MATCHES, selector):
            assert page.evaluate(FOCUS_SHOWN), f"focus on {selector} is not visible"
            return
    raise AssertionError(f"Tab never reaches {selector}")


def check_and_photograph(page, browser, name: str) -> None:
    """axe-core on the page, then the page at 200 % zoom and on a 360-pixel phone screen."""
    assert serious_accessibility_problems(page) == [], page.url
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    zoomed = browser.new_context(
        viewport={"width": 640, "height": 450},
        device_scale_factor=2,
        storage_state=page.context.storage_state(),
    )
    try:
        view = zoomed.new_page()
        view.goto(page.url)
        view.screenshot(path=str(SCREENSHOTS / f"hardening-{name}-zoom200.png"), full_page=True)
        assert view.evaluate("document.documentElement.scrollWidth") <= 640, "scrolls sideways"
        view.set_viewport_size({"width": 360, "height": 740})
        view.screenshot(path=str(SCREENSHOTS / f"hardening-{name}-phone360.png"), full_page=True)
        assert view.evaluate("document.documentElement.scrollWidth") <= 360, "scrolls sideways"
    finally:
        zoomed.close()


def keyboard_login(page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/")
    assert serious_accessibility_problems(page) == []
    tab_to(page, "input[name=username]")
    page.keyboard.type(username)
    tab_to(page, "input[name=password]")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_ballot_and_a_triage_done_by_keyboard_alone(page, browser, live_server):
    from inbox.models import Request
    from priorities.models import Ballot
    from tests.inbox.factories import SystemRequestFactory
    from tests.priorities.factories import PriorityFactory, VotingRoundFactory
    from tests.world import build_world

    world = build_world()
    titles = ["Resilience support for practices", "Recruiting hard-to-find staff", "A campaign"]
    voting_round = VotingRoundFactory(
        title="Priorities for 2027", candidates=[PriorityFactory(title=t) for t in titles]
    )
    item = SystemRequestFactory(partner=world.icb, title="Flu clinics in care homes")

    # a practice contact casts the ballot: Tab to the link, Enter, type a rank in each select
    keyboard_login(page, live_server, "practice-contact")
    page.goto(f"{live_server.url}/priorities/rounds/{voting_round.pk}/")
    check_and_photograph(page, browser, "round")
    tab_to(page, f"a[href$='/practices/{world.practice.pk}/ballot/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Cast our ballot")).to_be_visible()
    check_and_photograph(page, browser, "ballot")
    for rank, title in enumerate(titles[:2], start=1):
        candidate = world_priority_id(title)
        tab_to(page, f"select[name=candidate_{candidate}]")
        page.keyboard.type(str(rank))
    tab_to(page, "textarea[name=comment]")
    page.keyboard.type("Resilience first, please.")
    tab_to(page, "button[type=submit]:not([form])")
    page.keyboard.press("Enter")
    expect(page.get_by_text("ballot is cast")).to_be_visible()
    assert serious_accessibility_problems(page) == []
    ballot = Ballot.objects.get(round=voting_round, practice=world.practice)
    ranks = {c.priority.title: c.rank for c in ballot.choices.select_related("priority")}
    assert ranks == {titles[0]: 1, titles[1]: 2}

    # a gatekeeper triages a request: Tab to it in the queue, arrows through the routes
    keyboard_login(page, live_server, "gatekeeper")
    page.goto(f"{live_server.url}/requests/")
    check_and_photograph(page, browser, "queue")
    tab_to(page, f"a[href='/requests/{item.pk}/']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile("Flu clinics"))).to_be_visible()
    check_and_photograph(page, browser, "triage")
    tab_to(page, "input[name=route]")
    for _ in range(10):  # arrows move through a radio group; stop on the WhatsApp route
        if page.evaluate(FOCUSED_MATCHES, "input[name=route][value=message]"):
            break
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Space")
    tab_to(page, "textarea[name=response]")
    page.keyboard.type("A short message to the group is enough.")
    tab_to(page, "#triage-form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator("#triage-panel")).to_contain_text("Route: WhatsApp message")
    item = Request.objects.get(pk=item.pk)
    assert item.route == "message" and item.response.startswith("A short message")
    check_and_photograph(page, browser, "triaged")


def world_priority_id(title: str) -> int:
    from priorities.models import Priority

    return Priority.objects.get(title=title).pk
