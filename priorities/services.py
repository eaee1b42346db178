"""Every write in priorities: candidates, rounds, ballots, closing and adopting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from members.access import roles_for
from members.audit import audit_record

from .models import (
    Ballot,
    BallotChoice,
    BallotVersion,
    Priority,
    PriorityStatus,
    VotingMethod,
    VotingRound,
)


@transaction.atomic
def priority_create(
    *, by, title: str, summary: str, actions: str = "", why_it_matters: str = ""
) -> Priority:
    priority = Priority(
        title=title, summary=summary, actions=actions, why_it_matters=why_it_matters, created_by=by
    )
    priority.full_clean()
    priority.save()
    return priority


@transaction.atomic
def priority_update(
    *, priority: Priority, title: str, summary: str, actions: str, why_it_matters: str
) -> Priority:
    priority.title, priority.summary = title, summary
    priority.actions, priority.why_it_matters = actions, why_it_matters
    priority.full_clean()
    priority.save(update_fields=["title", "summary", "actions", "why_it_matters"])
    return priority


@transaction.atomic
def round_open(
    *,
    by,
    title: str,
    candidates: Sequence[Priority],
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    method: str,
    max_choices: int | None = None,
    points_budget: int | None = None,
) -> VotingRound:
    if closes_at <= opens_at:
        raise ValidationError({"closes_at": "The round must close after it opens."})
    if len(candidates) < 2:
        raise ValidationError({"candidates": "Choose at least two candidate priorities."})
    if method == VotingMethod.POINTS:
        max_choices = None
        if not points_budget:
            raise ValidationError({"points_budget": "Say how many points each practice has."})
    else:
        points_budget = None
        if not max_choices:
            raise ValidationError(
                {"max_choices": "Say how many candidates each practice may pick."}
            )
        max_choices = min(max_choices, len(candidates))
    voting_round = VotingRound.objects.create(
        title=title,
        method=method,
        max_choices=max_choices,
        points_budget=points_budget,
        opens_at=opens_at,
        closes_at=closes_at,
        opened_by=by,
    )
    voting_round.candidates.set(candidates)
    return voting_round


def ballot_problems(voting_round: VotingRound, marks: Mapping[int, int | None]) -> list[str]:
    """Everything wrong with a ballot's marks, in the users' words (empty when it is valid)."""
    candidate_ids = {c.id for c in voting_round.candidates.all()}
    chosen = {pid: value for pid, value in marks.items() if value}
    problems = []
    if set(chosen) - candidate_ids:
        problems.append("Your ballot names a priority that is not a candidate in this round.")
    if not chosen:
        problems.append("Your ballot is empty: pick at least one priority.")
        return problems
    if any(value < 0 for value in chosen.values()):
        problems.append("Marks cannot be negative.")
    if voting_round.method == VotingMethod.POINTS:
        total = sum(chosen.values())
        if total != voting_round.points_budget:
            problems.append(
                f"Your points add up to {total}: they must add up to exactly "
                f"{voting_round.points_budget}."
            )
        return problems
    limit = voting_round.max_choices
    if len(chosen) > limit:
        problems.append(f"You picked {len(chosen)} priorities: pick at most {limit}.")
    if voting_round.method == VotingMethod.RANKED:
        ranks = sorted(chosen.values())
        if len(set(ranks)) != len(ranks):
            duplicate = next(r for r in ranks if ranks.count(r) > 1)
            problems.append(f"You gave rank {duplicate} to more than one priority.")
        if any(rank > limit for rank in ranks):
            problems.append(f"Ranks go from 1 to {limit}.")
        elif len(set(ranks)) == len(ranks) and ranks != list(range(1, len(ranks) + 1)):
            problems.append("Number your ranks 1, 2, 3… without gaps.")
    return problems


@transaction.atomic
def ballot_cast(
    *,
    voting_round: VotingRound,
    practice,
    user,
    marks: Mapping[int, int | None],
    comment: str = "",
    suggestion: str = "",
    now: dt.datetime | None = None,
) -> Ballot:
    """Cast or change a practice's ballot; the new version counts, the old ones are kept."""
    now = now or timezone.now()
    if not roles_for(user).acts_for(practice.id):
        raise ValidationError("You do not act for this practice, so you cannot cast its ballot.")
    # Lock the round: ballots of a round queue behind each other and behind its closing.
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if voting_round.is_closed(now):
        closed = timezone.localtime(voting_round.closed_at or voting_round.closes_at)
        raise ValidationError(
            f"This round closed on {closed:%d %b %Y at %H:%M}: "
            "ballots can no longer be cast or changed."
        )
    if not voting_round.is_open(now):
        raise ValidationError(
            f"This round opens on {timezone.localtime(voting_round.opens_at):%d %b %Y at %H:%M}."
        )
    problems = ballot_problems(voting_round, marks)
    if problems:
        raise ValidationError(problems)
    chosen = {pid: value for pid, value in marks.items() if value}
    ballot = Ballot.objects.filter(round=voting_round, practice=practice).first()
    if ballot is None:
        try:
            with transaction.atomic():
                ballot = Ballot.objects.create(
                    round=voting_round,
                    practice=practice,
                    version=1,
                    cast_by=user,
                    cast_at=now,
                    comment=comment,
                    suggestion=suggestion,
                )
        except IntegrityError:  # a rival won the race: change its ballot instead
            ballot = Ballot.objects.get(round=voting_round, practice=practice)
            ballot = _ballot_revise(ballot, user, now, comment, suggestion)
    else:
        ballot = _ballot_revise(ballot, user, now, comment, suggestion)
    BallotChoice.objects.filter(ballot=ballot).delete()
    rank_method = voting_round.method == VotingMethod.RANKED
    BallotChoice.objects.bulk_create(
        BallotChoice(
            ballot=ballot,
            priority_id=pid,
            rank=value if rank_method else None,
            points=None if rank_method else value,
        )
        for pid, value in chosen.items()
    )
    BallotVersion.objects.create(
        ballot=ballot,
        number=ballot.version,
        cast_by=user,
        cast_at=now,
        choices={str(pid): value for pid, value in chosen.items()},
        comment=comment,
        suggestion=suggestion,
    )
    audit_record(
        actor=user,
        action="ballot",
        subject=ballot,
        summary=f"{practice} cast version {ballot.version} of its ballot in “{voting_round}”",
    )
    return ballot


