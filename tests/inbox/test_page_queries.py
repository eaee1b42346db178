"""Query counts of the inbox pages: the same at two sizes, fresh and cached."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from inbox import services
from inbox.models import Request, Route, Status

from .factories import PaperRecipientFactory, SystemRequestFactory, bulk_requests

pytestmark = pytest.mark.django_db
QUEUE_VIEWS = ["", "q=request", "status=new&sort=newest", "page=2", "overdue=1", "sort=partner"]


def _prioritise(priority, every: int = 3) -> None:
    links = [
        Request.priorities.through(request_id=pk, priority_id=priority.pk)
        for pk in Request.objects.values_list("pk", flat=True)[::every]
    ]
    Request.priorities.through.objects.bulk_create(links, ignore_conflicts=True)


@pytest.mark.parametrize("query", QUEUE_VIEWS)
def test_queue_issues_the_same_queries_at_two_sizes_fresh_and_cached(login, world, query):
    from inbox.caching import queue_changed
    from tests.priorities.factories import PriorityFactory

    priority = PriorityFactory()
    client = login(world.users["gatekeeper"])
    url = f"{reverse('inbox:queue')}?{query}"
    counts = []
    for size in (60, 600):
        bulk_requests(world, size)  # bulk inserts send no signals: the queue is told below
        _prioritise(priority)
        client.get(url)  # warm the session and content types
        queue_changed()
        fresh = _queries(client, url)
        cached = _queries(client, url)
        counts.append((fresh, cached))
    assert counts[0] == counts[1]
    fresh, cached = counts[0]
    # Cached, the page reads only the session, the user and their roles and notifications:
    # none of the queue's own queries (counts, partners, priorities, the page, its priorities).
    assert cached <= fresh - 6


def _queries(client, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("page_name", ["inbox:request-detail", "inbox:paper"])
def test_request_and_paper_pages_issue_fixed_queries_whatever_their_size(login, world, page_name):
    from tests.factories import PersonFactory

    counts = []
    for size in (2, 20):
        item = SystemRequestFactory(partner=world.icb)
        Request.objects.filter(pk=item.pk).update(
            status=Status.TRIAGED, route=Route.PAPER, paper_due_on=timezone.localdate()
        )
        for _ in range(size):
            PaperRecipientFactory(request=item, person=PersonFactory())
            other = SystemRequestFactory(partner=world.icb)
            services.request_link(request=other, other=item, user=world.users["gatekeeper"])
        client = login(world.users["gatekeeper"])
        url = reverse(page_name, args=[item.pk])
        client.get(url)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]


def test_partner_page_issues_the_same_queries_at_two_sizes(login, world):
    from inbox.caching import queue_changed

    client = login(world.users["gatekeeper"])
    url = reverse("inbox:partner", args=[world.icb.pk])
    counts = []
    for size in (30, 300):
        bulk_requests(world, size)
        Request.objects.filter(partner=world.icb).update(approached_via=world.pcn)
        client.get(url)
        queue_changed()
        counts.append((_queries(client, url), _queries(client, f"{url}?page=2")))
    assert counts[0] == counts[1]


def test_staff_requests_page_issues_the_same_queries_at_two_sizes(login, world):
    user = world.users["practice_contact"]
    client = login(user)
    url = reverse("inbox:mine")
    counts = []
    for size in (5, 50):
        for _ in range(size):
            SystemRequestFactory(partner=world.icb, logged_by=user)
            PaperRecipientFactory(request__partner=world.icb, person=user.person)
        client.get(url)
        counts.append(_queries(client, url))
    assert counts[0] == counts[1]
    page = client.get(url).content.decode()
    assert "Respond to the paper" in page and "Page 2 of 5" in page
