"""User-written text is escaped in pages, emails and CSV exports."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from members.csv_export import neutralise

pytestmark = pytest.mark.django_db
NASTY = '=HYPERLINK("http://evil.example","x")<script>alert(1)</script>'


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_cells_that_a_spreadsheet_would_run_are_neutralised(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"


def test_numbers_and_ordinary_text_are_left_alone():
    assert neutralise(-3) == -3 and neutralise("Dr Shah") == "Dr Shah"


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_the_decisions_register_export_neutralises_a_formula(world, login):
    from tests.decisions.factories import open_decision

    decision = open_decision(world)
    type(decision).objects.filter(pk=decision.pk).update(title=NASTY)
    response = login(world.users["chair"]).get(reverse("decisions:decision-export"))
    cells = [cell for row in _rows(response) for cell in row]
    assert f"'{NASTY}" in cells
    assert NASTY not in cells


def test_the_results_export_neutralises_a_formula(world, login):
    import datetime as dt

    from django.utils import timezone

    from priorities.models import Priority
    from tests.priorities.factories import VotingRoundFactory

    voting_round = VotingRoundFactory(
        opens_at=timezone.now() - dt.timedelta(days=9),
        closes_at=timezone.now() - dt.timedelta(days=1),
    )
    Priority.objects.filter(pk__in=voting_round.candidates.values("pk")).update(title=NASTY)
    response = login(world.users["chair"]).get(
        reverse("priorities:results-csv", args=[voting_round.pk])
    )
    assert any(cell == f"'{NASTY}" for row in _rows(response) for cell in row)


def test_user_text_is_escaped_in_pages(world, login):
    from members.models import Person

    Person.objects.filter(pk=world.people["gatekeeper"].pk).update(full_name=NASTY)
    page = login(world.users["chair"]).get(reverse("members:group")).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
