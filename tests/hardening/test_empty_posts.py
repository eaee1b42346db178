"""An empty POST is a submission with every required field missing, never a silent 422."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inbox.models import Request
from members.models import Person


def test_an_empty_post_to_the_public_form_names_each_missing_field_and_keeps_nothing(client, db):
    response = client.post(reverse("inbox:request-new"), {})
    assert response.status_code == 422
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    assert page.count("nhsuk-error-message") >= 3  # title, name, email at least
    assert Request.objects.count() == 0


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("gatekeeper", "inbox:request-log"),
        ("chair", "decisions:meeting-create"),
        ("admin_support", "representation:body-create"),
    ],
)
def test_an_empty_post_to_a_signed_in_form_says_what_is_required(world, login, persona, url_name):
    response = login(world.users[persona]).post(reverse(url_name), {})
    assert response.status_code == 422
    page = response.content.decode()
    assert "nhsuk-error-summary" in page and "nhsuk-error-message" in page


def test_an_empty_post_to_the_profile_keeps_the_name(world, login):
    user = world.users["practice_contact"]
    before = Person.objects.get(user=user).full_name
    response = login(user).post(reverse("members:profile"), {})
    assert response.status_code == 422
    assert "nhsuk-error-message" in response.content.decode()
    assert Person.objects.get(user=user).full_name == before
