"""Admin screens: every members model is listed, searchable and filterable for a superuser."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from members.models import LeadershipRole, Person
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_every_members_model_has_an_admin_with_search_and_filters():
    from django.apps import apps

    for model in apps.get_app_config("members").get_models():
        model_admin = admin.site._registry.get(model)
        assert model_admin is not None, model
        assert model_admin.search_fields, model
        assert model_admin.list_filter, model


def test_admin_changelists_answer_with_a_search(superuser_client, world):
    for model in (
        "organisation",
        "person",
        "seat",
        "leadershiprole",
        "reminder",
        "notification",
        "listsize",
        "importrun",
    ):
        url = reverse(f"admin:members_{model}_changelist")
        assert superuser_client.get(url, {"q": "Park"}).status_code == 200


def test_admin_refuses_a_third_gatekeeper_with_the_message(superuser_client, world):
    from members.services import role_assign

    role_assign(person=PersonFactory(full_name="Second Keeper"), kind="gatekeeper")
    third = PersonFactory(full_name="Third Keeper")
    response = superuser_client.post(
        reverse("admin:members_leadershiprole_add"),
        {"person": third.pk, "kind": "gatekeeper", "started_on": "2026-11-25"},
    )
    assert response.status_code == 200
    assert "never more than two" in response.content.decode()
    assert not LeadershipRole.objects.filter(person=third).exists()
    assert Person.objects.filter(pk=third.pk).exists()
