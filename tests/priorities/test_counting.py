"""Counting methods against hand-worked examples: Borda with partial rankings, points, approval."""

from __future__ import annotations

from fractions import Fraction

import pytest

from priorities import counting

A, B, C, D = 1, 2, 3, 4


def test_borda_scores_k_for_first_and_nothing_for_unranked():
    # K = 3: first 3, second 2, third 1.
    ballots = [{A: 1, B: 2, C: 3}, {B: 1, A: 2}, {C: 1}]
    scores = counting.borda_count([A, B, C, D], ballots, max_ranks=3)
    # A: 3 + 2 = 5; B: 2 + 3 = 5; C: 1 + 3 = 4; D: 0
    assert scores == {A: 5, B: 5, C: 4, D: 0}


def test_borda_partial_ranking_is_not_worth_more_than_a_full_one():
    full = counting.borda_count([A, B, C], [{A: 1, B: 2, C: 3}], max_ranks=3)
    partial = counting.borda_count([A, B, C], [{A: 1}], max_ranks=3)
    assert full[A] == partial[A] == 3
    assert partial[B] == partial[C] == 0


def test_borda_refuses_a_rank_beyond_k():
    with pytest.raises(ValueError):
        counting.borda_count([A, B], [{A: 4}], max_ranks=3)


def test_points_are_summed():
    ballots = [{A: 6, B: 4}, {A: 2, C: 8}, {B: 10}]
    assert counting.points_sum([A, B, C, D], ballots) == {A: 8, B: 14, C: 8, D: 0}


def test_approval_counts_picks():
    ballots = [{A: 1, B: 1}, {A: 1}, {C: 1, A: 1}]
    assert counting.approval_count([A, B, C], ballots) == {A: 3, B: 1, C: 1}


def test_ties_share_a_place_and_the_next_place_is_skipped():
    standings = counting.standings({A: 5, B: 5, C: 4, D: 0}, order=[B, A, C, D])
    assert [(s.candidate, s.place, s.tied, s.place_label) for s in standings] == [
        (B, 1, True, "1="),
        (A, 1, True, "1="),
        (C, 3, False, "3"),
        (D, 4, False, "4"),
    ]


def test_weighting_by_list_size_can_reverse_the_order():
    # Two small practices (4,000 each) prefer A; one big practice (16,000) prefers B.
    ballots = [{A: 1}, {A: 1}, {B: 1}]
    plain = counting.approval_count([A, B], ballots)
    weighted = counting.approval_count([A, B], ballots, weights=[4000, 4000, 16000])
    assert plain == {A: 2, B: 1}
    # mean list size 8,000: the small practices weigh 0.5 each, the big one 2.
    assert weighted == {A: Fraction(1), B: Fraction(2)}
    assert counting.standings(weighted)[0].candidate == B


def test_equal_list_sizes_weight_like_the_plain_count():
    ballots = [{A: 1, B: 2}, {B: 1, A: 2}, {A: 1}]
    assert counting.borda_count([A, B], ballots, max_ranks=2, weights=[7000] * 3) == (
        counting.borda_count([A, B], ballots, max_ranks=2)
    )


def test_weighted_points_example():
    # weights 3,000 and 9,000: mean 6,000 → factors 0.5 and 1.5.
    weighted = counting.points_sum([A, B], [{A: 10}, {A: 4, B: 6}], weights=[3000, 9000])
    assert weighted == {A: Fraction(5) + Fraction(6), B: Fraction(9)}


def test_no_ballots_means_every_candidate_scores_zero_and_ties():
    standings = counting.standings(counting.approval_count([A, B], []))
    assert all(s.tied and s.place == 1 for s in standings)
