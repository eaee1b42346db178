"""Accounts: log in, lockout after repeated failures, password reset by email."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_with_the_right_password(world, client):
    response = client.post(
        reverse("login"), {"username": "chair", "password": "correct-horse-battery"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_wrong_password_says_so_plainly(world, client):
    response = client.post(reverse("login"), {"username": "chair", "password": "wrong"})
    assert response.status_code == 200
    assert "was not right" in response.content.decode()


def test_lockout_after_five_failures_even_with_the_right_password(world, client):
    for _ in range(5):
        client.post(reverse("login"), {"username": "chair", "password": "wrong"})
    response = client.post(
        reverse("login"), {"username": "chair", "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


def test_password_reset_by_email(world, client):
    response = client.post(reverse("password_reset"), {"email": world.users["chair"].email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {
            "new_password1": "A-new-long-passphrase-2026",
            "new_password2": "A-new-long-passphrase-2026",
        },
    )
    assert done.status_code == 302
    world.users["chair"].refresh_from_db()
    assert world.users["chair"].check_password("A-new-long-passphrase-2026")


def test_logout_is_a_post(world, login):
    client = login(world.users["chair"])
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302
