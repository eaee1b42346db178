"""The consensus rule and the agenda split, as pure functions."""

from __future__ import annotations

from types import SimpleNamespace

from decisions.rules import agenda_split, consensus


def test_every_seat_supporting_is_consensus():
    assert consensus([1, 2], {1: "support", 2: "live_with"}).reached


def test_one_block_stops_consensus_whatever_the_rest():
    result = consensus([1, 2, 3], {1: "support", 2: "support", 3: "block"})
    assert not result.reached
    assert result.blocks == {3}
    assert "block" in result.reasons[0]


def test_a_concern_stops_consensus():
    result = consensus([1, 2], {1: "support", 2: "concern"})
    assert not result.reached and result.concerns == {2}


def test_stand_aside_does_not_stop_consensus():
    assert consensus([1, 2], {1: "support", 2: "stand_aside"}).reached


def test_everyone_standing_aside_is_not_agreement():
    result = consensus([1, 2], {1: "stand_aside", 2: "stand_aside"})
    assert not result.reached
    assert result.reasons == ["no seat supports the proposal or can live with it"]


def test_a_missing_seat_stops_consensus():
    result = consensus([1, 2, 3], {1: "support", 2: "support"})
    assert not result.reached and result.missing == {3}


def test_no_expected_seats_is_never_consensus():
    assert not consensus([], {}).reached


def test_a_new_round_starts_with_no_positions():
    # rounds are counted only from their own positions: an empty mapping misses everyone
    result = consensus([1, 2], {})
    assert result.missing == {1, 2} and not result.reached


def _item(kind, minutes, priority_id=None, proposed=False):
    return SimpleNamespace(
        kind=kind, minutes=minutes, priority_id=priority_id, is_proposed=proposed
    )


def test_split_adds_minutes_by_kind_and_counts_priorities_served():
    split = agenda_split(
        [
            _item("gp_business", 30, priority_id=1),
            _item("gp_business", 20, priority_id=1),
            _item("system_item", 15, priority_id=2),
            _item("information", 5),
        ],
        cap_minutes=30,
    )
    assert (split.gp_business_minutes, split.system_minutes, split.information_minutes) == (
        50,
        15,
        5,
    )
    assert split.priority_minutes == 65 and split.priorities_served == 2
    assert split.total_minutes == 70 and not split.over_cap


def test_cap_warning_when_system_items_exceed_the_cap():
    split = agenda_split([_item("system_item", 20), _item("system_item", 15)], cap_minutes=30)
    assert split.over_cap and split.over_cap_by == 5


def test_system_items_exactly_at_the_cap_do_not_warn():
    assert not agenda_split([_item("system_item", 30)], cap_minutes=30).over_cap


def test_proposed_items_do_not_count_until_accepted():
    split = agenda_split([_item("system_item", 60, proposed=True)], cap_minutes=30)
    assert split.system_minutes == 0 and not split.over_cap
