"""Pure rules of the group: when consensus is reached, and how an agenda's time is split."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

OBJECTING = frozenset({"concern", "block"})
CONSENTING = frozenset({"support", "live_with"})


@dataclass(frozen=True)
class Consensus:
    reached: bool
    missing: frozenset[int]
    concerns: frozenset[int]
    blocks: frozenset[int]

    @property
    def reasons(self) -> list[str]:
        """Why consensus is not (yet) reached, in the chair's words."""
        reasons = []
        if self.blocks:
            reasons.append(f"{len(self.blocks)} seat(s) block the proposal")
        if self.concerns:
            reasons.append(f"{len(self.concerns)} seat(s) have a concern that needs a change")
        if self.missing:
            reasons.append(f"{len(self.missing)} seat(s) have not given a position")
        if not reasons and not self.reached:
            reasons.append("no seat supports the proposal or can live with it")
        return reasons


def consensus(expected_seats: Iterable[int], positions: Mapping[int, str]) -> Consensus:
    """Consensus: every expected seat has a position, none objects, and someone consents.

    `positions` maps seat id to stance in the current round only: a new round starts empty.
    A stand-aside does not stop the group, but a proposal everyone stands aside from is not
    agreed. There is no counting of votes: one block or concern is enough to stop it.
    """
    expected = frozenset(expected_seats)
    missing = expected - positions.keys()
    concerns = frozenset(seat for seat, stance in positions.items() if stance == "concern")
    blocks = frozenset(seat for seat, stance in positions.items() if stance == "block")
    consenting = any(stance in CONSENTING for stance in positions.values())
    reached = bool(expected) and not missing and not concerns and not blocks and consenting
    return Consensus(reached=reached, missing=missing, concerns=concerns, blocks=blocks)


@dataclass(frozen=True)
class AgendaSplit:
    gp_business_minutes: int
    system_minutes: int
    information_minutes: int
    priority_minutes: int
    priorities_served: int
    cap_minutes: int

    @property
    def total_minutes(self) -> int:
        return self.gp_business_minutes + self.system_minutes + self.information_minutes

    @property
    def over_cap(self) -> bool:
        return self.system_minutes > self.cap_minutes

    @property
    def over_cap_by(self) -> int:
        return max(0, self.system_minutes - self.cap_minutes)


def agenda_split(items: Iterable, cap_minutes: int) -> AgendaSplit:
    """Minutes per kind over the accepted items (proposed ones are not on the agenda yet)."""
    totals = {"gp_business": 0, "system_item": 0, "information": 0}
    priority_minutes = 0
    priorities: set[int] = set()
    for item in items:
        if item.is_proposed:
            continue
        totals[item.kind] = totals.get(item.kind, 0) + item.minutes
        if item.priority_id:
            priority_minutes += item.minutes
            priorities.add(item.priority_id)
    return AgendaSplit(
        gp_business_minutes=totals["gp_business"],
        system_minutes=totals["system_item"],
        information_minutes=totals["information"],
        priority_minutes=priority_minutes,
        priorities_served=len(priorities),
        cap_minutes=cap_minutes,
    )
