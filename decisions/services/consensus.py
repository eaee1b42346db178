"""Writes for consensus decisions: open, record positions, new round, agree, park, withdraw."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.audit import audit_record
from members.models import Seat

from ..models import AgendaItem, Decision, DecisionStatus, Position, Round, Stance
from ..rules import consensus
from ..selectors import active_seats


class Conflict(Exception):
    """Someone else changed the thing first; the message says who and when."""


def _when(moment) -> str:
    return f"{timezone.localtime(moment or timezone.now()):%H:%M on %d %B}"


def _expected_seats() -> list[Seat]:
    """Seats expected to take part in a round: every active seat with someone in it."""
    return list(active_seats().filter(holder__isnull=False))


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


def _open_round(decision: Decision, *, number: int, proposal: str, opened_by) -> Round:
    round_ = Round.objects.create(
        decision=decision, number=number, proposal=proposal, opened_by=opened_by
    )
    round_.expected_seats.set(_expected_seats())
    return round_


@transaction.atomic
def decision_open(
    *,
    title: str,
    question: str,
    proposal: str,
    opened_by,
    agenda_item: AgendaItem | None = None,
    priority=None,
) -> Decision:
    """Start a decision with its first round (between meetings when there is no agenda item)."""
    if priority is None and agenda_item is not None:
        priority = agenda_item.priority
    decision = Decision.objects.create(
        title=title,
        question=question,
        agenda_item=agenda_item,
        priority=priority,
        created_by=opened_by,
    )
    _open_round(decision, number=1, proposal=proposal, opened_by=opened_by)
    return decision


@transaction.atomic
def position_record(
    *, round_: Round, seat: Seat, stance: str, reason: str = "", recorded_by
) -> Position:
    """Record (or change) one seat's position in the current round."""
    # Lock the decision first, as every round-closing write does, so the order is always
    # decision then round: a position cannot slip into a round being closed, nor deadlock.
    decision = _locked(Decision(pk=round_.decision_id))
    locked = Round.objects.get(pk=round_.pk)
    locked.decision = decision
    if locked.closed_at is not None or locked.decision.status != DecisionStatus.OPEN:
        raise Conflict(
            f"Round {locked.number} closed at {_when(locked.closed_at)} before your position "
            "was saved. Give it again in the current round."
        )
    if not locked.expected_seats.filter(pk=seat.pk).exists():
        raise ValidationError(f"{seat.organisation} is not expected to take part in this round.")
    if stance not in Stance.values:
        raise ValidationError("Choose a position.")
    reason = reason.strip()
    if stance in (Stance.CONCERN, Stance.BLOCK) and not reason:
        what = "what needs to change" if stance == Stance.CONCERN else "why you block"
        raise ValidationError(f"Say {what}: the group needs it to revise the proposal.")
    defaults = {"stance": stance, "reason": reason, "recorded_by": recorded_by}
    try:
        with transaction.atomic():
            position, _ = Position.objects.update_or_create(
                round=locked, seat=seat, defaults=defaults
            )
    except IntegrityError:  # the same seat from two tabs at once: the later one wins
        position, _ = Position.objects.update_or_create(round=locked, seat=seat, defaults=defaults)
    audit_record(
        actor=recorded_by,
        action="position",
        subject=position,
        summary=f"{seat.organisation}: {Stance(stance).label} in round {locked.number} of "
        f"“{decision.title}”"[:500],
        changes={"stance": stance, "reason": reason},
    )
    return position


def _current_round(decision: Decision) -> Round | None:
    return decision.rounds.select_for_update().filter(closed_at__isnull=True).first()


@transaction.atomic
def decision_agree(*, decision: Decision, agreed_by) -> Decision:
    """Mark agreed: only when the current round has reached consensus."""
    decision = _locked(decision)
    if decision.status != DecisionStatus.OPEN:
        raise Conflict(f"This decision is already {decision.get_status_display().lower()}.")
    current = _current_round(decision)
    if current is None:
        raise ValidationError("There is no open round to agree.")
    result = consensus(
        current.expected_seats.values_list("id", flat=True),
        dict(current.positions.values_list("seat_id", "stance")),
    )
    if not result.reached:
        raise ValidationError(
            "Consensus is not reached: " + "; ".join(result.reasons) + ". Open a new round "
            "with revised wording, park the decision, or wait for the missing positions."
        )
    now = timezone.now()
    Round.objects.filter(pk=current.pk).update(closed_at=now)
    decision.status = DecisionStatus.AGREED
    decision.agreed_at = now
    decision.agreed_wording = current.proposal
    decision.save(update_fields=["status", "agreed_at", "agreed_wording", "updated_at"])
    return decision


@transaction.atomic
def decision_round_open(*, decision: Decision, proposal: str, opened_by) -> Round:
    """Close the current round (it stays visible) and open the next with revised wording."""
    decision = _locked(decision)
    if decision.status not in (DecisionStatus.OPEN, DecisionStatus.PARKED):
        raise Conflict(f"This decision is {decision.get_status_display().lower()}.")
    if not proposal.strip():
        raise ValidationError("Give the revised proposal wording.")
    current = _current_round(decision)
    number = 1
    if current is not None:
        Round.objects.filter(pk=current.pk).update(closed_at=timezone.now())
    last = decision.rounds.order_by("-number").first()
    if last is not None:
        number = last.number + 1
    if decision.status != DecisionStatus.OPEN:
        decision.status = DecisionStatus.OPEN
        decision.save(update_fields=["status", "updated_at"])
    return _open_round(decision, number=number, proposal=proposal.strip(), opened_by=opened_by)


def _set_status(decision: Decision, *, status: str, allowed: tuple[str, ...]) -> Decision:
    decision = _locked(decision)
    if decision.status not in allowed:
        raise Conflict(f"This decision is already {decision.get_status_display().lower()}.")
    current = _current_round(decision)
    if current is not None:
        Round.objects.filter(pk=current.pk).update(closed_at=timezone.now())
    decision.status = status
    decision.save(update_fields=["status", "updated_at"])
    return decision


@transaction.atomic
def decision_park(*, decision: Decision, parked_by) -> Decision:
    """Put a decision aside; a new round reopens it."""
    return _set_status(decision, status=DecisionStatus.PARKED, allowed=(DecisionStatus.OPEN,))


@transaction.atomic
def decision_withdraw(*, decision: Decision, withdrawn_by) -> Decision:
    return _set_status(
        decision,
        status=DecisionStatus.WITHDRAWN,
        allowed=(DecisionStatus.OPEN, DecisionStatus.PARKED),
    )
