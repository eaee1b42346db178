"""Hostile search and filter parameters on every list page, export and dashboard (plain and
htmx): never a 500, whatever the query string holds."""

from __future__ import annotations

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from .forms_probe import explain
from .hostile import BOUNDED, nasty_text, signed_in

SEARCH_PAGES = {
    "inbox:queue": ("gatekeeper", ["q", "status", "route", "partner", "priority", "sort", "page"]),
    "decisions:decision-list": ("chair", ["q", "status", "priority", "organisation", "year"]),
    "decisions:decision-export": ("chair", ["q", "status", "priority", "organisation", "year"]),
    "decisions:commitment-list": ("chair", ["organisation", "page"]),
    "representation:feedback-list": ("representative", ["q", "page"]),
    "representation:action-list": ("representative", ["owner", "status", "overdue", "page"]),
    "members:directory": ("chair", ["page"]),
    "members:audit-list": ("chair", ["action", "page"]),
    "members:audit-export": ("chair", ["action"]),
    "home:dashboard": ("chair", ["starts_on", "ends_on"]),
    "home:digest-preview": ("chair", ["practice", "format"]),
    "members:notifications": ("practice_contact", ["page"]),
}


@pytest.mark.parametrize("name", sorted(SEARCH_PAGES))
@settings(BOUNDED, max_examples=10)  # read-only pages: fewer examples each, twelve pages
@given(data=st.data())
def test_hostile_search_and_filter_parameters_never_break_a_page(name, data, world):
    role, params = SEARCH_PAGES[name]
    client = signed_in(world, role)
    query = data.draw(
        st.dictionaries(st.sampled_from(params), st.one_of(nasty_text, st.lists(nasty_text))),
        label="query",
    )
    htmx = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    response = client.get(reverse(name), query, **htmx)
    assert response.status_code < 500, explain(response)
