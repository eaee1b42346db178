"""The header navigation by role: an entry shows when its page exists and the role may use it."""

from __future__ import annotations

from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

from .access import Roles

# (label, url name, who sees it). Later apps' entries appear once their URLs exist.
NAV: list[tuple[str, str, Callable[[Roles], bool]]] = [
    ("Home", "home", lambda r: r.authenticated),
    ("Requests", "inbox:queue", lambda r: r.is_gatekeeper or r.is_chair),
    (
        "Your requests",
        "inbox:mine",
        lambda r: r.is_general_practice and not (r.is_gatekeeper or r.is_chair),
    ),
    ("Meetings", "decisions:meeting-list", lambda r: r.is_general_practice),
    ("Decisions", "decisions:decision-list", lambda r: r.is_general_practice),
    ("Priorities", "priorities:priority-list", lambda r: r.is_general_practice),
    ("Representation", "representation:overview", lambda r: r.is_general_practice),
    ("Dashboard", "home:dashboard", lambda r: r.is_leadership),
    ("The group", "members:group", lambda r: r.is_general_practice),
    ("Organisations", "members:directory", lambda r: r.is_general_practice),
    ("Submit a request", "inbox:request-new", lambda r: r.is_system_partner),
]


def nav_items(roles: Roles, current_path: str) -> list[dict]:
    items = []
    for label, name, visible in NAV:
        if not visible(roles):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
