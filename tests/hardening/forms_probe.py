"""Helpers for the hostile-input tests: read a page's form, count rows, post and check."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps
from django.db import connection

PROJECT_APPS = ("members", "inbox", "decisions", "priorities", "representation", "home")


@dataclass
class FormSpec:
    """The fields of one HTML form: a valid-looking default per name, and the choices offered."""

    action: str
    defaults: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[FormSpec] = []
        self._form: FormSpec | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self._form = FormSpec(action=a.get("action") or a.get("hx-post") or "")
            self.forms.append(self._form)
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
                return
            if kind == "file":
                self._form.files.append(name)
            elif kind in ("checkbox", "radio"):
                self._form.choices.setdefault(name, []).append(a.get("value") or "on")
                if "checked" in a or name not in self._form.defaults:
                    self._form.defaults[name] = [a.get("value") or "on"]
            else:
                self._form.defaults[name] = [a.get("value") or ""]
        elif tag == "textarea" and name:
            self._textarea = name
            self._form.defaults[name] = [""]
        elif tag == "select" and name:
            self._select, self._select_first = name, None
            self._form.choices[name] = []
        elif tag == "option" and self._select:
            value = a.get("value", "")
            self._form.choices[self._select].append(value)
            if "selected" in a or (value and self._select not in self._form.defaults):
                self._form.defaults[self._select] = [value]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._form is not None and self._textarea:
            self._form.defaults[self._textarea] = [data]


def read_form(html: str, action: str) -> FormSpec:
    """The POST form of a page that sends to `action` (or the biggest one when none matches)."""
    reader = _FormReader()
    reader.feed(html)
    matching = [f for f in reader.forms if f.action.split("#")[0] == action]
    candidates = matching or [f for f in reader.forms if f.action in ("", action)]
    assert candidates, f"no POST form sending to {action}"
    return max(candidates, key=lambda f: len(f.defaults) + len(f.files))


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models()
    }


def explain(response) -> str:
    info = getattr(response, "exc_info", None)
    return "".join(traceback.format_exception(*info)) if info else response.content[:2000].decode()


def sqlite_overflow(response) -> bool:
    """SQLite alone cannot take a 20-digit id in Django's own ModelChoiceField lookups
    (OverflowError); PostgreSQL, which production and CI run, answers them with a 422."""
    info = getattr(response, "exc_info", None)
    return connection.vendor == "sqlite" and bool(info) and issubclass(info[0], OverflowError)


def post_and_check(client, url: str, data, **extra):
    """Post; never a 500; a refusal (4xx) leaves every table of the project as it was."""
    before = row_counts()
    response = client.post(url, data, **extra)
    if sqlite_overflow(response):
        assert row_counts() == before
        return response
    assert response.status_code < 500, explain(response)
    if 400 <= response.status_code < 500:
        after = row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert not changed, f"{url} answered {response.status_code} but wrote {changed}"
    return response
