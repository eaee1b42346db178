"""The header navigation by role: an entry shows when its page exists and the role may use it."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse

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


# The header's account links, shown to everyone signed in.
ACCOUNT = ["members:notifications", "members:profile", "logout"]

_URLS: dict[tuple, dict[str, str | None]] = {}


def _nav_urls() -> dict[str, str | None]:
    """Each entry's path, reversed once per URLconf and script prefix (not on every page)."""
    key = (settings.ROOT_URLCONF, get_urlconf(), get_script_prefix())
    urls = _URLS.get(key)
    if urls is None:
        urls = {}
        for name in [*(name for _label, name, _visible in NAV), *ACCOUNT]:
            try:
                urls[name] = reverse(name)
            except NoReverseMatch:
                urls[name] = None
        _URLS[key] = urls
    return urls


def account_urls() -> dict[str, str | None]:
    """The header's account links by name without the app label: notifications, profile, logout."""
    urls = _nav_urls()
    return {name.rpartition(":")[2]: urls[name] for name in ACCOUNT}


def nav_items(roles: Roles, current_path: str) -> list[dict]:
    items = []
    urls = _nav_urls()
    for label, name, visible in NAV:
        url = urls[name]
        if url is None or not visible(roles):
            continue
        current = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "current": current})
    return items
