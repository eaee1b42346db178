"""What the NHS England register imports leave behind: list-size history and import runs."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from .organisations import Organisation


class ListSize(models.Model):
    """A practice's registered patients as published for one month."""

    practice = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="list_sizes")
    as_of = models.DateField()
    patients = models.PositiveIntegerField()

    class Meta:
        ordering = ["practice", "-as_of"]
        constraints = [
            models.UniqueConstraint(fields=["practice", "as_of"], name="one_list_size_a_month"),
            models.CheckConstraint(condition=models.Q(patients__gt=0), name="list_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.practice}: {self.patients} on {self.as_of}"


class ImportRun(models.Model):
    class Status(models.TextChoices):
        DRY_RUN = "dry_run", "Dry run (nothing written)"
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed (nothing written)"

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    map_file = models.CharField(max_length=300)
    patients_file = models.CharField(max_length=300)
    scope = models.JSONField(default=dict)
    extract_date = models.DateField(null=True, blank=True)
    summary = models.JSONField(default=dict)
    changes = models.JSONField(default=list)
    problems = models.JSONField(default=list)
    error = models.TextField(blank=True)
    phase = models.CharField(max_length=100, blank=True)
    rows_read = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"Import {self.started_at:%Y-%m-%d %H:%M} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DRY_RUN, self.Status.DONE, self.Status.FAILED)
