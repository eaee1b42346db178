"""The permission matrix harness: every URL pattern, every role, the expected outcome.

Each app keeps its expectations in `tests/<app>/matrix.py` as `EXPECTATIONS`, a dict from the
qualified URL name (`namespace:name`) to an `Expect`. `missing_expectations()` lists patterns
with none, so a new URL without an expectation fails `test_every_url_has_an_expectation`.

Outcomes: an HTTP status (200, 403, 404, 405...), LOGIN (302 to the login page) or
REDIRECT (302 anywhere else).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver

from .world import ROLES

LOGIN = "login"
REDIRECT = "redirect"
APPS = ("members", "inbox", "decisions", "priorities", "representation", "home", "bench")


@dataclass(frozen=True)
class Expect:
    outcomes: dict[str, int | str]
    kwargs: Callable = field(default=lambda world: {})
    method: str = "get"
    data: Callable = field(default=lambda world: {})

    def __post_init__(self) -> None:
        missing = set(ROLES) - set(self.outcomes)
        if missing:
            raise ValueError(f"Expectation lacks roles: {sorted(missing)}")


def outcomes(default: int | str, anonymous: int | str = LOGIN, **per_role) -> dict:
    """Every role gets `default` but anonymous (LOGIN) and any role named in `per_role`."""
    result = dict.fromkeys(ROLES, default)
    result["anonymous"] = anonymous
    result.update(per_role)
    return result


def general_practice(allowed: int | str = 200, **per_role) -> dict:
    """Pages for anyone in general practice: system partners are refused."""
    return outcomes(allowed, system_partner=403, **per_role)


def url_names(resolver: URLResolver | None = None, namespace: str = "") -> list[str]:
    """Every URL pattern's qualified name; an unnamed pattern is reported by its route."""
    resolver = resolver or get_resolver()
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            names.extend(url_names(entry, inner))
        elif isinstance(entry, URLPattern):
            names.append(f"{namespace}{entry.name or f'<unnamed {entry.pattern}>'}")
    return sorted(set(names))


def all_expectations() -> dict[str, Expect]:
    merged: dict[str, Expect] = {}
    for app in APPS:
        try:
            module = importlib.import_module(f"tests.{app}.matrix")
        except ModuleNotFoundError as error:
            if error.name != f"tests.{app}.matrix" and error.name != f"tests.{app}":
                raise
            continue
        merged.update(module.EXPECTATIONS)
    return merged


def expectation_for(name: str, expectations: dict[str, Expect]) -> Expect | None:
    if name in expectations:
        return expectations[name]
    namespace = name.split(":")[0] + ":*"
    return expectations.get(namespace)


def missing_expectations(names: list[str], expectations: dict[str, Expect]) -> list[str]:
    return [name for name in names if expectation_for(name, expectations) is None]
