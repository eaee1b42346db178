"""seed_bench at a tiny scale: it runs, fills every table it promises and can run twice."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from bench.pages import pages
from bench.seed import PERSONAS


@pytest.mark.django_db(transaction=True)
def test_seed_bench_at_a_tiny_scale_produces_the_expected_rows(capsys):
    from decisions.models import Acknowledgement, Decision, Position
    from inbox.models import Request
    from members.models import Organisation, Reminder, Seat
    from priorities.models import Ballot
    from representation.models import Action

    for _ in range(2):  # a second run empties and refills: same counts
        call_command("seed_bench", "--scale", "0.01", "--yes-really")
        assert Organisation.objects.filter(kind="practice", is_active=True).count() == 2
        assert Organisation.objects.filter(kind="pcn").count() == 1  # 40 × 0.01 → 1
        assert Seat.objects.count() == 1 + 1  # the PCN's and the LMC's
        assert Request.objects.count() == 500
        assert Decision.objects.count() == 20
        # three rounds per decision, a position from every seat in each
        assert Position.objects.count() == 20 * 3 * 2
        published = Decision.objects.filter(published_at__isnull=False).count()
        assert Acknowledgement.objects.count() == published * 2
        assert Ballot.objects.filter(round__title="Whole-region round").count() == 10
        assert Action.objects.count() == 200
        assert Reminder.objects.count() == 1000
    from django.contrib.auth import get_user_model

    assert set(PERSONAS) <= set(get_user_model().objects.values_list("username", flat=True))
    assert "Seeded at scale 0.01" in capsys.readouterr().out


def test_every_benchmarked_page_logs_in_as_a_seeded_persona():
    assert {page.persona for page in pages()} <= set(PERSONAS)
