"""Pages of members: what each role sees, forms, htmx partials and query counts."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import Notification, Organisation
from members.services import role_assign

from ..factories import PCNFactory, PersonFactory, PracticeFactory, SeatFactory

pytestmark = pytest.mark.django_db


def test_group_page_shows_seats_chair_and_gatekeepers(world, login):
    response = login(world.users["pcn_clinical_director"]).get(reverse("members:group"))
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Dr Priya Shah", "Ruth Adeyemi", "Riverside PCN", "Vacant", "Karen Doyle"):
        assert text in page


def test_system_partner_cannot_see_the_group(world, login):
    assert login(world.users["system_partner"]).get(reverse("members:group")).status_code == 403


def test_directory_lists_pcns_with_practices_and_totals(world, login):
    page = login(world.users["practice_contact"]).get(reverse("members:directory"))
    text = page.content.decode()
    assert "The Park Surgery" in text and "11,000" in text
    assert "2 PCNs, 2 practices, 16,000 registered patients" in text


def test_directory_leaves_out_inactive_practices(world, login):
    Organisation.objects.filter(pk=world.other_practice.pk).update(is_active=False)
    text = login(world.users["chair"]).get(reverse("members:directory")).content.decode()
    assert "Bridge End Surgery" not in text
    assert "1 practice, 11,000 registered patients" in text


def _grow(size: int) -> None:
    for _ in range(size):
        pcn = PCNFactory()
        PracticeFactory.create_batch(3, pcn=pcn)
        seat = SeatFactory(organisation=pcn)
        role_assign(person=seat.holder, kind="representative")


@pytest.mark.parametrize("name", ["members:group", "members:directory"])
def test_pages_issue_the_same_queries_whatever_the_size(
    name, world, login, django_assert_num_queries
):
    client = login(world.users["chair"])
    _grow(1)
    client.get(reverse(name))  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse(name))
    _grow(5)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200


def test_profile_saves_and_reports_errors_with_422(world, login):
    client = login(world.users["representative"])
    bad = client.post(reverse("members:profile"), {"full_name": "", "contact_email": "nope"})
    assert bad.status_code == 422
    text = bad.content.decode()
    assert "Enter your name." in text and "Enter an email address" in text
    assert 'value="nope"' in text  # nothing typed is lost
    good = client.post(
        reverse("members:profile"),
        {
            "full_name": "Dr A Rahman",
            "job_title": "GP",
            "contact_email": "a@nhs.net",
            "digest_opt_out": "on",
        },
    )
    assert good.status_code == 302
    person = world.people["representative"]
    person.refresh_from_db()
    assert (person.full_name, person.contact_email, person.digest_opt_out) == (
        "Dr A Rahman",
        "a@nhs.net",
        True,
    )


def test_profile_is_created_for_a_user_without_one(world, login):
    response = login(world.users["outsider"]).get(reverse("members:profile"))
    assert response.status_code == 200
    assert world.users["outsider"].person.full_name == "outsider"


def test_unread_count_in_header_and_mark_read(world, login):
    user = world.users["chair"]
    notes = [Notification.objects.create(recipient=user, title=f"Note {i}") for i in range(3)]
    client = login(user)
    page = client.get(reverse("home")).content.decode()
    assert 'aria-label="3 unread"' in page
    response = client.post(reverse("members:notification-read", args=[notes[0].pk]))
    assert response.status_code == 302
    assert Notification.objects.unread().filter(recipient=user).count() == 2


def test_mark_read_with_htmx_returns_the_item_alone(world, login):
    user = world.users["chair"]
    note = Notification.objects.create(recipient=user, title="Seat empty")
    response = login(user).post(
        reverse("members:notification-read", args=[note.pk]), HTTP_HX_REQUEST="true"
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert f'id="notification-{note.pk}"' in text and "<html" not in text
    assert "Mark as read" not in text


def test_nobody_marks_another_persons_notification(world, login):
    note = Notification.objects.create(recipient=world.users["chair"], title="Private")
    login(world.users["gatekeeper"]).post(reverse("members:notification-read", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read(world, login):
    user = world.users["gatekeeper"]
    Notification.objects.create(recipient=user, title="One")
    Notification.objects.create(recipient=user, title="Two")
    response = login(user).post(reverse("members:notifications-read-all"), follow=True)
    assert "Marked 2 notifications as read." in response.content.decode()


def test_notifications_are_paginated(world, login):
    user = world.users["gatekeeper"]
    Notification.objects.bulk_create(
        Notification(recipient=user, title=f"Note {i}") for i in range(30)
    )
    client = login(user)
    first = client.get(reverse("members:notifications")).content.decode()
    assert "Page 2 of 2" in first
    second = client.get(reverse("members:notifications"), {"page": 2}).content.decode()
    assert second.count('class="app-unread"') == 5


def test_navigation_follows_the_role(world, login):
    partner = login(world.users["system_partner"]).get(reverse("home")).content.decode()
    assert "The group" not in partner
    chair = login(world.users["chair"]).get(reverse("home")).content.decode()
    assert "The group" in chair and "Organisations" in chair


def test_the_chair_role_needs_a_person_with_a_seat():
    person = PersonFactory()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        role_assign(person=person, kind="chair")


def _notify_and_audit(world, size: int) -> None:
    from members.audit import audit_record

    for n in range(size):
        Notification.objects.create(recipient=world.users["chair"], title=f"Note {n}", url="/")
        audit_record(
            actor=world.users["chair"],
            action="role",
            subject=world.pcn,
            summary=f"Change {n}",
            changes={"n": n},
        )


@pytest.mark.parametrize(
    "name, query",
    [
        ("members:notifications", ""),
        ("members:audit-list", ""),
        ("members:audit-list", "action=role"),
    ],
)
def test_notifications_and_audit_issue_the_same_queries_at_two_sizes(
    name, query, world, login, django_assert_num_queries
):
    """Two sizes: a handful, then more than a page (25 notifications, 50 events) of each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.users["chair"])
    url = f"{reverse(name)}?{query}"
    _notify_and_audit(world, 2)
    client.get(url)  # warm the session and content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _notify_and_audit(world, 60)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url, HTTP_HX_REQUEST="true").status_code == 200


