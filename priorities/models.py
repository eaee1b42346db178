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
