"""The representation journey in a real browser: brief, feed back, chase, take to the group."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest
from django.utils import timezone

from priorities.models import Priority
from representation.models import Action, FeedbackAgreement

from .conftest import make_body, make_lead
from .factories import OccurrenceFactory


def _decisions_models():
    try:
        return importlib.import_module("decisions.models")
    except ImportError:
        return None


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_lead_briefs_representative_feeds_back_admin_closes_and_group_sees_it(
    world, page, live_server, browser_login, screenshot
):
    make_lead(world)
    occurrence = OccurrenceFactory(
        meeting=make_body(world, "Place-based partnership board"), date=timezone.localdate()
    )
    Priority.objects.create(
        title="Stop work shifting from hospitals", summary="x", status="adopted", rank=1
    )
    decisions = _decisions_models()
    leadership_meeting = None
    if decisions is not None and hasattr(decisions, "LeadershipMeeting"):
        leadership_meeting = decisions.LeadershipMeeting.objects.create(
            starts_at=timezone.now() + dt.timedelta(days=14)
        )
    briefing_url = f"{live_server.url}/representation/occurrences/{occurrence.pk}/briefing/"

    # 1. The representation lead briefs with a mandate.
    browser_login(page, "pcn-clinical-director")
    page.goto(f"{live_server.url}/representation/")
    page.get_by_role("link", name="Place-based partnership board").first.click()
    page.get_by_label("Item due to be discussed").fill("Phlebotomy moving to practices")
    page.get_by_label("The group's position").fill("Only with recurrent funding and staff.")
    page.get_by_label("Linked priority").select_option(label="Stop work shifting from hospitals")
    page.get_by_label("Must come back to the group").check()
    page.get_by_label("Outcome wanted").fill("A funded pilot, not a transfer.")
    page.get_by_role("button", name="Add to the briefing").click()
    assert page.get_by_text("The item is added to the briefing.").is_visible()

    # 2. The representative reads it and files feedback: one item outside mandate, two actions.
    page.context.clear_cookies()
    browser_login(page, "representative")
    page.goto(briefing_url)
    page.get_by_role("button", name="I have read this briefing").click()
    assert page.locator("#briefing-read").is_visible()
    screenshot(page, "representation-briefing")
    page.get_by_role("link", name="File feedback").click()
    page.get_by_label("What was discussed").fill("The ICB's plan to move phlebotomy.")
    page.get_by_label("What was agreed", exact=False).first.fill("A pilot in two PCNs.")
    page.locator("#id_agreement-0-text").fill("Riverside PCN will pilot phlebotomy in March.")
    page.locator("#id_agreement-0-mandate_status").select_option("within")
    page.locator("#id_agreement-1-text").fill("Practices will take the blood-test backlog.")
    page.locator("#id_agreement-1-mandate_status").select_option("outside")
    page.locator("#id_action-0-description").fill("Send the ICB the pilot practices")
    page.locator("#id_action-0-owner").select_option(label="Karen Doyle")
    page.locator("#id_action-0-due_on").fill("2030-01-10")
    page.locator("#id_action-1-description").fill("Ask for the funding letter")
    page.locator("#id_action-1-owner").select_option(label="Dr Aisha Rahman")
    page.locator("#id_action-1-due_on").fill("2030-01-20")
    screenshot(page, "representation-feedback-form")
    page.get_by_role("button", name="File feedback").click()
    assert page.get_by_text("Your feedback is filed.").is_visible()
    outside = FeedbackAgreement.objects.get(mandate_status="outside")
    screenshot(page, "representation-feedback")

    # 3. Admin support closes one action in the tracker (htmx swaps the row).
    page.context.clear_cookies()
    browser_login(page, "admin-support")
    page.goto(f"{live_server.url}/representation/actions/")
    first = Action.objects.get(description="Send the ICB the pilot practices")
    row = page.locator(f"#action-{first.pk}")
    row.get_by_label("Status of Send the ICB the pilot practices").select_option("done")
    row.get_by_role("button", name="Save").click()
    page.locator(f"#action-{first.pk} select option[value=done][selected]").wait_for(
        state="attached"
    )
    first.refresh_from_db()
    assert first.status == "done"
    assert Action.objects.get(description="Ask for the funding letter").status == "open"
    screenshot(page, "representation-actions")

    # 4. The outside-mandate item appears for the next leadership meeting.
    page.context.clear_cookies()
    browser_login(page, "pcn-clinical-director")
    outside.refresh_from_db()
    page.goto(f"{live_server.url}/representation/")
    screenshot(page, "representation-overview", phone=False)
    if leadership_meeting is not None:
        item = decisions.AgendaItem.objects.get(pk=outside.agenda_item_id)
        assert item.meeting_id == leadership_meeting.pk and item.is_proposed
        page.goto(f"{live_server.url}{outside.feedback.get_absolute_url()}")
        link = page.locator(f"#agenda-link-{outside.pk}")
        assert "Proposed for Leadership group meeting" in link.inner_text()
        page.goto(f"{live_server.url}/representation/for-the-group/")
        assert page.locator(f"#agreement-{outside.pk}").get_by_text("On an agenda").is_visible()
    else:
        page.goto(f"{live_server.url}/representation/for-the-group/")
        assert page.get_by_text("Practices will take the blood-test backlog.").is_visible()
        assert page.get_by_text("Waiting for a meeting").is_visible()