def _ballot_revise(ballot: Ballot, user, now, comment: str, suggestion: str) -> Ballot:
    ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
    ballot.version += 1
    ballot.cast_by, ballot.cast_at = user, now
    ballot.comment, ballot.suggestion = comment, suggestion
    ballot.save(update_fields=["version", "cast_by", "cast_at", "comment", "suggestion"])
    return ballot


def round_close(*, voting_round: VotingRound, now: dt.datetime | None = None) -> bool:
    """Close one round now (the chair closing early); False when it was already closed."""
    now = now or timezone.now()
    closed = VotingRound.objects.filter(pk=voting_round.pk, closed_at__isnull=True).update(
        closed_at=now
    )
    return closed == 1


def rounds_close_due(*, now: dt.datetime | None = None) -> int:
    """Close every round past its closing time; running it twice closes nothing twice."""
    now = now or timezone.now()
    return VotingRound.objects.due_to_close(now).update(closed_at=now)


@transaction.atomic
def round_adopt(
    *, voting_round: VotingRound, priority_ids: Sequence[int], now: dt.datetime | None = None
) -> list[Priority]:
    """Adopt the chosen candidates, in order, as the group's priorities (replacing the list)."""
    now = now or timezone.now()
    voting_round = VotingRound.objects.select_for_update().get(pk=voting_round.pk)
    if not voting_round.is_closed(now):
        raise ValidationError("Adopt priorities once the round has closed.")
    if not priority_ids:
        raise ValidationError("Choose at least one priority to adopt.")
    if len(set(priority_ids)) != len(priority_ids):
        raise ValidationError("Each priority can be adopted once.")
    candidates = {p.id: p for p in voting_round.candidates.select_for_update()}
    if set(priority_ids) - set(candidates):
        raise ValidationError("Only candidates in this round can be adopted from it.")
    # The old list steps down first so the adopted ranks stay unique at every moment.
    Priority.objects.filter(status=PriorityStatus.ADOPTED).exclude(id__in=priority_ids).update(
        status=PriorityStatus.RETIRED, rank=None
    )
    Priority.objects.filter(id__in=priority_ids).update(status=PriorityStatus.CANDIDATE, rank=None)
    adopted = []
    for rank, pid in enumerate(priority_ids, start=1):
        priority = candidates[pid]
        priority.status, priority.rank = PriorityStatus.ADOPTED, rank
        priority.save(update_fields=["status", "rank"])
        adopted.append(priority)
    voting_round.adopted_at = now
    voting_round.save(update_fields=["adopted_at"])
    return adopted
