"""Test clients of the hardening suite: answers, not exceptions, and no login lockout."""

from __future__ import annotations

from django.test import Client

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(user=None, **kwargs) -> Client:
    """A client that reads error pages instead of raising, signed in as the user (if any)."""
    client = Client(raise_request_exception=False, **kwargs)
    if user is not None:
        client.force_login(user, backend=MODEL_BACKEND)
    return client
