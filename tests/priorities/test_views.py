"""Pages of priorities: ballots, rounds, results, adoption and exports."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Organisation, OrganisationKind
from priorities import selectors, services
from priorities.models import Ballot, BallotChoice, Priority, VotingRound

from .factories import PriorityFactory, VotingRoundFactory, ballot_url


def test_a_contact_casts_a_ranked_ballot_from_the_form(world, ranked_round, login):
    a, b, *_ = ranked_round.candidates.order_by("title")
    client = login(world.users["practice_contact"])
    page = client.get(ballot_url(ranked_round, world.practice))
    assert page.status_code == 200
    assert b"Rank up to 3 priorities" in page.content
    response = client.post(
        ballot_url(ranked_round, world.practice),
        {f"candidate_{a.id}": "1", f"candidate_{b.id}": "2", "suggestion": "Estates"},
    )
    assert response.status_code == 302
    ballot = Ballot.objects.get()
    assert dict(ballot.choices.values_list("priority_id", "rank")) == {a.id: 1, b.id: 2}
    assert ballot.suggestion == "Estates"


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        ({0: "1", 1: "1"}, "You gave rank 1 to more than one priority."),
        ({0: "1", 1: "2", 2: "3", 3: "3"}, "You picked 4 priorities: pick at most 3."),
        ({}, "Your ballot is empty"),
    ],
)
def test_an_invalid_ballot_comes_back_as_422_with_the_reason(
    world, ranked_round, login, marks, expected
):
    candidates = list(ranked_round.candidates.order_by("title"))
    data = {f"candidate_{candidates[i].id}": v for i, v in marks.items()}
    response = login(world.users["practice_contact"]).post(
        ballot_url(ranked_round, world.practice), data
    )
    assert response.status_code == 422
    assert expected in response.content.decode()
    assert not Ballot.objects.exists()


def test_points_not_adding_up_come_back_as_422(world, candidates, login):
    round_ = VotingRoundFactory(
        method="points", max_choices=None, points_budget=10, candidates=candidates
    )
    data = {f"candidate_{candidates[0].id}": "7"}
    response = login(world.users["practice_contact"]).post(ballot_url(round_, world.practice), data)
    assert response.status_code == 422
    assert "Your points add up to 7: they must add up to exactly 10." in response.content.decode()


def test_a_ballot_in_a_closed_round_comes_back_as_422(world, ranked_round, login):
    services.round_close(voting_round=ranked_round)
    a = ranked_round.candidates.first()
    response = login(world.users["practice_contact"]).post(
        ballot_url(ranked_round, world.practice), {f"candidate_{a.id}": "1"}
    )
    assert response.status_code == 422
    assert "ballots can no longer be cast or changed" in response.content.decode()


def test_a_contact_cannot_open_another_practices_ballot(world, ranked_round, login):
    client = login(world.users["practice_contact"])
    assert client.get(ballot_url(ranked_round, world.other_practice)).status_code == 403


def test_the_chair_opens_a_round_and_a_bad_one_is_422(world, candidates, login):
    client = login(world.users["chair"])
    now = timezone.localtime()
    data = {
        "title": "Priorities 2027",
        "candidates": [c.id for c in candidates],
        "method": "approval",
        "max_choices": "2",
        "opens_at": now.strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + dt.timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"),
    }
    bad = client.post(reverse("priorities:round-create"), {**data, "max_choices": ""})
    assert bad.status_code == 422
    assert "Say how many candidates each practice may pick." in bad.content.decode()
    assert client.post(reverse("priorities:round-create"), data).status_code == 302
    assert VotingRound.objects.get().candidates.count() == 4


def test_leadership_proposes_and_edits_a_candidate(world, login):
    client = login(world.users["pcn_clinical_director"])
    url = reverse("priorities:priority-create")
    assert client.post(url, {"title": ""}).status_code == 422
    assert client.post(url, {"title": "Estates", "summary": "Room to work"}).status_code == 302
    priority = Priority.objects.get()
    response = client.post(
        reverse("priorities:priority-edit", args=[priority.pk]),
        {"title": "Estates and rooms", "summary": "Room to work"},
    )
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Estates and rooms"


def test_participation_shows_who_voted_to_leadership_but_not_to_contacts(
    world, ranked_round, login
):
    services.ballot_cast(
        voting_round=ranked_round,
        practice=world.practice,
        user=world.users["practice_contact"],
        marks={ranked_round.candidates.first().id: 1},
    )
    url = reverse("priorities:round-detail", args=[ranked_round.pk])
    page = login(world.users["gatekeeper"]).get(url).content.decode()
    # 1 of 2 practices; 11,000 of 16,000 patients
    assert "1 of 2 practices have voted (50%), covering 69% of registered patients" in page
    partial = login(world.users["gatekeeper"]).get(
        url + "?part=participation", HTTP_HX_REQUEST="true"
    )
    assert partial.content.decode().lstrip().startswith("<section")
    contact_page = login(world.users["practice_contact"]).get(url).content.decode()
    assert "Participation" not in contact_page
    assert "Change the ballot" in contact_page


def vote(round_, user, practice, marks):
    services.ballot_cast(voting_round=round_, practice=practice, user=user, marks=marks)


def test_results_show_ties_as_ties_and_the_chair_adopts_the_top_three(
    world, ranked_round, make_contact, login
):
    a, b, c, d = ranked_round.candidates.order_by("title")
    vote(ranked_round, world.users["practice_contact"], world.practice, {a.id: 1, b.id: 2})
    user, practice = make_contact()
    vote(ranked_round, user, practice, {b.id: 1, a.id: 2, c.id: 3})
    services.round_close(voting_round=ranked_round)
    client = login(world.users["chair"])
    page = client.get(reverse("priorities:round-results", args=[ranked_round.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and '<title id="chart-plain-title">' in html
    assert html.count("1=") >= 2  # a and b both score 5
    response = client.post(
        reverse("priorities:round-adopt", args=[ranked_round.pk]),
        {f"position_{a.id}": "1", f"position_{b.id}": "2", f"position_{c.id}": "3"},
    )
    assert response.status_code == 302
    assert list(Priority.objects.adopted().values_list("id", flat=True)) == [a.id, b.id, c.id]
    bad = client.post(
        reverse("priorities:round-adopt", args=[ranked_round.pk]),
        {f"position_{a.id}": "1", f"position_{b.id}": "1"},
    )
    assert bad.status_code == 422
    assert "same position" in bad.content.decode()


def test_results_and_ballots_export_to_csv(world, ranked_round, login):
    a = ranked_round.candidates.order_by("title").first()
    vote(ranked_round, world.users["practice_contact"], world.practice, {a.id: 1})
    services.round_close(voting_round=ranked_round)
    results = login(world.users["representative"]).get(
        reverse("priorities:results-csv", args=[ranked_round.pk])
    )
    lines = results.content.decode().splitlines()
    assert lines[0] == "place,priority,score,weighted place,weighted score"
    assert lines[1].startswith(f"1,{a.title},3")
    ballots = login(world.users["admin_support"]).get(
        reverse("priorities:ballots-csv", args=[ranked_round.pk])
    )
    assert "The Park Surgery" in ballots.content.decode()


def test_results_before_the_close_say_when_they_come(world, ranked_round, login):
    client = login(world.users["representative"])
    page = client.get(reverse("priorities:round-results", args=[ranked_round.pk]))
    assert b"published when the round closes" in page.content
    csv = client.get(reverse("priorities:results-csv", args=[ranked_round.pk]))
    assert csv.status_code == 409


def test_the_priorities_page_shows_empty_states(world, login):
    page = login(world.users["representative"]).get(reverse("priorities:priority-list"))
    html = page.content.decode()
    assert "No priorities are adopted yet" in html
    assert "No meeting time is recorded" in html


# --- query counts ---------------------------------------------------------------------------


def test_an_approval_ballot_is_a_set_of_checkboxes(world, candidates, login):
    round_ = VotingRoundFactory(method="approval", max_choices=2, candidates=candidates)
    client = login(world.users["practice_contact"])
    page = client.get(ballot_url(round_, world.practice)).content.decode()
    assert page.count('type="checkbox"') == 4
    assert "Pick up to 2 priorities" in page
    data = {f"candidate_{c.id}": "on" for c in candidates[:3]}
    response = client.post(ballot_url(round_, world.practice), data)
    assert response.status_code == 422
    assert "You picked 3 priorities: pick at most 2." in response.content.decode()
    data = {f"candidate_{c.id}": "on" for c in candidates[:2]}
    assert client.post(ballot_url(round_, world.practice), data).status_code == 302
    assert Ballot.objects.get().choices.count() == 2


def test_a_points_ballot_is_changed_and_the_form_shows_the_current_points(world, candidates, login):
    round_ = VotingRoundFactory(
        method="points", max_choices=None, points_budget=10, candidates=candidates
    )
    client = login(world.users["practice_contact"])
    first = {f"candidate_{candidates[0].id}": "10"}
    assert client.post(ballot_url(round_, world.practice), first).status_code == 302
    second = {f"candidate_{candidates[0].id}": "4", f"candidate_{candidates[1].id}": "6"}
    assert client.post(ballot_url(round_, world.practice), second).status_code == 302
    page = client.get(ballot_url(round_, world.practice)).content.decode()
    assert "version 2" in page
    assert 'value="6"' in page
    assert Ballot.objects.get().versions.count() == 2


def test_the_share_of_meeting_time_on_our_priorities_counts_the_last_quarter(world, login):
    from django.apps import apps

    try:
        meeting_model = apps.get_model("decisions", "LeadershipMeeting")
        item_model = apps.get_model("decisions", "AgendaItem")
    except LookupError:
        pytest.skip("decisions has no agenda items yet")
    adopted = PriorityFactory(status="adopted", rank=1, title="Resilience support")
    candidate = PriorityFactory()
    now = timezone.now()
    recent = meeting_model.objects.create(starts_at=now - dt.timedelta(days=20))
    old = meeting_model.objects.create(starts_at=now - dt.timedelta(days=200))
    for meeting, position, minutes, priority in [
        (recent, 1, 30, adopted),
        (recent, 2, 60, None),
        (recent, 3, 10, candidate),
        (old, 1, 120, adopted),
    ]:
        item_model.objects.create(
            meeting=meeting,
            position=position,
            kind="gp_business",
            title=f"Item {position}",
            minutes=minutes,
            priority=priority,
        )
    assert selectors.meeting_time_share(now=now) == {"total": 100, "own": 30, "share": 30}
    page = login(world.users["representative"]).get(reverse("priorities:priority-list"))
    html = page.content.decode()
    assert "<strong>30%</strong> of leadership meeting time (30 of 100 minutes)" in html
    assert "Item 1" in html


# --- counting in the database gives the scores of counting ballot by ballot -----------------


@pytest.mark.parametrize(
    ("method", "limits"),
    [
        ("ranked", {"max_choices": 3}),
        ("points", {"max_choices": None, "points_budget": 10}),
        ("approval", {"max_choices": 2}),
    ],
)
def test_results_grouped_in_the_database_equal_the_ballot_by_ballot_count(
    world, candidates, method, limits
):
    from priorities import counting

    round_ = VotingRoundFactory(method=method, candidates=candidates, **limits)
    rng = random.Random(method)
    now = timezone.now()
    marks_by_ballot, sizes = [], []
    for i in range(12):
        # Uneven list sizes and one ballot without choices (it does not count).
        size = 1000 + rng.randrange(20000)
        practice = Organisation.objects.create(
            kind=OrganisationKind.PRACTICE,
            name=f"Count {i}",
            ods_code=f"C{i:05d}",
            list_size=size,
            pcn=world.pcn,
        )
        ballot = Ballot.objects.create(round=round_, practice=practice, cast_at=now)
        if i == 7:
            continue
        picked = rng.sample(candidates, 3 if method == "ranked" else 2)
        if method == "ranked":
            marks = {p.id: rank for rank, p in enumerate(picked, start=1)}
            choices = [BallotChoice(ballot=ballot, priority_id=k, rank=v) for k, v in marks.items()]
        elif method == "points":
            marks = {picked[0].id: 7, picked[1].id: 3}
            choices = [
                BallotChoice(ballot=ballot, priority_id=k, points=v) for k, v in marks.items()
            ]
        else:
            marks = {p.id: 1 for p in picked}
            choices = [BallotChoice(ballot=ballot, priority_id=k, points=1) for k in marks]
        BallotChoice.objects.bulk_create(choices)
        marks_by_ballot.append(marks)
        sizes.append(size)
    services.round_close(voting_round=round_)
    ids = [c.id for c in candidates]
    kwargs = {"max_choices": round_.max_choices}
    plain = counting.count(method, ids, marks_by_ballot, **kwargs)
    weighted = counting.count(method, ids, marks_by_ballot, weights=sizes, **kwargs)

    results = selectors.round_results(round_)

    assert results.ballots == 11
    assert {row.priority.id: row.standing.score for row in results.rows} == plain
    assert {row.priority.id: row.standing.score for row in results.weighted_rows} == weighted
    assert plain != weighted


def test_the_results_page_counts_practices_and_patients_that_voted(world, ranked_round, login):
    a = ranked_round.candidates.order_by("title").first()
    vote(ranked_round, world.users["practice_contact"], world.practice, {a.id: 1})
    services.round_close(voting_round=ranked_round)
    practices = Organisation.objects.practices().active()
    totals = selectors.round_participation_totals(ranked_round)
    listed = selectors.round_participation(ranked_round)
    assert (totals.voted, totals.total) == (1, practices.count())
    assert (totals.patients_voted, totals.patients_total) == (
        listed.patients_voted,
        listed.patients_total,
    )
    page = login(world.users["chair"]).get(
        reverse("priorities:round-results", args=[ranked_round.pk])
    )
    assert f"1 of {practices.count()} practices voted" in page.content.decode()


def test_the_ballots_csv_keeps_each_ballot_together_and_its_cells_safe(world, ranked_round, login):
    import csv
    import io

    a, b, c, _ = ranked_round.candidates.order_by("title")
    vote(ranked_round, world.users["practice_contact"], world.practice, {b.id: 1, a.id: 2})
    other = Organisation.objects.create(
        kind=OrganisationKind.PRACTICE,
        name="Abbey Surgery",
        ods_code="A00001",
        list_size=4321,
        pcn=world.pcn,
    )
    ballot = Ballot.objects.create(
        round=ranked_round,
        practice=other,
        cast_at=timezone.now(),
        comment='=HYPERLINK("x")\nsecond line, with "quotes"',
        suggestion="-cuts",
    )
    BallotChoice.objects.create(ballot=ballot, priority=c, rank=1)
    services.round_close(voting_round=ranked_round)

    response = login(world.users["admin_support"]).get(
        reverse("priorities:ballots-csv", args=[ranked_round.pk])
    )

    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "practice" and len(rows) == 4
    assert [(r[0], r[5], r[6]) for r in rows[1:]] == [
        ("Abbey Surgery", c.title, "1"),
        ("The Park Surgery", b.title, "1"),
        ("The Park Surgery", a.title, "2"),
    ]
    assert rows[1][2] == "4321"
    assert rows[1][8] == '\'=HYPERLINK("x")\nsecond line, with "quotes"'
    assert rows[1][9] == "'-cuts"


def test_the_priorities_page_shows_the_first_five_linked_items_and_counts_the_rest(world, login):
    from django.apps import apps

    try:
        meeting_model = apps.get_model("decisions", "LeadershipMeeting")
        item_model = apps.get_model("decisions", "AgendaItem")
    except LookupError:
        pytest.skip("decisions has no agenda items yet")
    adopted = PriorityFactory(status="adopted", rank=1)
    now = timezone.now()
    for day in range(7):
        meeting = meeting_model.objects.create(starts_at=now - dt.timedelta(days=day))
        item_model.objects.create(
            meeting=meeting,
            position=1,
            kind="gp_business",
            title=f"Item of day {day}",
            minutes=10,
            priority=adopted,
        )
    html = login(world.users["representative"]).get(reverse("priorities:priority-list")).content
    html = html.decode()
    # The agenda items' own order (newest meeting first): days 0–4 shown, 5 and 6 counted.
    shown = [f"Item of day {day}" for day in range(5)]
    assert [html.index(title) for title in shown] == sorted(html.index(t) for t in shown)
    assert "Item of day 5" not in html and "Item of day 6" not in html
    assert " and 2 more" in html
