"""Hostile input on every form and htmx endpoint: never a 500, and a refusal writes nothing.

Each endpoint's page is read once to learn its form (field names, choices, formset management
fields); hypothesis then posts variations: each field kept, replaced by nasty text (very long,
control characters, NUL, right-to-left marks, emoji, SQL and HTML fragments, unicode digits),
left out, sent twice, or given someone else's id; plus stray fields, htmx or not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from decisions import services as decision_services
from inbox.models import Route, Status
from priorities.models import VotingMethod

from ..decisions.factories import AgendaItemFactory, MeetingFactory, open_decision
from ..inbox.factories import PaperRecipientFactory, SystemRequestFactory
from ..priorities.factories import PriorityFactory, VotingRoundFactory
from ..representation.conftest import make_body, make_lead
from ..representation.factories import ActionFactory, OccurrenceFactory, SystemMeetingFactory
from .forms_probe import FormSpec, explain, post_and_check, read_form

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"

BOUNDED = settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis/ folder in the checkout
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
class Endpoint:
    role: str
    setup: Callable  # world -> (page url, [target urls])
    valid: Callable = field(default=lambda world: {})  # a submission that should be accepted
    ids: Callable = field(default=lambda world: {})  # field -> someone else's / wrong ids
    fresh: bool = False  # set up again for every example (the action changes its object)


def _request_new(world):
    url = reverse("inbox:request-new")
    return url, [url]


def _request_valid(world):
    return {
        "partner": str(world.icb.pk),
        "requester_name": "Sam",
        "requester_email": "sam@nhs.net",
        "title": "A title",
        "ask": "An ask",
        "why_general_practice": "Because",
        "impact": "Some",
        "respond_by": (dt.date.today() + dt.timedelta(days=30)).isoformat(),
        "website": "",
    }


def _request_log(world):
    url = reverse("inbox:request-log")
    return url, [url]


def _request_log_valid(world):
    return {**_request_valid(world), "channel": "email", "approached_via": str(world.practice.pk)}


def _triage(world):
    item = SystemRequestFactory(partner=world.icb)
    page = reverse("inbox:request-detail", args=[item.pk])
    return page, [reverse("inbox:request-triage", args=[item.pk])]


def _triage_valid(world):
    return {"seen_status": Status.NEW, "route": Route.MESSAGE, "response": "Thank you."}


def _link(world):
    item = SystemRequestFactory(partner=world.icb)
    page = reverse("inbox:request-detail", args=[item.pk])
    return page, [
        reverse("inbox:request-link", args=[item.pk]),
        reverse("inbox:request-close", args=[item.pk]),
    ]


def _link_ids(world):
    other = SystemRequestFactory(partner=world.icb)
    return {"other": [f"R-{other.pk:04d}", str(other.pk), "R-²", "r-٣", "9" * 40]}


def _track(world):
    item = SystemRequestFactory(
        partner=world.icb,
        status=Status.AWAITING_REQUESTER,
        route=Route.MORE_WORK,
        questions="How many?",
    )
    url = reverse("inbox:track", args=[item.token])
    return url, [url, reverse("inbox:track", args=["x" * 43])]


def _paper(world):
    recipient = PaperRecipientFactory(
        request__partner=world.icb, person=world.people["pcn_clinical_director"]
    )
    url = reverse("inbox:paper", args=[recipient.request_id])
    return url, [url]


def _position(world):
    decision = open_decision(world)
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [
        reverse("decisions:position-record", args=[decision.pk, world.pcn.seat.pk]),
        reverse("decisions:position-record", args=[decision.pk, world.other_pcn.seat.pk]),
        reverse("decisions:position-record", args=[decision.pk, 10**12]),
    ]


def _position_valid(world):
    return {f"seat{world.pcn.seat.pk}-round": "1", f"seat{world.pcn.seat.pk}-stance": "support"}


def _chair_on_decision(world):
    decision = open_decision(world)
    agreed = open_decision(world, title="Agreed one")
    round_ = agreed.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        decision_services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    decision_services.decision_agree(decision=agreed, agreed_by=world.users["chair"])
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [
        reverse("decisions:decision-round-new", args=[decision.pk]),
        reverse("decisions:decision-publish", args=[agreed.pk]),
    ]


def _published(world):
    decision = open_decision(world)
    round_ = decision.rounds.get()
    for seat in (world.pcn.seat, world.other_pcn.seat):
        decision_services.position_record(
            round_=round_, seat=seat, stance="support", recorded_by=world.users["chair"]
        )
    decision_services.decision_agree(decision=decision, agreed_by=world.users["chair"])
    return decision_services.decision_publish(decision=decision, summary="Done.", published_by=None)


def _acknowledge(world):
    decision = _published(world)
    page = reverse("decisions:decision-detail", args=[decision.pk])
    return page, [reverse("decisions:decision-acknowledge", args=[decision.pk])]


def _acknowledge_ids(world):
    others = [str(world.other_practice.pk), str(world.practice.pk), "abc", "²", "1.5", "9" * 40]
    return {"practice": others}


def _decision_create(world):
    url = reverse("decisions:decision-create")
    return url, [url, url + f"?item={AgendaItemFactory().pk}"]


def _commitment_add(world):
    decision = _published(world)
    url = reverse("decisions:commitment-add", args=[decision.pk])
    return url, [url]


def _meeting_forms(world):
    meeting = MeetingFactory()
    item = AgendaItemFactory(meeting=meeting)
    return reverse("decisions:meeting-create"), [
        reverse("decisions:meeting-create"),
        reverse("decisions:agenda-item-add", args=[meeting.pk]),
        reverse("decisions:agenda-item-edit", args=[item.pk]),
        reverse("decisions:agenda-item-notes", args=[item.pk]),
        reverse("decisions:attendance-record", args=[meeting.pk]),
    ]


def _ballot(world):
    targets = []
    for method in VotingMethod.values:
        voting_round = VotingRoundFactory(method=method, points_budget=10)
        own = reverse("priorities:ballot-cast", args=[voting_round.pk, world.practice.pk])
        targets.append((own, own))
    pk = voting_round.pk
    targets.append(reverse("priorities:ballot-cast", args=[pk, world.other_practice.pk]))
    targets.append(reverse("priorities:ballot-cast", args=[pk, 10**15]))
    return own, targets


def _priority_forms(world):
    priority = PriorityFactory()
    return reverse("priorities:priority-create"), [
        reverse("priorities:priority-create"),
        reverse("priorities:priority-edit", args=[priority.pk]),
        reverse("priorities:round-create"),
    ]


def _briefing(world):
    make_lead(world)
    occurrence = OccurrenceFactory(meeting=make_body(world))
    elsewhere = OccurrenceFactory(meeting=SystemMeetingFactory())
    url = reverse("representation:briefing", args=[occurrence.pk])
    return url, [url, reverse("representation:briefing", args=[elsewhere.pk])]


def _feedback(world):
    make_lead(world)
    past = dt.date.today() - dt.timedelta(days=1)
    occurrence = OccurrenceFactory(meeting=make_body(world), date=past)
    elsewhere = OccurrenceFactory(meeting=SystemMeetingFactory(), date=past)
    url = reverse("representation:feedback-create", args=[occurrence.pk])
    return url, [url, reverse("representation:feedback-create", args=[elsewhere.pk])]


def _feedback_valid(world):
    return {"discussed": "The winter plan."}


def _person_ids(world):
    ids = [str(p.pk) for p in world.people.values()]
    return {f"action-{i}-owner": [*ids, "abc", "²"] for i in range(3)}


def _action(world):
    make_lead(world)
    mine = ActionFactory(owner=world.people["representative"])
    theirs = ActionFactory(owner=world.people["admin_support"])
    return reverse("representation:action-list"), [
        reverse("representation:action-update", args=[mine.pk]),
        reverse("representation:action-update", args=[theirs.pk]),
    ]


def _body_forms(world):
    make_lead(world)
    body = make_body(world)
    return reverse("representation:body-create"), [
        reverse("representation:body-create"),
        reverse("representation:body-detail", args=[body.pk]),
        reverse("representation:body-representatives", args=[body.pk]),
        reverse("representation:review-history", args=[world.people["representative"].pk]),
    ]


def _import(world):
    url = reverse("members:import-new")
    return url, [url]


def _profile(world):
    url = reverse("members:profile")
    return url, [url]


ENDPOINTS: dict[str, Endpoint] = {
    "request-new": Endpoint("anonymous", _request_new, valid=_request_valid),
    "request-log": Endpoint("practice_contact", _request_log, valid=_request_log_valid),
    "triage": Endpoint("gatekeeper", _triage, valid=_triage_valid, fresh=True),
    "link-and-close": Endpoint("gatekeeper", _link, ids=_link_ids),
    "track-answer": Endpoint("anonymous", _track),
    "paper-response": Endpoint("pcn_clinical_director", _paper),
    "position": Endpoint("pcn_clinical_director", _position, valid=_position_valid),
    "round-and-publish": Endpoint("chair", _chair_on_decision),
    "acknowledge": Endpoint("practice_contact", _acknowledge, ids=_acknowledge_ids),
    "decision-create": Endpoint("chair", _decision_create),
    "commitment-add": Endpoint("chair", _commitment_add),
    "meetings-and-agenda": Endpoint("chair", _meeting_forms),
    "ballot": Endpoint("practice_contact", _ballot),
    "priorities-and-rounds": Endpoint("chair", _priority_forms),
    "briefing": Endpoint("representative", _briefing),
    "feedback": Endpoint("representative", _feedback, valid=_feedback_valid, ids=_person_ids),
    "action-update": Endpoint("representative", _action),
    "meetings-represented": Endpoint("pcn_clinical_director", _body_forms),
    "register-import": Endpoint("admin_support", _import),
    "profile": Endpoint("practice_contact", _profile),
}


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


@pytest.fixture
def setups():
    return {}


@pytest.mark.parametrize("name", sorted(ENDPOINTS))
@BOUNDED
@given(data=st.data())
def test_hostile_submissions_never_break_and_refusals_write_nothing(
    name, data, world, setups, settings, tmp_path
):
    endpoint = ENDPOINTS[name]
    settings.IMPORTS_DIR = tmp_path / "imports"
    cache.clear()  # the public form's rate limit would answer 429 to everything after ten
    if endpoint.fresh or name not in setups:
        client = Client(raise_request_exception=False)
        if endpoint.role != "anonymous":
            client.force_login(
                world.users[endpoint.role], backend="django.contrib.auth.backends.ModelBackend"
            )
        page, targets = endpoint.setup(world)
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
        setups[name] = (client, specs, endpoint.valid(world), endpoint.ids(world))
    client, specs, valid, ids = setups[name]
    target = data.draw(st.sampled_from(sorted(specs)), label="target")
    fields, files, stray = data.draw(_payload(specs[target], valid, ids), label="payload")
    payload = {**stray, **{k: v for k, v in fields.items() if v is not None}}
    payload |= {k: v for k, v in files.items() if v is not None}
    extra = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    response = post_and_check(client, target, payload, **extra)
    event(f"{target.split('/')[1]} answered {response.status_code}")


def test_a_forged_formset_count_builds_a_bounded_page(world, django_assert_max_num_queries):
    """Found by this suite: TOTAL_FORMS=99999 made the feedback page build 2,000 rows (17 s,
    2,011 queries, 4 MB). The formsets are capped; the refusal says what happened."""
    make_lead(world)
    past = dt.date.today() - dt.timedelta(days=1)
    occurrence = OccurrenceFactory(meeting=make_body(world), date=past)
    client = Client(raise_request_exception=False)
    client.force_login(world.users["representative"], backend=MODEL_BACKEND)
    forged = {"discussed": "x", "action-INITIAL_FORMS": "0", "agreement-INITIAL_FORMS": "0"}
    forged |= {"action-TOTAL_FORMS": "99999", "agreement-TOTAL_FORMS": "2000"}
    url = reverse("representation:feedback-create", args=[occurrence.pk])
    with django_assert_max_num_queries(150):
        response = post_and_check(client, url, forged)
    assert response.status_code == 422
    assert len(response.content) < 200_000
    assert "Reload the page and try again" in response.content.decode()


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
@BOUNDED
@given(data=st.data())
def test_hostile_search_and_filter_parameters_never_break_a_page(name, data, world):
    role, params = SEARCH_PAGES[name]
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role], backend=MODEL_BACKEND)
    query = data.draw(
        st.dictionaries(st.sampled_from(params), st.one_of(nasty_text, st.lists(nasty_text))),
        label="query",
    )
    htmx = {"HTTP_HX_REQUEST": "true"} if data.draw(st.booleans(), label="htmx") else {}
    response = client.get(reverse(name), query, **htmx)
    assert response.status_code < 500, explain(response)
