"""The cached queue: every change to a request shows on the next read, plain and htmx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox import caching, services
from inbox.models import Route, Status

from .factories import SystemRequestFactory

pytestmark = pytest.mark.django_db
QUEUE = reverse("inbox:queue")


@pytest.fixture
def gatekeeper(login, world):
    return login(world.users["gatekeeper"])


def _counts(client, **query) -> str:
    page = client.get(QUEUE, query).content.decode()
    start = page.index('id="status-counts"')
    return page[start : page.index("</ul>", start)]


def test_a_new_request_shows_in_the_queue_and_its_counts_on_the_next_read(gatekeeper, world):
    SystemRequestFactory(partner=world.icb, title="First")
    assert "First" in gatekeeper.get(QUEUE).content.decode()
    services.request_submit(
        partner=world.icb,
        partner_other="",
        requester_name="Sam Patel",
        requester_email="sam@icb.nhs.uk",
        title="Second",
        ask="Take on phlebotomy.",
        why_general_practice="Registered patients.",
        impact="20 appointments a week.",
        respond_by=timezone.localdate() + dt.timedelta(days=20),
    )
    page = gatekeeper.get(QUEUE).content.decode()
    assert "Second" in page and "2 requests." in page
    assert '<a href="?status=new">New</a>: <span class="app-totals">2</span>' in page


def test_triage_and_closing_move_a_request_between_counts_and_out_of_the_queue(gatekeeper, world):
    item = SystemRequestFactory(partner=world.icb, title="Phlebotomy")
    assert '?status=new">New</a>: <span class="app-totals">1' in _counts(gatekeeper)
    # a conditional update (no post_save): the service tells the queue
    services.request_triage(
        request=item, user=world.users["gatekeeper"], route=Route.MESSAGE, response="Shared."
    )
    counts = _counts(gatekeeper)
    assert '?status=new">New</a>: <span class="app-totals">0' in counts
    assert '?status=triaged">Triaged</a>: <span class="app-totals">1' in counts
    services.request_message_posted(request=item, user=world.users["gatekeeper"])
    page = gatekeeper.get(QUEUE).content.decode()
    assert "Phlebotomy" not in page and "The inbox is empty" in page
    assert "Phlebotomy" in gatekeeper.get(QUEUE, {"status": Status.CLOSED}).content.decode()


def test_the_htmx_table_and_the_full_page_show_the_same_change(gatekeeper, world):
    item = SystemRequestFactory(partner=world.icb, title="Before")
    htmx = {"HTTP_HX_REQUEST": "true"}
    assert "Before" in gatekeeper.get(QUEUE, **htmx).content.decode()
    assert "Before" in gatekeeper.get(QUEUE).content.decode()
    item.title = "After"
    item.save(update_fields=["title"])
    table = gatekeeper.get(QUEUE, **htmx).content.decode()
    assert table.lstrip().startswith('<div id="queue-table"') and "After" in table
    assert "After" in gatekeeper.get(QUEUE).content.decode()


def test_a_renamed_partner_and_a_priority_set_in_triage_show_and_are_searched(gatekeeper, world):
    from tests.priorities.factories import PriorityFactory

    item = SystemRequestFactory(partner=world.icb)
    row = f'id="request-{item.pk}"'
    assert row not in gatekeeper.get(QUEUE, {"q": "Renamed Trust"}).content.decode()
    world.icb.name = "Renamed Trust"
    world.icb.save(update_fields=["name"])
    assert row in gatekeeper.get(QUEUE, {"q": "renamed trust"}).content.decode()
    priority = PriorityFactory(title="Access to appointments")
    item.priorities.set([priority])
    assert "Access to appointments" in gatekeeper.get(QUEUE).content.decode()
    priority.title = "Same-day access"
    priority.save(update_fields=["title"])
    assert "Same-day access" in gatekeeper.get(QUEUE).content.decode()


def test_ages_and_overdue_flags_move_on_at_midnight_without_a_change(gatekeeper, world):
    import time_machine

    with time_machine.travel(dt.datetime(2026, 11, 9, 12, tzinfo=dt.UTC), tick=False):
        SystemRequestFactory(partner=world.icb)
        page = gatekeeper.get(QUEUE).content.decode()
        assert "0 days" in page and "Overdue</strong>" not in page
    with time_machine.travel(dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC), tick=False):
        page = gatekeeper.get(QUEUE).content.decode()
        assert "11 days" in page and "Overdue</strong>" in page


def test_a_reader_only_or_a_gatekeeper_each_get_their_own_header(login, world):
    SystemRequestFactory(partner=world.icb)
    assert (
        "gatekeepers triage it" not in login(world.users["gatekeeper"]).get(QUEUE).content.decode()
    )
    chair = login(world.users["chair"]).get(QUEUE).content.decode()
    assert "You can read the inbox; gatekeepers triage it." in chair


def test_the_version_is_replaced_again_when_the_change_commits(
    django_capture_on_commit_callbacks,
):
    # A reader who computed a value from the data before the commit stored it under the
    # version of the moment of the change: the commit replaces that version too.
    calls = []
    value = caching.cached("probe", (), lambda: calls.append(1) or "first")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        caching.queue_changed()
        assert caching.cached("probe", (), lambda: calls.append(1) or "during") == "during"
    assert caching.cached("probe", (), lambda: "unused") == "during"
    for callback in callbacks:
        callback()
    assert caching.cached("probe", (), lambda: "after") == "after"
    assert value == "first" and len(calls) == 2


def test_a_partners_page_shows_a_new_request_and_a_new_link_on_the_next_read(gatekeeper, world):
    url = reverse("inbox:partner", args=[world.icb.pk])
    first = SystemRequestFactory(partner=world.icb, approached_via=world.pcn, title="First")
    assert "1 ask to general practice" in gatekeeper.get(url).content.decode()
    second = SystemRequestFactory(partner=world.icb, approached_via=world.lmc, title="Second")
    page = gatekeeper.get(url).content.decode()
    assert "2 asks to general practice" in page and "Second" in page
    services.request_link(request=second, other=first, user=world.users["gatekeeper"])
    page = gatekeeper.get(url).content.decode()
    assert "1 ask to general practice" in page
    assert "<strong>1</strong> of them went to more than one door" in page
