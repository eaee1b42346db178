"""The whole journey in a browser: agenda, consensus rounds, publication, acknowledgement."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from .factories import MeetingFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_chair_takes_a_decision_to_consensus_and_a_practice_sees_it(
    world, page, live_server, browser_login, screenshot, browser
):
    starts = (timezone.localtime() + dt.timedelta(days=14)).replace(hour=18, minute=30)
    meeting = MeetingFactory(
        title="Leadership group meeting",
        starts_at=starts,
        chair=world.people["chair"],
        online_link="https://meet.example.nhs.uk/leadership",
        system_item_cap_minutes=20,
    )
    pcn_seat, chair_seat = world.pcn.seat.pk, world.other_pcn.seat.pk
    browser_login(page, "chair")

    # the chair builds the agenda
    for kind, title, minutes in (
        ("General practice business", "Shared phlebotomy", "30"),
        ("System item", "ICB frailty pathway", "25"),
    ):
        page.goto(f"{live_server.url}/meetings/{meeting.pk}/items/new/")
        page.get_by_label("Kind").select_option(label=kind)
        page.get_by_label("Title").fill(title)
        page.get_by_label("Time (minutes)").fill(minutes)
        page.get_by_label("Lead (optional)").fill("Dr Priya Shah")
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#cap-warning")).to_contain_text("5 over the group's cap of 20")

    # ...and reorders it (htmx swaps the agenda in place)
    page.get_by_role("button", name="Move up ICB frailty pathway").click()
    expect(page.locator("#agenda-items > li").first).to_contain_text("ICB frailty pathway")
    page.get_by_role("button", name="Move up Shared phlebotomy").click()
    expect(page.locator("#agenda-items > li").first).to_contain_text("Shared phlebotomy")
    screenshot(page, "decisions-agenda")

    # opens a decision from the item
    page.locator("#agenda-items > li").first.get_by_role("link", name="Open a decision").click()
    page.get_by_label("Question").fill("Should our PCNs run one shared phlebotomy service?")
    page.get_by_label("First proposal wording").fill("The PCNs run one shared service from April.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#waiting")).to_contain_text("Not yet given a position (2)")

    # two seats give positions: one blocks
    form = page.locator(f"#position-form-{pcn_seat}")
    form.get_by_label("Block").check()
    form.get_by_label("Reason").fill("Our practices cannot fund it from April.")
    form.get_by_role("button").click()
    expect(page.locator("#waiting")).to_contain_text("Not yet given a position (1)")
    form = page.locator(f"#position-form-{chair_seat}")
    form.get_by_label("Support").check()
    form.get_by_role("button").click()
    expect(page.locator("#waiting")).to_contain_text("Every seat has given a position")
    page.get_by_role("button", name="Mark agreed by consensus").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("block the proposal")

    # a second round with revised wording reaches consensus
    page.get_by_label("Revised proposal wording").fill(
        "The PCNs run one shared service from July, costs shared by list size."
    )
    page.get_by_role("button", name="Open a new round").click()
    expect(page.locator("#current-title")).to_have_text("Round 2: the proposal")
    for seat, stance, waiting in (
        (pcn_seat, "Can live with it", "Not yet given a position (1)"),
        (chair_seat, "Support", "Every seat has given a position"),
    ):
        form = page.locator(f"#position-form-{seat}")
        form.get_by_label(stance).check()
        form.get_by_role("button").click()
        expect(page.locator("#waiting")).to_contain_text(waiting)
    page.get_by_role("button", name="Mark agreed by consensus").click()
    expect(page.locator("#decision-status")).to_have_text("Agreed")
    expect(page.locator("#earlier-rounds")).to_contain_text("Our practices cannot fund it")

    # the chair publishes: every practice contact is emailed a signed link
    page.get_by_label("Plain-English summary for practices").fill(
        "From July blood tests for all our patients move to one hub per PCN."
    )
    page.get_by_role("button", name="Publish to every practice").click()
    expect(page.locator("#seen-count")).to_contain_text("Seen by 0 of 2 practices")
    assert [m.to for m in mail.outbox] == [[world.people["practice_contact"].email]]
    link = re.search(r"https?://\S+/decisions/acknowledge/\S+/", mail.outbox[0].body).group(0)

    # the practice contact acknowledges from the email, without logging in
    other = browser.new_context()
    contact_page = other.new_page()
    contact_page.goto(live_server.url + "/decisions/" + link.split("/decisions/", 1)[1])
    expect(contact_page.locator("#acknowledged")).to_contain_text("The Park Surgery has confirmed")
    other.close()

    page.reload()
    page.get_by_role("link", name="Add a commitment").click()
    page.get_by_label("Who").select_option(label="All practices")
    page.get_by_label("What").fill("Send blood-test requests to the PCN hub from July.")
    page.get_by_label("By when").fill("2027-07-01")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#commitments")).to_contain_text("Send blood-test requests")
    expect(page.locator("#seen-count")).to_contain_text("Seen by 1 of 2 practices")
    screenshot(page, "decisions-decision")
