"""Counting methods as pure functions: ballots in, scores and places (ties kept as ties) out.

A ballot here is a dict from candidate id to its mark: the rank (1 = first) in a ranked round,
the points in a points round, anything truthy in an approval round. Weights (list sizes) are
optional: a weight of one practice is its list size over the mean list size of the practices
that voted, so that with equal list sizes the weighted scores equal the plain ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

Ballot = Mapping[int, int]


def borda_points(rank: int, max_ranks: int) -> int:
    """A candidate ranked r of at most K scores K - r + 1; a candidate left unranked scores 0.

    Partial rankings are allowed: ranking fewer than K candidates gives no extra weight to
    the ones ranked (first is always worth K).
    """
    if rank < 1 or rank > max_ranks:
        raise ValueError(f"Rank {rank} is outside 1..{max_ranks}")
    return max_ranks - rank + 1


@dataclass(frozen=True)
class MarkGroup:
    """The ballots that gave one candidate one mark: how many, and their weights summed.

    Counting from groups gives the same scores as counting ballot by ballot, so the database
    can group a round's choices (a few hundred rows) instead of sending every choice.
    """

    candidate: int
    mark: int | None
    ballots: int
    weight: int | Fraction = 0


def _marker(mark: Callable[[int], int]) -> Callable[[int], int]:
    """`mark` remembered per value: a round has few distinct ranks or points."""
    seen: dict = {}

    def cached(value):
        if value not in seen:
            seen[value] = mark(value)
        return seen[value]

    return cached


def tally_groups(
    candidates: Iterable[int],
    groups: Iterable[MarkGroup],
    mark: Callable[[int], int],
    *,
    ballots: int,
    total_weight: int | Fraction | None = None,
) -> dict[int, Fraction]:
    """Scores from grouped marks; weighted when `total_weight` (all ballots' weights) is > 0.

    A ballot of weight w counts w / mean = w × ballots / total_weight times, so a candidate's
    weighted score is (its marks × weights, summed) × ballots / total_weight, exactly.
    """
    weighted = total_weight is not None and total_weight > 0
    sums: dict[int, int | Fraction] = dict.fromkeys(candidates, 0)
    mark = _marker(mark)
    for group in groups:
        if group.candidate in sums:
            sums[group.candidate] += (group.weight if weighted else group.ballots) * mark(
                group.mark
            )
    factor = Fraction(ballots) / Fraction(total_weight) if weighted else Fraction(1)
    return {candidate: Fraction(total) * factor for candidate, total in sums.items()}


def group_ballots(
    ballots: Sequence[Ballot], weights: Sequence[float] | None = None
) -> list[MarkGroup]:
    if weights is not None and len(weights) != len(ballots):
        raise ValueError("One weight per ballot")
    counts: dict[tuple[int, int], int] = {}
    sums: dict[tuple[int, int], int | Fraction] = {}
    for index, ballot in enumerate(ballots):
        weight = _exact(weights[index]) if weights is not None else 0
        for candidate, value in ballot.items():
            key = (candidate, value)
            counts[key] = counts.get(key, 0) + 1
            sums[key] = sums.get(key, 0) + weight
    return [MarkGroup(c, v, counts[(c, v)], sums[(c, v)]) for c, v in counts]


def _exact(weight: float) -> int | Fraction:
    return weight if isinstance(weight, int) else Fraction(weight)


def _tally(
    candidates: Iterable[int],
    ballots: Sequence[Ballot],
    mark: Callable[[int], int],
    weights: Sequence[float] | None,
) -> dict[int, Fraction]:
    total = sum(_exact(w) for w in weights) if weights is not None else None
    return tally_groups(
        candidates,
        group_ballots(ballots, weights),
        mark,
        ballots=len(ballots),
        total_weight=total,
    )


def _borda_mark(max_ranks: int) -> Callable[[int], int]:
    return lambda rank: borda_points(rank, max_ranks)


def _points_mark(points: int) -> int:
    return points


def _approval_mark(picked: int) -> int:
    return 1 if picked else 0


def mark_for(method: str, *, max_choices: int | None = None) -> Callable[[int], int]:
    """What one mark is worth under a counting method (see count())."""
    if method == "ranked":
        return _borda_mark(max_choices or 1)
    if method == "points":
        return _points_mark
    if method == "approval":
        return _approval_mark
    raise ValueError(f"Unknown counting method {method!r}")


def borda_count(
    candidates: Iterable[int],
    ballots: Sequence[Ballot],
    *,
    max_ranks: int,
    weights: Sequence[float] | None = None,
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, _borda_mark(max_ranks), weights)


def points_sum(
    candidates: Iterable[int], ballots: Sequence[Ballot], *, weights: Sequence[float] | None = None
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, _points_mark, weights)


def approval_count(
    candidates: Iterable[int], ballots: Sequence[Ballot], *, weights: Sequence[float] | None = None
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, _approval_mark, weights)


def count(
    method: str,
    candidates: Iterable[int],
    ballots: Sequence[Ballot],
    *,
    max_choices: int | None = None,
    weights: Sequence[float] | None = None,
) -> dict[int, Fraction]:
    if method == "ranked":
        return borda_count(candidates, ballots, max_ranks=max_choices or 1, weights=weights)
    if method == "points":
        return points_sum(candidates, ballots, weights=weights)
    if method == "approval":
        return approval_count(candidates, ballots, weights=weights)
    raise ValueError(f"Unknown counting method {method!r}")


@dataclass(frozen=True)
class Standing:
    candidate: int
    score: Fraction
    place: int
    tied: bool

    @property
    def place_label(self) -> str:
        return f"{self.place}=" if self.tied else str(self.place)


def standings(scores: Mapping[int, Fraction], *, order: Sequence[int] = ()) -> list[Standing]:
    """Places by score, highest first; equal scores share a place (1, 2=, 2=, 4).

    `order` only decides the listing order within a tie (e.g. by title); it never breaks it.
    """
    position = {candidate: i for i, candidate in enumerate(order)}
    ranked = sorted(scores, key=lambda c: (-scores[c], position.get(c, len(position)), c))
    counts: dict[Fraction, int] = {}
    for candidate in ranked:
        counts[scores[candidate]] = counts.get(scores[candidate], 0) + 1
    result: list[Standing] = []
    place = 0
    previous: Fraction | None = None
    for index, candidate in enumerate(ranked, start=1):
        if scores[candidate] != previous:
            place = index
            previous = scores[candidate]
        result.append(Standing(candidate, scores[candidate], place, counts[scores[candidate]] > 1))
    return result
