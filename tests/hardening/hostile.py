"""The hostile-input driver the test_properties_* files share: strategies, endpoints, checks.

Each endpoint's page is read once to learn its form (field names, choices, formset management
fields); hypothesis then posts variations: each field kept, replaced by nasty text (very long,
control characters, NUL, right-to-left marks, emoji, SQL and HTML fragments, unicode digits),
left out, sent twice, or given someone else's id; plus stray fields, htmx or not. Every
endpoint also has one valid submission that must be accepted and write what it should.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, Phase, event, given, settings
from hypothesis import strategies as st

from .clients import client_for
from .forms_probe import FormSpec, explain, post_and_check, read_form

# Bounded so the whole hardening folder stays near 90 s on PostgreSQL. No shrinking: a failing
# example is reported as drawn (each draw is small), instead of minutes spent shrinking it.
BOUNDED = settings(
    max_examples=15,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

FRAGMENTS = [
    "\x00",
    "a\x00b",
    "\x07\x08\x1b[31m",
    "\u202eevil\u202c",
    "\u200f\u200e\u2066",
    "😀👩🏽‍⚕️🏳️‍🌈",
    "'; DROP TABLE inbox_request; --",
    "1 OR 1=1",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ request }}{% debug %}",
    '=HYPERLINK("http://evil","x")',
    "\r\n\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "²",
    "٣٤",
    "9" * 40,
    "9" * 20,
    "-1",
    "0",
    "1e309",
    "NaN",
    "2027-02-30",
    "31/12/9999",
    "R-²",
    "R-" + "9" * 30,
    "",
    " ",
]

nasty_text = st.one_of(
    st.sampled_from(FRAGMENTS),
    st.text(max_size=80),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=10)), max_size=6).map("".join),
    st.integers(min_value=1_000, max_value=20_000).map(lambda n: ("é𝔘\u202e<" * n)[:n]),
    st.integers().map(str),
)

uploads = st.builds(
    lambda head, body, name: SimpleUploadedFile(name, head + body),
    st.sampled_from(
        [b"", b"%PDF-1.4\n", b"<html><script>", b"PK\x03\x04", b"MZ\x90\x00", b"a,b\n"]
    ),
    st.binary(max_size=300),
    st.sampled_from(["a.pdf", "a.csv", "a.zip", "../../x.html", "\u202efdp.exe", "x" * 300]),
)


@dataclass
class Accept:
    """One valid submission: post `data` over the form `page` shows for `target`, then
    `written()` asserts what it wrote."""

    page: str
    target: str
    data: dict
    written: Callable[[], None]
    files: dict = field(default_factory=dict)


@dataclass
class Endpoint:
    role: str
    setup: Callable  # world -> (page url, [target urls, or (page, target) pairs])
    accept: Callable  # world -> Accept
    valid: Callable = field(default=lambda world: {})  # values that should be accepted
    ids: Callable = field(default=lambda world: {})  # field -> someone else's / wrong ids
    fresh: bool = False  # set up again for every example (the action changes its object)


def signed_in(world, role: str) -> Client:
    return client_for(None if role == "anonymous" else world.users[role])


def _values(spec: FormSpec, name: str, valid: dict, ids: dict):
    """One field: kept, nasty, missing, duplicated, another offered choice or someone else's id."""
    default = valid.get(name, spec.defaults.get(name, [""]))
    default = default if isinstance(default, list) else [default]
    options = [*spec.choices.get(name, []), *ids.get(name, [])]
    one = st.one_of(nasty_text, st.sampled_from(options)) if options else nasty_text
    return st.one_of(
        st.just(default),
        st.just(default),
        one.map(lambda v: [v]),
        st.none(),
        st.lists(one, min_size=2, max_size=3),
    )


def _payload(spec: FormSpec, valid: dict, ids: dict):
    names = sorted({*spec.defaults, *spec.choices, *valid, *ids})
    fields = {name: _values(spec, name, valid, ids) for name in names}
    files = {name: st.one_of(st.none(), uploads) for name in spec.files}
    stray = st.dictionaries(st.sampled_from(["id", "pk", "user", "status", "x"]), nasty_text)
    return st.tuples(st.fixed_dictionaries(fields), st.fixed_dictionaries(files), stray)


def _read_targets(client: Client, page: str, targets) -> dict[str, FormSpec]:
    html = client.get(page).content.decode()
    specs = {}
    for target in targets:
        if isinstance(target, tuple):  # a target with its own page
            target_page, target = target
            html = client.get(target_page).content.decode()
        try:
            specs[target] = read_form(html, target.split("?")[0])
        except AssertionError:  # a page without that form (refused, or a bare action)
            specs[target] = FormSpec(action=target)
    return specs


def hostile_submission(name: str, endpoint: Endpoint, data, world, setups: dict) -> None:
    """Draw one hostile post for an endpoint: never a 500, a refusal writes nothing, and a
    422 shows a message on the field."""
    cache.clear()  # the public form's rate limit would answer 429 to everything after ten
    if endpoint.fresh or name not in setups:
        client = signed_in(world, endpoint.role)
        page, targets = endpoint.setup(world)
        specs = _read_targets(client, page, targets)
        setups[name] = (client, specs, endpoint.valid(world), endpoint.ids(world))
    client, specs, valid, ids = setups[name]
    target = data.draw(st.sampled_from(sorted(specs)), label="target")
    spec = specs[target]
    fields, files, stray = data.draw(_payload(spec, valid, ids), label="payload")
    # An empty body is drawn too: views bind by method (members.submission), so an empty POST
    # is a submission with every required field missing, answered with their messages.
    payload = dict(stray)
    payload |= {k: v for k, v in fields.items() if v is not None}
    payload |= {k: v for k, v in files.items() if v is not None}
    extra = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    names = [*spec.defaults, *spec.choices, *spec.files]
    response = post_and_check(client, target, payload, fields=names, **extra)
    event(f"{target.split('/')[1]} answered {response.status_code}")


def accepted_submission(endpoint: Endpoint, world, *, htmx: bool = False) -> None:
    """The endpoint's valid submission, over the defaults its page's form offers, is accepted
    (200 or a redirect) and writes what it should."""
    cache.clear()
    client = signed_in(world, endpoint.role)
    case = endpoint.accept(world)
    spec = read_form(client.get(case.page).content.decode(), case.target.split("?")[0])
    payload = {**spec.as_browser_sends(), **case.data, **case.files}
    extra = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.post(case.target, payload, **extra)
    assert response.status_code in (200, 302), explain(response)
    if response.status_code == 200:
        assert "nhsuk-error-summary" not in response.content.decode(), explain(response)
    case.written()


def endpoint_tests(endpoints: dict[str, Endpoint]):
    """The two tests every hardening module runs over its endpoints: hostile submissions, and
    one valid submission of each. Assign them to `test_…` names in the module."""

    @pytest.mark.parametrize("name", sorted(endpoints))
    @BOUNDED
    @given(data=st.data())
    def hostile(name, data, world, setups):
        hostile_submission(name, endpoints[name], data, world, setups)

    @pytest.mark.parametrize("name", sorted(endpoints))
    def valid(name, world):
        accepted_submission(endpoints[name], world)

    return hostile, valid
