"""Priorities: candidates the leadership proposes and the list the practices adopt."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class PriorityStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    ADOPTED = "adopted", "Adopted"
    RETIRED = "retired", "Retired"


class PriorityQuerySet(models.QuerySet):
    def adopted(self) -> PriorityQuerySet:
        return self.filter(status=PriorityStatus.ADOPTED).order_by("rank")


class Priority(models.Model):
    title = models.CharField(max_length=200)
    summary = models.TextField("What it means")
    actions = models.TextField(
        "Practical actions",
        blank=True,
        help_text="What general practice would push the system to do.",
    )
    why_it_matters = models.TextField("Why it matters to a practice", blank=True)
    status = models.CharField(
        max_length=16, choices=PriorityStatus.choices, default=PriorityStatus.CANDIDATE
    )
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PriorityQuerySet.as_manager()

    class Meta:
        ordering = ["status", "rank", "title"]
        verbose_name_plural = "priorities"
        constraints = [
            models.UniqueConstraint(
                fields=["rank"], condition=Q(status="adopted"), name="adopted_priority_rank_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted") | Q(rank__isnull=False),
                name="adopted_priority_has_rank",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class VotingMethod(models.TextChoices):
    RANKED = "ranked", "Ranked (Borda count)"
    POINTS = "points", "Points (spread a budget)"
    APPROVAL = "approval", "Approval (pick up to a number)"


class VotingRoundQuerySet(models.QuerySet):
    def open_at(self, now) -> VotingRoundQuerySet:
        return self.filter(opens_at__lte=now, closes_at__gt=now, closed_at__isnull=True)

    def due_to_close(self, now) -> VotingRoundQuerySet:
        return self.filter(closes_at__lte=now, closed_at__isnull=True)


class VotingRound(models.Model):
    """A vote of every practice on a set of candidate priorities, opened by the chair."""

    title = models.CharField(max_length=200)
    method = models.CharField(max_length=16, choices=VotingMethod.choices)
    max_choices = models.PositiveSmallIntegerField(
        "Most picks per practice",
        null=True,
        blank=True,
        help_text="Ranked and approval rounds: how many candidates a practice may pick.",
    )
    points_budget = models.PositiveSmallIntegerField(
        "Points per practice",
        null=True,
        blank=True,
        help_text="Points rounds: every practice spreads exactly this many points.",
    )
    candidates = models.ManyToManyField(Priority, related_name="voting_rounds")
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = VotingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-opens_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="round_closes_after_it_opens"
            ),
            models.CheckConstraint(
                condition=(Q(method="points") & Q(points_budget__gte=1))
                | (Q(method__in=["ranked", "approval"]) & Q(max_choices__gte=1)),
                name="round_method_has_its_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now) -> bool:
        return self.closed_at is None and self.opens_at <= now < self.closes_at

    def is_closed(self, now) -> bool:
        return self.closed_at is not None or now >= self.closes_at

    def status(self, now) -> str:
        if self.is_closed(now):
            return "closed"
        return "open" if self.is_open(now) else "not yet open"


class Ballot(models.Model):
    """One practice's ballot in one round: the latest version counts; versions keep the rest."""

    round = models.ForeignKey(VotingRound, on_delete=models.CASCADE, related_name="ballots")
    practice = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="ballots"
    )
    version = models.PositiveIntegerField(default=1)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField()
    comment = models.TextField(blank=True)
    suggestion = models.CharField("Suggested priority", max_length=200, blank=True)

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(fields=["round", "practice"], name="one_ballot_per_practice")
        ]

    def __str__(self) -> str:
        return f"{self.practice} in {self.round}"


class BallotChoice(models.Model):
    """A candidate on the current version of a ballot, with its rank or points."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    priority = models.ForeignKey(Priority, on_delete=models.PROTECT, related_name="+")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    points = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["rank", "-points", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "priority"], name="ballot_choice_once"),
            models.UniqueConstraint(
                fields=["ballot", "rank"],
                condition=Q(rank__isnull=False),
                name="ballot_rank_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.priority_id}: rank {self.rank}" if self.rank else f"{self.priority_id}"


class BallotVersion(models.Model):
    """Every version a practice cast, kept when it changes its ballot."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField()
    choices = models.JSONField(help_text="Priority id → rank or points, as cast.")
    comment = models.TextField(blank=True)
    suggestion = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["ballot", "number"]
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="ballot_version_once")
        ]

    def __str__(self) -> str:
        return f"Version {self.number} of ballot {self.ballot_id}"
