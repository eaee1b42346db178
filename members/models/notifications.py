"""Reminders (recorded exactly once, emailed at least once) and the notifications they leave."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Reminder(models.Model):
    """One reminder of one kind about one thing to one person for one due date.

    The unique constraint is the guarantee: a job that runs twice, or two workers that
    race, cannot record the same reminder twice. `emailed_at` is set in the transaction that
    sends the email, so a reminder not yet emailed is never taken for one that was. No index
    includes `emailed_at` and the table keeps half of each page free (migration 0004), so
    setting it is a heap-only update that touches none of the indexes.
    """

    kind = models.CharField(max_length=64)
    # the (content_type, object_id) index below serves lookups by content type too
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, db_index=False)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders"
    )
    due_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "content_type", "object_id", "recipient", "due_on"],
                name="reminder_sent_once",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            # the sweep's safety net looks among the last day's reminders for any not emailed
            models.Index(fields=["created_at"], name="reminder_created"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.recipient} ({self.due_on})"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="notification"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"
            )
        ]

    def __str__(self) -> str:
        return self.title
