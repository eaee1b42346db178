"""Pages of the inbox: the public form, the tracking page, the queue, triage in place."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from inbox import forms as inbox_forms
from inbox import services
from inbox.models import PaperRecipient, Request, Route, Status

from .factories import PaperRecipientFactory, SystemRequestFactory, bulk_requests

pytestmark = pytest.mark.django_db
NEW = reverse("inbox:request-new")


def form_data(world, **overrides) -> dict:
    return {
        "partner": str(world.icb.pk),
        "partner_other": "",
        "requester_name": "Sam Patel",
        "requester_email": "sam@icb.nhs.uk",
        "title": "Phlebotomy in practices",
        "ask": "Take on phlebotomy.",
        "why_general_practice": "Patients are registered with you.",
        "impact": "20 appointments a week.",
        "respond_by": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "website": "",
    } | overrides


def test_public_form_needs_no_account_and_lists_system_partners_only(client, world):
    response = client.get(NEW)
    assert response.status_code == 200
    assert "The ICB" in response.content.decode()
    assert "The Park Surgery" not in response.content.decode()


def test_public_submission_confirms_with_a_private_tracking_link(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, form_data(world, attachments=[pdf]))
    assert response.status_code == 302
    item = Request.objects.get()
    assert item.attachments.get().name == "plan.pdf"
    page = client.get(response["Location"]).content.decode()
    assert reverse("inbox:track", args=[item.token]) in page
    assert item.token in mailoutbox[0].body


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"partner": ""}, "Choose your organisation"),
        ({"partner": "other"}, "Enter the name of your organisation."),
        ({"requester_email": "sam at icb"}, "Enter an email address like name@nhs.net."),
        ({"title": ""}, "Enter a short title for your request."),
        ({"ask": ""}, "Say what you are asking general practice to do or decide."),
        ({"impact": ""}, "Say what it means for practices"),
        ({"respond_by": "2001-01-01"}, "The response date must be today or in the future."),
        ({"respond_by": "next week"}, "Enter the date as day, month and year"),
        ({"partner": "99999"}, "Select a valid choice"),
    ],
)
def test_every_bad_field_gets_a_clear_message_and_keeps_what_was_typed(
    client, world, overrides, message
):
    response = client.post(NEW, form_data(world, **overrides))
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert "There is a problem" in page
    kept = {k: v for k, v in form_data(world).items() if k in ("title", "ask", "impact")}
    for name, value in kept.items():  # nothing typed is lost
        assert name in overrides or value in page
    assert not Request.objects.exists()


def _file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


@pytest.mark.parametrize(
    ("files", "message"),
    [
        ([_file("virus.exe", b"MZ...")], "“virus.exe” is not a file type we accept"),
        ([_file("plan.pdf", b"<html>not a pdf")], "“plan.pdf” is not a real PDF file"),
        ([_file("photo.png", b"GIF89a")], "“photo.png” is not a real PNG file"),
        ([_file("empty.pdf", b"")], "The submitted file is empty."),
        ([_file("notes.txt", b"a\x00b")], "“notes.txt” is not a plain text file."),
        ([_file(f"p{n}.pdf", b"%PDF-1") for n in range(6)], "Attach up to 5 files; you chose 6."),
        ([_file("big.pdf", b"%PDF-1" + b"x" * 2 * 1024 * 1024)], "each file must be 1 MB"),
    ],
)
def test_every_bad_upload_gets_a_clear_message_not_a_500(
    client, world, monkeypatch, files, message
):
    monkeypatch.setattr(inbox_forms, "MAX_FILE_MB", 1)
    response = client.post(NEW, form_data(world, attachments=files))
    page = response.content.decode()
    assert response.status_code == 422
    assert message in page
    assert "Phlebotomy in practices" in page
    assert not Request.objects.exists()


def test_honeypot_looks_successful_but_keeps_nothing(client, world):
    response = client.post(NEW, form_data(world, website="http://spam.example"))
    assert response.status_code == 302
    assert not Request.objects.exists()


def test_rate_limit_per_address(client, world):
    for _ in range(10):
        client.post(NEW, form_data(world, title=""))
    response = client.post(NEW, form_data(world))
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    other = client.post(NEW, form_data(world), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_tracking_page_shows_only_its_own_request_and_takes_answers(client, world):
    mine = SystemRequestFactory(partner=world.icb, title="Mine")
    SystemRequestFactory(partner=world.icb, title="Somebody else's")
    services.request_triage(
        request=mine,
        user=world.users["gatekeeper"],
        route=Route.MORE_WORK,
        response="Not yet.",
        questions="What would it cost?",
    )
    url = reverse("inbox:track", args=[mine.token])
    page = client.get(url).content.decode()
    assert "Mine" in page and "What would it cost?" in page and "Not yet." in page
    assert "Somebody else" not in page
    assert client.post(url, {"answer": ""}).status_code == 422
    assert client.post(url, {"answer": "£2,000"}).status_code == 302
    mine.refresh_from_db()
    assert mine.status == Status.RESUBMITTED
    assert client.get(reverse("inbox:track", args=["x" * 43])).status_code == 404


def test_staff_log_an_approach(login, world):
    client = login(world.users["practice_contact"])
    data = form_data(world, channel="email", approached_via=str(world.practice.pk))
    del data["website"]
    response = client.post(reverse("inbox:request-log"), data)
    assert response.status_code == 302
    item = Request.objects.get()
    assert (item.channel, item.approached_via, item.logged_by) == (
        "email",
        world.practice,
        world.users["practice_contact"],
    )
    assert client.get(response["Location"]).status_code == 200


def test_queue_filters_search_sort_and_paginate(login, world):
    bulk_requests(world, 30)
    SystemRequestFactory(partner=world.icb, title="Diabetes hub")
    client = login(world.users["gatekeeper"])
    page = client.get(reverse("inbox:queue"), {"q": "diabetes"}).content.decode()
    assert "Diabetes hub" in page and "Request 1<" not in page
    page = client.get(reverse("inbox:queue"), {"page": 2}).content.decode()
    assert "31 requests" in page and "Page 1 of 2" in page
    page = client.get(reverse("inbox:queue"), {"status": "closed"}).content.decode()
    assert "No requests match" in page
    htmx = client.get(reverse("inbox:queue"), {"sort": "newest"}, HTTP_HX_REQUEST="true")
    assert htmx.content.decode().lstrip().startswith('<div id="queue-table"')


def test_chair_reads_the_inbox_but_cannot_triage(login, world):
    item = SystemRequestFactory(partner=world.icb)
    client = login(world.users["chair"])
    page = client.get(reverse("inbox:request-detail", args=[item.pk])).content.decode()
    assert "Waiting for triage" in page and "Confirm triage" not in page
    response = client.post(
        reverse("inbox:request-triage", args=[item.pk]),
        {"seen_status": "new", "route": "message", "response": "x"},
    )
    assert response.status_code == 403


def test_triage_in_place_returns_the_panel_with_the_follow_up(login, world):
    item = SystemRequestFactory(partner=world.icb)
    client = login(world.users["gatekeeper"])
    url = reverse("inbox:request-triage", args=[item.pk])
    response = client.post(
        url,
        {"seen_status": "new", "route": "message", "response": "Shared."},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert page.lstrip().startswith('<div id="triage-panel"')
    assert "https://wa.me/?text=The%20ICB%20asks" in page and "Mark posted" in page
    response = client.post(reverse("inbox:request-posted", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Status.CLOSED and item.message_posted_at


def test_triage_errors_come_back_as_422_in_the_panel(login, world):
    item = SystemRequestFactory(partner=world.icb)
    client = login(world.users["gatekeeper"])
    response = client.post(
        reverse("inbox:request-triage", args=[item.pk]),
        {"seen_status": "new", "route": "more_work", "response": "Later."},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "List what is missing before it can come to the group." in response.content.decode()


def test_stale_triage_gets_409_saying_who_and_when(login, world):
    item = SystemRequestFactory(partner=world.icb)
    services.request_triage(
        request=item, user=world.users["gatekeeper"], route=Route.MESSAGE, response="First"
    )
    client = login(world.users["gatekeeper"])
    data = {"seen_status": "new", "route": "declined", "response": "No", "decline_reason": "other"}
    url = reverse("inbox:request-triage", args=[item.pk])
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    assert "Ruth Adeyemi changed this request first" in response.content.decode()
    assert client.post(url, data).status_code == 409
    item.refresh_from_db()
    assert item.route == Route.MESSAGE


def test_meeting_route_with_no_meeting_planned_is_a_message_not_a_500(login, world):
    item = SystemRequestFactory(partner=world.icb)
    client = login(world.users["gatekeeper"])
    response = client.post(
        reverse("inbox:request-triage", args=[item.pk]),
        {"seen_status": "new", "route": "meeting", "response": "To the group", "minutes": "15"},
    )
    assert response.status_code == 422
    assert "No leadership meeting is planned" in response.content.decode()


def test_paper_recipient_responds_and_others_are_refused(login, world):
    recipient = PaperRecipientFactory(
        request__partner=world.icb, person=world.people["pcn_clinical_director"]
    )
    url = reverse("inbox:paper", args=[recipient.request_id])
    client = login(world.users["pcn_clinical_director"])
    assert client.post(url, {"response": ""}).status_code == 422
    assert client.post(url, {"response": "support", "comment": "Yes"}).status_code == 302
    assert PaperRecipient.objects.get().response == "support"
    client = login(world.users["practice_contact"])
    assert client.get(url).status_code == 403


def test_linking_from_the_request_page_and_the_partners_multi_door_count(login, world):
    first = SystemRequestFactory(partner=world.icb, approached_via=world.pcn)
    second = SystemRequestFactory(partner=world.icb, approached_via=world.lmc)
    client = login(world.users["gatekeeper"])
    url = reverse("inbox:request-link", args=[second.pk])
    client.post(url, {"other": "R-9999"})
    page = client.get(reverse("inbox:request-detail", args=[second.pk])).content.decode()
    assert "No request has that reference" in page
    client.post(url, {"other": first.reference})
    page = client.get(reverse("inbox:request-detail", args=[second.pk])).content.decode()
    assert first.reference in page and "No linked requests" not in page
    page = client.get(reverse("inbox:partner", args=[world.icb.pk])).content.decode()
    assert "<strong>1</strong> of them went to more than one door" in page


def test_a_very_long_file_name_is_kept_readable_not_a_500(client, world):
    name = "a" * 240 + ".pdf"
    response = client.post(NEW, form_data(world, attachments=[_file(name, b"%PDF-1.4")]))
    assert response.status_code == 302
    attached = Request.objects.get().attachments.get()
    assert attached.name == name[:200] and len(attached.file.name) < 150


def test_a_bad_paper_upload_in_triage_is_a_clear_message(login, world):
    item = SystemRequestFactory(partner=world.icb)
    client = login(world.users["gatekeeper"])
    response = client.post(
        reverse("inbox:request-triage", args=[item.pk]),
        {
            "seen_status": "new",
            "route": "paper",
            "response": "Members will respond.",
            "paper_audience": "seats",
            "paper_due_on": (timezone.localdate() + dt.timedelta(days=5)).isoformat(),
            "paper_file": _file("paper.exe", b"MZ"),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert "“paper.exe” is not a file type we accept" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.NEW


def test_staff_approach_form_errors_are_clear(login, world):
    client = login(world.users["pcn_clinical_director"])
    response = client.post(reverse("inbox:request-log"), form_data(world, channel=""))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Choose how you were approached." in page
    assert "Choose the organisation that was approached." in page


def test_a_signed_in_partner_finds_their_details_filled_in(login, world):
    page = login(world.users["system_partner"]).get(NEW).content.decode()
    assert 'value="Neil Carter"' in page
    assert f'<option value="{world.icb.pk}" selected>' in page


def test_partner_page_lists_page_by_page_and_counts_every_door(login, world):
    bulk_requests(world, 60)
    first, second, third = Request.objects.order_by("pk")[:3]
    Request.objects.filter(pk=second.pk).update(same_ask_as=first, approached_via=world.pcn)
    Request.objects.filter(pk=third.pk).update(same_ask_as=first)  # same door as first
    client = login(world.users["gatekeeper"])
    url = reverse("inbox:partner", args=[world.icb.pk])
    page = client.get(url).content.decode()
    assert "58 asks to general practice" in page
    assert "<strong>1</strong> of them went to more than one door" in page
    assert "60 requests." in page and "Page 2 of 3" in page
    assert page.count('<tr class="nhsuk-table__row">') == 25
    last = client.get(url, {"page": 3}).content.decode()
    assert last.count('<tr class="nhsuk-table__row">') == 10


@pytest.mark.parametrize(
    "query",
    [{}, {"sort": "newest"}, {"status": "new"}, {"status": "closed"}, {"overdue": "1"}, {"q": "1"}],
)
def test_queue_says_how_many_requests_match_whichever_way_it_counts_them(login, world, query):
    from inbox.selectors import QueueFilters, _queue_matching

    bulk_requests(world, 40)
    Request.objects.filter(title__endswith="3").update(
        status=Status.CLOSED, route=Route.MESSAGE, closed_at=timezone.now()
    )
    filters = QueueFilters(
        status=query.get("status", ""), overdue="overdue" in query, q=query.get("q", "")
    )
    expected = _queue_matching(filters).count()
    page = login(world.users["gatekeeper"]).get(reverse("inbox:queue"), query).content.decode()
    assert expected and f"{expected} request{'s' if expected > 1 else ''}." in page
