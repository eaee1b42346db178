"""Every URL pattern × every role: the expected outcome, and the harness checking itself."""

from __future__ import annotations

import sys
import types

import pytest
from django.test import override_settings
from django.urls import URLPattern, URLResolver, clear_url_caches, get_resolver, path, reverse

from .permission_matrix import (
    LOGIN,
    REDIRECT,
    all_expectations,
    expectation_for,
    missing_expectations,
    url_names,
)
from .world import ROLES

EXPECTATIONS = all_expectations()
DUMMY = {"int": 1, "str": "x", "slug": "x", "uuid": "00000000-0000-0000-0000-000000000001"}


def _pattern(name: str, resolver=None, namespace: str = "") -> URLPattern | None:
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found = _pattern(name, entry, inner)
            if found:
                return found
        elif f"{namespace}{entry.name}" == name:
            return entry
    return None


def _auto_kwargs(name: str) -> dict:
    pattern = _pattern(name)
    converters = getattr(pattern.pattern, "converters", {})
    kwargs = {}
    for key, converter in converters.items():
        kind = converter.__class__.__name__.replace("Converter", "").lower()
        kwargs[key] = DUMMY.get(kind, "x")
    for key in pattern.pattern.regex.groupindex:
        kwargs.setdefault(key, "1")
    if name.startswith("admin:") and "app_label" in kwargs:
        kwargs["app_label"] = "members"
    return kwargs


def test_every_url_has_an_expectation():
    assert missing_expectations(url_names(), EXPECTATIONS) == []


def test_every_url_is_named():
    # Only the admin's own catch-all may be unnamed.
    assert [n for n in url_names() if "<unnamed" in n and not n.startswith("admin:")] == []


urlpatterns_with_a_new_page = [path("brand-new-page/", lambda request: None, name="brand-new")]


def test_harness_fails_when_a_url_is_added_without_an_expectation():
    module = types.ModuleType("tests_extra_urls")
    module.urlpatterns = [*get_resolver().url_patterns, *urlpatterns_with_a_new_page]
    sys.modules["tests_extra_urls"] = module
    try:
        with override_settings(ROOT_URLCONF="tests_extra_urls"):
            clear_url_caches()
            names = url_names()
            assert "brand-new" in names
            assert missing_expectations(names, EXPECTATIONS) == ["brand-new"]
    finally:
        clear_url_caches()
        del sys.modules["tests_extra_urls"]


def test_harness_rejects_an_expectation_that_forgets_a_role():
    from .permission_matrix import Expect

    with pytest.raises(ValueError, match="lacks roles"):
        Expect({"anonymous": 302})


@pytest.mark.parametrize("name", url_names())
def test_permission_matrix(name, world, client):
    expect = expectation_for(name, EXPECTATIONS)
    assert expect is not None, f"{name} has no expectation"
    kwargs = expect.kwargs(world) if expect.kwargs else {}
    if expect.kwargs is None and "<unnamed" not in name:
        kwargs = _auto_kwargs(name)
    url = "/admin/no-such-page/" if "<unnamed" in name else reverse(name, kwargs=kwargs)
    seen = {}
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(
                world.users[role], backend="django.contrib.auth.backends.ModelBackend"
            )
        send = client.post if expect.method == "post" else client.get
        response = send(url, data=expect.data(world))
        if response.status_code == 302:
            location = response["Location"]
            seen[role] = LOGIN if location.startswith(reverse("login")) else REDIRECT
        else:
            seen[role] = response.status_code
    assert seen == expect.outcomes, f"{name} ({url})"
