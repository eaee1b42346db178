"""Counting methods as pure functions: ballots in, scores and places (ties kept as ties) out.

A ballot here is a dict from candidate id to its mark: the rank (1 = first) in a ranked round,
the points in a points round, anything truthy in an approval round. Weights (list sizes) are
optional: a weight of one practice is its list size over the mean list size of the practices
that voted, so that with equal list sizes the weighted scores equal the plain ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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


def _tally(
    candidates: Iterable[int],
    ballots: Sequence[Ballot],
    mark: callable,
    weights: Sequence[float] | None,
) -> dict[int, Fraction]:
    scores = {candidate: Fraction(0) for candidate in candidates}
    factors = _weight_factors(weights, len(ballots))
    for ballot, factor in zip(ballots, factors, strict=True):
        for candidate, value in ballot.items():
            if candidate in scores:
                scores[candidate] += factor * mark(value)
    return scores


def _weight_factors(weights: Sequence[float] | None, count: int) -> list[Fraction]:
    if weights is None:
        return [Fraction(1)] * count
    if len(weights) != count:
        raise ValueError("One weight per ballot")
    total = sum(Fraction(w) for w in weights)
    if total <= 0:
        return [Fraction(1)] * count
    mean = total / count
    return [Fraction(w) / mean for w in weights]


def borda_count(
    candidates: Iterable[int],
    ballots: Sequence[Ballot],
    *,
    max_ranks: int,
    weights: Sequence[float] | None = None,
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, lambda rank: borda_points(rank, max_ranks), weights)


def points_sum(
    candidates: Iterable[int], ballots: Sequence[Ballot], *, weights: Sequence[float] | None = None
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, lambda points: points, weights)


def approval_count(
    candidates: Iterable[int], ballots: Sequence[Ballot], *, weights: Sequence[float] | None = None
) -> dict[int, Fraction]:
    return _tally(candidates, ballots, lambda picked: 1 if picked else 0, weights)


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