def test_the_register_imports_list_issues_the_same_queries_with_2_and_40_runs(
    world, login, django_assert_num_queries
):
    from members.models import ImportRun

    def runs(n: int) -> None:
        ImportRun.objects.bulk_create(
            ImportRun(
                started_by=world.users["admin_support"],
                map_file="gp-reg-pat-prac-map.csv",
                patients_file="gp-reg-pat-prac-all.csv",
                status=ImportRun.Status.DONE if n % 2 else ImportRun.Status.FAILED,
            )
            for n in range(n)
        )

    client = login(world.users["admin_support"])
    runs(2)
    client.get(reverse("members:import-list"))  # warm the session and content types
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("members:import-list")).status_code == 200
    runs(38)
    with django_assert_num_queries(len(small.captured_queries)):
        page = client.get(reverse("members:import-list"))
    assert page.content.decode().count("/organisations/imports/") >= 20  # a full page of runs


def test_directory_rows_are_the_template_loop_they_replaced():
    import datetime as dt
    from types import SimpleNamespace

    from django.template import Context, Template

    from members.views import _practice_rows_html

    loop = Template(
        "{% load humanize %}{% for practice in practices %}\n"
        '    <tr class="nhsuk-table__row">\n'
        '      <td class="nhsuk-table__cell">{{ practice.name }}</td>\n'
        '      <td class="nhsuk-table__cell">{{ practice.ods_code }}</td>\n'
        '      <td class="nhsuk-table__cell nhsuk-table__cell--numeric">'
        "{{ practice.list_size|intcomma }}</td>\n"
        '      <td class="nhsuk-table__cell app-hide-mobile">'
        '{{ practice.list_size_as_of|date:"M Y"|default:"–" }}</td>\n'
        "    </tr>\n  {% endfor %}"
    )
    practices = [
        SimpleNamespace(
            name='<b>O\'Neil & "Co"</b>',
            ods_code="A<1>",
            list_size=1234567,
            list_size_as_of=dt.date(2026, 9, 1),
        ),
        SimpleNamespace(name="Small", ods_code="B2", list_size=0, list_size_as_of=None),
        SimpleNamespace(name="Unknown", ods_code="C3", list_size=None, list_size_as_of=None),
    ]
    assert _practice_rows_html(practices) == loop.render(Context({"practices": practices}))
