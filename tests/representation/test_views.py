"""Representation's pages: fixed query counts, forms in the users' words, htmx partials."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from representation.models import Action, Feedback, FeedbackAgreement

from .conftest import make_body
from .factories import (
    ActionFactory,
    AgreementFactory,
    BriefingItemFactory,
    FeedbackFactory,
    OccurrenceFactory,
)

pytestmark = pytest.mark.django_db
# session, user, person, roles (one statement since 018f696), then the page's own reads; a
# change here is explained in the commit
TRACKER_QUERIES = 8
OVERVIEW_QUERIES = 12


def _actions(world, n: int) -> None:
    today = dt.date.today()
    for i in range(n):
        ActionFactory(owner=world.people["representative"], due_on=today + dt.timedelta(i - 2))


def _count(client, url) -> tuple[int, object]:
    """Queries of one page load, after a first load has warmed the session and caches."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_action_tracker_issues_the_same_queries_at_two_sizes(world, login, lead):
    client = login(world.users["admin_support"])
    url = reverse("representation:action-list")
    _actions(world, 2)
    small, _ = _count(client, url)
    _actions(world, 20)
    large, response = _count(client, url)
    assert small == large == TRACKER_QUERIES
    assert response.content.decode().count('class="nhsuk-table__row" id="action-') == 22


def test_action_tracker_query_count_is_pinned(world, login, lead, django_assert_num_queries):
    client = login(world.users["admin_support"])
    _actions(world, 5)
    client.get(reverse("representation:action-list"))  # warm the session and content types
    with django_assert_num_queries(TRACKER_QUERIES):
        client.get(reverse("representation:action-list"))


def test_overview_issues_the_same_queries_at_two_sizes(world, login, lead):
    client = login(world.users["pcn_clinical_director"])
    url = reverse("representation:overview")

    def build(n):
        for i in range(n):
            body = make_body(world, name=f"Board {n}-{i}")
            OccurrenceFactory(meeting=body, date=dt.date.today() + dt.timedelta(days=i))
            past = OccurrenceFactory(meeting=body, date=dt.date.today() - dt.timedelta(days=i + 1))
            AgreementFactory(
                feedback__occurrence=OccurrenceFactory(
                    meeting=body, date=past.date - dt.timedelta(days=1)
                ),
                mandate_status="outside",
            )

    build(2)
    small, _ = _count(client, url)
    build(8)
    large, response = _count(client, url)
    assert small == large == OVERVIEW_QUERIES
    assert "No briefing" in response.content.decode()


def test_overdue_actions_come_first(world, login, lead):
    today = dt.date.today()
    later = ActionFactory(due_on=today + dt.timedelta(days=3), description="Later one")
    late = ActionFactory(due_on=today - dt.timedelta(days=3), description="Late one")
    done = ActionFactory(due_on=today - dt.timedelta(days=9), description="Done one")
    Action.objects.filter(pk=done.pk).update(status="done", closed_at=dt.datetime.now(dt.UTC))
    response = login(world.users["admin_support"]).get(reverse("representation:action-list"))
    page = response.content.decode()
    assert page.index("Late one") < page.index("Later one") < page.index("Done one")
    assert later and late


def test_action_filters_by_owner_and_overdue(world, login, lead):
    mine = ActionFactory(owner=world.people["representative"], description="Mine")
    ActionFactory(description="Someone else's")
    client = login(world.users["representative"])
    page = client.get(reverse("representation:action-list") + "?owner=me").content.decode()
    assert "Mine" in page and "Someone else" not in page
    page = client.get(reverse("representation:action-list") + "?overdue=on").content.decode()
    assert mine.description not in page


