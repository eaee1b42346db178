"""The whole journey in a browser: a partner asks, gatekeepers triage, members respond."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from decisions.models import AgendaItem
from inbox.models import PaperRecipient, Request, Status
from priorities.models import Priority
from tests.decisions.factories import MeetingFactory

from .factories import SystemRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _assert_accessible(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_partner_request_goes_more_work_then_meeting_and_a_paper_collects_responses(
    page, live_server, world, browser_login, screenshot
):
    meeting = MeetingFactory(starts_at=timezone.now() + dt.timedelta(days=9))
    Priority.objects.create(title="Stop work shifting from hospitals", summary="-")
    for n, days in enumerate((1, 3, 12)):
        older = SystemRequestFactory(
            partner=world.icb, title=f"Earlier ask {n + 1}", approached_via=world.pcn
        )
        Request.objects.filter(pk=older.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days)
        )
    respond_by = (timezone.localdate() + dt.timedelta(days=21)).isoformat()

    # A partner fills in the public form, forgets the title, corrects it.
    page.goto(f"{live_server.url}/requests/new/")
    page.get_by_label("Your organisation", exact=True).select_option(label="The ICB")
    page.get_by_label("Your name", exact=True).fill("Sam Patel")
    page.get_by_label("Your work email").fill("sam.patel@icb.nhs.uk")
    page.get_by_label("What are you asking general practice").fill("Run phlebotomy for the trust.")
    page.get_by_label("Why general practice?").fill("Patients ask their practice first.")
    page.get_by_label("What it means for practices").fill("About 20 appointments a week.")
    page.get_by_label("Response needed by").fill(respond_by)
    screenshot(page, "inbox-form")
    _assert_accessible(page)
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter a short title for your request.")
    expect(page.get_by_label("Why general practice?")).to_have_value(
        "Patients ask their practice first."
    )
    page.get_by_label("A short title for your request").fill("Phlebotomy in practices")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="Request sent")).to_be_visible()
    page.get_by_role("link", name="Follow your request").click()
    tracking_url = page.url
    expect(page.locator("#tracked-status")).to_contain_text("New")
    item = Request.objects.get(title="Phlebotomy in practices")

    # The gatekeeper triages it to more work, in place.
    browser_login(page, "gatekeeper")
    page.goto(f"{live_server.url}/requests/")
    expect(page.locator("#queue-table")).to_contain_text("Phlebotomy in practices")
    screenshot(page, "inbox-queue")
    _assert_accessible(page)
    page.get_by_role("link", name=re.compile("Phlebotomy in practices")).click()
    page.get_by_label("More work needed").check()
    page.get_by_label("Response to the requester").fill("We need more before the group sees it.")
    page.get_by_label("What is missing").fill("What would it cost each practice?")
    page.get_by_label("Stop work shifting from hospitals").check()
    screenshot(page, "inbox-triage")
    _assert_accessible(page)
    page.get_by_role("button", name="Confirm triage").click()
    expect(page.locator("#triage-panel")).to_contain_text("Route: More work needed")

    # The partner answers on the tracking page.
    page.goto(tracking_url)
    expect(page.locator("#group-questions")).to_contain_text("What would it cost each practice?")
    page.get_by_label("Your answer to the group's questions").fill("£2,000 a year, funded.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator("#tracked-status")).to_contain_text("Resubmitted")

    # Back in the queue, resubmitted: the gatekeeper sends it to the next meeting.
    page.goto(f"{live_server.url}/requests/{item.pk}/")
    expect(page.locator("#triage-panel")).to_contain_text("Triage (resubmitted)")
    page.get_by_label("Leadership meeting").check()
    page.get_by_label("Response to the requester").fill("It will come to the group.")
    page.get_by_label("Minutes requested").fill("20")
    page.get_by_role("button", name="Confirm triage").click()
    expect(page.locator("#agenda-item")).to_contain_text(str(meeting))
    agenda_item = AgendaItem.objects.get(meeting=meeting)
    assert (agenda_item.title, agenda_item.minutes) == ("Phlebotomy in practices", 20)
    page.goto(f"{live_server.url}/meetings/{meeting.pk}/")
    expect(page.get_by_text("Phlebotomy in practices").first).to_be_visible()

    # A second request goes out as a paper and collects two responses.
    second = SystemRequestFactory(partner=world.icb, title="Frailty pathway")
    page.goto(f"{live_server.url}/requests/{second.pk}/")
    page.get_by_label("Paper to members").check()
    page.get_by_label("Response to the requester").fill("Members will read and respond.")
    page.get_by_label("Send the paper to").select_option(label="Leadership seat holders")
    page.get_by_label("Responses due by").fill(
        (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    )
    page.get_by_role("button", name="Confirm triage").click()
    expect(page.locator("#paper-responses")).to_contain_text("Dr Tom Okafor")
    for username, answer in (("pcn-clinical-director", "Support"), ("chair", "Concern")):
        browser_login(page, username)
        page.goto(f"{live_server.url}/requests/{second.pk}/paper/")
        page.get_by_label(answer).check()
        page.get_by_label("Comment").fill(f"{answer} from {username}")
        page.get_by_role("button", name="Send response").click()
        expect(page.locator("#my-response")).to_contain_text(answer.lower())
    assert set(
        PaperRecipient.objects.filter(request=second).values_list("response", flat=True)
    ) == {"support", "concern"}
    browser_login(page, "gatekeeper")
    page.goto(f"{live_server.url}/requests/{second.pk}/")
    expect(page.locator("#paper-responses")).to_contain_text("Concern: Concern from chair")
    page.get_by_label("Closing summary for the requester").fill("One support, one concern.")
    page.get_by_role("button", name="Close and send the summary").click()
    expect(page.locator("#triage-panel")).to_contain_text("One support, one concern.")
    assert Request.objects.get(pk=second.pk).status == Status.CLOSED
