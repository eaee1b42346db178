"""Helpers for the hostile-input tests: read a page's form, count rows, post and check."""

from __future__ import annotations

import traceback
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.apps import apps

PROJECT_APPS = ("members", "inbox", "decisions", "priorities", "representation", "home")


@dataclass
class FormSpec:
    """The fields of one HTML form: a valid-looking default per name, and the choices offered."""

    action: str
    defaults: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    unticked: set[str] = field(default_factory=set)  # checkbox or radio names with none ticked

    def as_browser_sends(self) -> dict[str, list[str]]:
        """The defaults a browser would send: no value for a box or radio nobody ticked."""
        return {k: v for k, v in self.defaults.items() if k not in self.unticked}


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
                if name not in self._form.defaults:
                    self._form.unticked.add(name)
                if "checked" in a:
                    self._form.unticked.discard(name)
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


class _ErrorReader(HTMLParser):
    """The error messages of a page: the summary's text and where its links go, and the
    messages beside fields, with every element id and each element's aria-describedby."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.described: dict[str, str] = {}
        self.summary_text = ""
        self.links: list[tuple[str, str]] = []  # (href, text) in the summary
        self.beside: list[tuple[str, str]] = []  # (id of the message, text)
        self._depth = 0  # inside an error summary's body: the depth of its element
        self._open: list[list] = []  # [tag, kind, key, text, depth] being read

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if a.get("id"):
            self.ids.add(a["id"])
            if a.get("aria-describedby"):
                self.described[a["id"]] = a["aria-describedby"]
        if self._depth:
            self._depth += 1
        elif "nhsuk-error-summary__body" in classes:
            self._depth = 1
        for item in self._open:  # the same tag nested inside: its end is not the item's
            item[4] += item[0] == tag
        if self._depth and tag == "a":
            self._open.append([tag, "link", a.get("href", ""), "", 1])
        if "nhsuk-error-message" in classes:
            self._open.append([tag, "beside", a.get("id", ""), "", 1])

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
        for item in self._open:
            item[4] -= item[0] == tag
        while self._open and self._open[-1][4] <= 0:
            _, kind, key, text, _ = self._open.pop()
            (self.links if kind == "link" else self.beside).append((key, text.strip()))

    def handle_data(self, data):
        if self._depth:
            self.summary_text += data
        for item in self._open:
            item[3] += data


def assert_refusal_says_why(response, fields=()) -> None:
    """A 422 shows at least one message; a message about a field is tied to that field (the
    summary links to its control, the message beside it has an id its control or form names
    in aria-describedby) and the field is one the form has."""
    page = _ErrorReader()
    page.feed(response.content.decode(errors="replace"))
    where = response.request["PATH_INFO"]
    said = page.summary_text.strip() or any(text for _, text in page.beside)
    assert said, f"{where} answered 422 without a message"
    for href, text in page.links:
        assert href.startswith("#") and href[1:] in page.ids, (where, href, text)
    for message_id, text in page.beside:
        about = message_id.removesuffix("-error")
        if f"{about}_0" in page.ids:  # radios and checkboxes: one control per choice
            about = f"{about}_0"
        assert message_id.endswith("-error") and about in page.ids, (where, message_id, text)
        if about in page.described:
            assert message_id in page.described[about].split(), (where, about, text)
        if fields and about.startswith("id_"):
            name = about.removeprefix("id_")
            assert any(name == f or name.startswith(f"{f}_") for f in fields), (where, name)


def post_and_check(client, url: str, data, *, fields=(), **extra):
    """Post; never a 500; a refusal (4xx) leaves every table of the project as it was, and a
    422 says why, on the field (one of `fields`, the form's own, when given)."""
    before = row_counts()
    response = client.post(url, data, **extra)
    assert response.status_code < 500, explain(response)
    if 400 <= response.status_code < 500:
        after = row_counts()
        changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
        assert not changed, f"{url} answered {response.status_code} but wrote {changed}"
    if response.status_code == 422:
        assert_refusal_says_why(response, fields)
    return response