def test_admin_support_closes_an_action_with_htmx(world, login, lead):
    action = ActionFactory(owner=world.people["representative"])
    response = login(world.users["admin_support"]).post(
        reverse("representation:action-update", args=[action.pk]),
        {"status": "done"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert f'id="action-{action.pk}"' in response.content.decode()
    action.refresh_from_db()
    assert action.status == "done"


def test_a_stale_action_update_is_a_409(world, login, lead):
    action = ActionFactory(owner=world.people["representative"])
    seen = action.updated_at - dt.timedelta(minutes=5)
    response = login(world.users["admin_support"]).post(
        reverse("representation:action-update", args=[action.pk]),
        {"status": "done", "seen": seen.isoformat()},
    )
    assert response.status_code == 409
    assert "changed this action" in response.content.decode()


def test_briefing_form_errors_come_back_as_422(world, login, lead, occurrence):
    response = login(world.users["pcn_clinical_director"]).post(
        reverse("representation:briefing", args=[occurrence.pk]), {"title": ""}
    )
    assert response.status_code == 422
    assert "Choose the mandate." in response.content.decode()


def test_gatekeeper_reads_a_briefing_but_cannot_write_one(world, login, occurrence):
    client = login(world.users["gatekeeper"])
    assert client.get(reverse("representation:briefing", args=[occurrence.pk])).status_code == 200
    response = client.post(
        reverse("representation:briefing", args=[occurrence.pk]),
        {"title": "x", "position": "y", "mandate": "oppose"},
    )
    assert response.status_code == 403


def test_representative_files_feedback_from_the_form(world, login, body):
    occurrence = OccurrenceFactory(meeting=body, date=dt.date.today())
    data = {
        "discussed": "Winter",
        "agreement-TOTAL_FORMS": "2",
        "agreement-INITIAL_FORMS": "0",
        "agreement-0-text": "Phlebotomy in practices",
        "agreement-0-mandate_status": "outside",
        "action-TOTAL_FORMS": "3",
        "action-INITIAL_FORMS": "0",
        "action-0-description": "Send the list",
        "action-0-owner": str(world.people["admin_support"].pk),
        "action-0-due_on": "2030-01-01",
    }
    response = login(world.users["representative"]).post(
        reverse("representation:feedback-create", args=[occurrence.pk]), data
    )
    feedback = Feedback.objects.get()
    assert response.status_code == 302 and response["Location"] == feedback.get_absolute_url()
    assert FeedbackAgreement.objects.get().mandate_status == "outside"
    assert Action.objects.get().owner == world.people["admin_support"]


def test_feedback_action_without_owner_is_a_422_in_plain_words(world, login, occurrence):
    data = {
        "discussed": "Winter",
        "agreement-TOTAL_FORMS": "0",
        "agreement-INITIAL_FORMS": "0",
        "action-TOTAL_FORMS": "1",
        "action-INITIAL_FORMS": "0",
        "action-0-description": "Send the list",
    }
    response = login(world.users["representative"]).post(
        reverse("representation:feedback-create", args=[occurrence.pk]), data
    )
    assert response.status_code == 422
    assert "Choose who owns this action." in response.content.decode()


def test_feedback_search_finds_words_in_agreements_and_htmx_gets_the_results(world, login):
    AgreementFactory(text="A new frailty pathway", feedback__discussed="Nothing much")
    FeedbackFactory(discussed="Estates strategy")
    client = login(world.users["practice_contact"])
    page = client.get(reverse("representation:feedback-list") + "?q=frailty").content.decode()
    assert "Nothing much" in page and "Estates" not in page
    partial = client.get(
        reverse("representation:feedback-list") + "?q=estates", HTTP_HX_REQUEST="true"
    ).content.decode()
    assert partial.lstrip().startswith('<div id="results">') and "Estates" in partial


def test_practice_contact_reads_the_summary_without_intelligence(world, login):
    feedback = FeedbackFactory(intelligence="The ICB is short of money")
    page = login(world.users["practice_contact"]).get(feedback.get_absolute_url())
    assert "The ICB is short of money" not in page.content.decode()
    lead_page = login(world.users["chair"]).get(feedback.get_absolute_url())
    assert "The ICB is short of money" in lead_page.content.decode()


def test_overview_flags_no_representative_and_unread_briefing(world, login, lead):
    from .factories import SystemMeetingFactory

    OccurrenceFactory(meeting=SystemMeetingFactory(name="Urgent care board"))
    briefed = OccurrenceFactory(meeting=make_body(world))
    BriefingItemFactory(briefing__occurrence=briefed)
    page = login(world.users["pcn_clinical_director"]).get(reverse("representation:overview"))
    text = page.content.decode()
    assert "No representative" in text and "Briefing not yet read" in text


def test_admin_support_names_the_representatives_of_a_body(world, login, body):
    second = world.people["chair"]
    response = login(world.users["admin_support"]).post(
        reverse("representation:body-representatives", args=[body.pk]),
        {"representatives": [second.pk]},
    )
    assert response.status_code == 302
    assert list(body.assignments.values_list("person_id", flat=True)) == [second.pk]


def test_lead_adds_a_date_with_uploaded_papers(world, login, lead, body, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    response = login(world.users["pcn_clinical_director"]).post(
        reverse("representation:body-detail", args=[body.pk]),
        {
            "date": "2030-03-04",
            "time": "10:00",
            "papers_file": SimpleUploadedFile("p.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 302
    assert body.occurrences.get().papers_file.name.startswith("representation/papers/")


def test_a_date_without_a_date_is_a_422(world, login, lead, body):
    response = login(world.users["pcn_clinical_director"]).post(
        reverse("representation:body-detail", args=[body.pk]), {"papers_link": "nope"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Enter the date." in page and "Enter a web address" in page


def test_overview_lists_representatives_due_a_review_for_leads(world, login, lead):
    from .factories import AssignmentFactory

    AssignmentFactory(person=world.people["representative"], assigned_on=dt.date(2020, 1, 1))
    page = login(world.users["pcn_clinical_director"]).get(reverse("representation:overview"))
    assert 'id="reviews-due"' in page.content.decode()


def test_for_the_group_list_keeps_an_item_flagged_when_no_meeting_is_planned(world, login, lead):
    agreement = AgreementFactory(mandate_status="outside", text="Backlog to practices")
    client = login(world.users["pcn_clinical_director"])
    response = client.post(reverse("representation:agreement-offer", args=[agreement.pk]))
    assert response.status_code == 302
    page = client.get(reverse("representation:for-group")).content.decode()
    assert "Waiting for a meeting" in page and "No leadership meeting is planned" in page


def test_lead_records_a_review_and_sees_the_history(world, login, lead, body):
    person = world.people["representative"]
    client = login(world.users["pcn_clinical_director"])
    url = reverse("representation:review-history", args=[person.pk])
    response = client.post(url, {"reviewed_on": "2026-06-01", "what_worked": "Clear notes"})
    assert response.status_code == 302
    assert "Clear notes" in client.get(url).content.decode()
    again = client.post(url, {"reviewed_on": "2026-06-01", "what_worked": "x"})
    assert again.status_code == 422 and "already has a review" in again.content.decode()


def test_feedback_list_issues_the_same_queries_at_two_sizes(world, login):
    client = login(world.users["practice_contact"])
    url = reverse("representation:feedback-list")
    for _ in range(2):
        FeedbackFactory()
    small, _ = _count(client, url)
    for _ in range(15):
        FeedbackFactory()
    large, _ = _count(client, url)
    assert small == large


def test_action_tracker_lists_overdue_then_open_then_closed_across_pages(world, login, lead):
    """The (closed, due date, id) order the index answers is the rank order the page shows."""
    from django.utils import timezone

    today = dt.date.today()
    owner = world.people["representative"]
    made = []
    for i, status in enumerate(["done", "open", "in_progress", "dropped"] * 8):
        closed_at = timezone.now() if status in ("done", "dropped") else None
        action = ActionFactory(
            owner=owner,
            due_on=today + dt.timedelta(days=(i * 7) % 11 - 5),
            status=status,
            closed_at=closed_at,
        )
        made.append(action)
    rank = {True: 0, False: 1}
    expected = sorted(
        made,
        key=lambda a: (
            2 if a.status in ("done", "dropped") else rank[a.due_on < today],
            a.due_on,
            a.id,
        ),
    )
    client = login(world.users["admin_support"])
    for number, rows in [(1, expected[:25]), (2, expected[25:])]:
        html = client.get(reverse("representation:action-list"), {"page": number}).content
        positions = [html.decode().find(f'id="action-{a.pk}"') for a in rows]
        assert all(p > 0 for p in positions) and positions == sorted(positions)


@pytest.mark.parametrize(
    ("url_name", "persona"),
    [
        ("representation:body-list", "pcn_clinical_director"),
        ("representation:review-list", "pcn_clinical_director"),
    ],
)
def test_list_pages_issue_the_same_queries_at_two_sizes(world, login, lead, url_name, persona):
    client = login(world.users[persona])
    url = reverse(url_name)

    def build(n):
        for i in range(n):
            body = make_body(world, name=f"Board {n}-{i}")
            OccurrenceFactory(meeting=body, date=dt.date.today() + dt.timedelta(days=i))

    build(2)
    small, _ = _count(client, url)
    build(12)
    large, _ = _count(client, url)
    assert small == large


def test_system_meeting_page_issues_the_same_queries_at_two_sizes(world, login, lead, body):
    from tests.factories import PersonFactory

    client = login(world.users["admin_support"])
    url = reverse("representation:body-detail", args=[body.pk])
    OccurrenceFactory(meeting=body, date=dt.date.today() - dt.timedelta(days=100))
    small, _ = _count(client, url)
    for i in range(10):
        OccurrenceFactory(meeting=body, date=dt.date.today() - dt.timedelta(days=i + 1))
    PersonFactory.create_batch(15)
    large, response = _count(client, url)
    assert small == large
    assert response.content.decode().count("<option value=") >= 15
