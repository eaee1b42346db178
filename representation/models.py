"""Representation: system meetings, their occurrences, briefings, feedback, actions, reviews."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.urls import reverse

from members.uploads import private_storage


class Cadence(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    BIMONTHLY = "bimonthly", "Every two months"
    QUARTERLY = "quarterly", "Quarterly"
    AD_HOC = "ad_hoc", "When called"


class SystemMeeting(models.Model):
    """A body general practice sits on: a partnership board, an ICB committee..."""

    name = models.CharField(max_length=200, unique=True)
    organiser = models.CharField(max_length=200, help_text="Who runs it, e.g. the ICB.")
    cadence = models.CharField(max_length=16, choices=Cadence.choices, default=Cadence.MONTHLY)
    representatives = models.ManyToManyField(
        "members.Person", through="Assignment", related_name="represented_meetings", blank=True
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("representation:body-detail", args=[self.pk])


class Assignment(models.Model):
    """A person named to represent general practice on a body."""

    meeting = models.ForeignKey(SystemMeeting, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="representation_assignments"
    )
    assigned_on = models.DateField(default=dt.date.today)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="assigned_to_body_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.meeting}"


class Occurrence(models.Model):
    """One sitting of a system meeting, with its papers."""

    meeting = models.ForeignKey(SystemMeeting, on_delete=models.PROTECT, related_name="occurrences")
    date = models.DateField()
    time = models.TimeField(null=True, blank=True)
    papers_link = models.URLField("Link to the papers", blank=True)
    papers_file = models.FileField(
        "Papers", upload_to="representation/papers/", blank=True, storage=private_storage
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["date", "time"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "date", "time"], name="one_occurrence_per_body_and_time"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} on {self.date:%-d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("representation:briefing", args=[self.pk])


class Briefing(models.Model):
    """What the group wants from an occurrence; the representative confirms reading it."""

    occurrence = models.OneToOneField(Occurrence, on_delete=models.CASCADE, related_name="briefing")
    written_by = models.ForeignKey(
        "members.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    read_by = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(read_at__isnull=True) | Q(read_by__isnull=False),
                name="briefing_read_by_someone",
            )
        ]

    def __str__(self) -> str:
        return f"Briefing: {self.occurrence}"


class Mandate(models.TextChoices):
    MAY_AGREE = "may_agree", "May agree"
    MUST_COME_BACK = "must_come_back", "Must come back to the group"
    OPPOSE = "oppose", "Oppose"


class BriefingItem(models.Model):
    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="items")
    title = models.CharField("Item due to be discussed", max_length=200)
    position = models.TextField("The group's position")
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="briefing_items",
    )
    mandate = models.CharField(max_length=16, choices=Mandate.choices)
    outcome_wanted = models.TextField("Outcome wanted", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.title


class Feedback(models.Model):
    """What happened at an occurrence, filed by its representative after it."""

    occurrence = models.OneToOneField(Occurrence, on_delete=models.PROTECT, related_name="feedback")
    filed_by = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    discussed = models.TextField("What was discussed")
    agreed = models.TextField("What was agreed", blank=True)
    intelligence = models.TextField("Intelligence about the system", blank=True)

    class Meta:
        ordering = ["-filed_at"]

    def __str__(self) -> str:
        return f"Feedback: {self.occurrence}"

    def get_absolute_url(self) -> str:
        return reverse("representation:feedback-detail", args=[self.pk])


class MandateStatus(models.TextChoices):
    WITHIN = "within", "Within mandate"
    OUTSIDE = "outside", "Outside mandate – needs the group's view"


class FeedbackAgreement(models.Model):
    """Something agreed on general practice's behalf; outside mandate goes to the group."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="agreements")
    text = models.TextField("What was agreed on general practice's behalf")
    mandate_status = models.CharField(max_length=16, choices=MandateStatus.choices)
    offered_to_group_at = models.DateTimeField(null=True, blank=True)
    agenda_item_id = models.PositiveBigIntegerField(null=True, blank=True)
    agenda_item_label = models.CharField(max_length=300, blank=True)
    agenda_item_url = models.CharField(max_length=300, blank=True)
    offer_problem = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(
                fields=["mandate_status"],
                condition=Q(mandate_status="outside"),
                name="agreement_outside_mandate",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(mandate_status="outside") | Q(offered_to_group_at__isnull=True),
                name="only_outside_mandate_offered_to_group",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def needs_group(self) -> bool:
        return self.mandate_status == MandateStatus.OUTSIDE


class ActionStatus(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def action_is_closed() -> models.ExpressionWrapper:
    """Done or dropped, as an expression: the tracker lists open actions first by it, and an
    index on (it, due date, id) lets a page read its 25 rows instead of sorting them all."""
    return models.ExpressionWrapper(
        ~Q(status__in=OPEN_STATUSES), output_field=models.BooleanField()
    )


class ActionQuerySet(models.QuerySet):
    def still_open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)


class Action(models.Model):
    """An action arising from a system meeting, with an owner and a date."""

    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("Action", max_length=300)
    owner = models.ForeignKey("members.Person", on_delete=models.PROTECT, related_name="actions")
    due_on = models.DateField("Due")
    status = models.CharField(max_length=16, choices=ActionStatus.choices, default="open")
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chased_at = models.DateTimeField(null=True, blank=True)
    chased_by = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(
                action_is_closed(), models.F("due_on"), models.F("id"), name="action_tracker_order"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status__in=["done", "dropped"]) & Q(closed_at__isnull=False))
                | (Q(status__in=["open", "in_progress"]) & Q(closed_at__isnull=True)),
                name="action_closed_when_done_or_dropped",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: dt.date) -> bool:
        return self.is_open and self.due_on < today


class Review(models.Model):
    """The group's periodic review of one representative."""

    representative = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="representation_reviews"
    )
    reviewed_on = models.DateField()
    what_worked = models.TextField("What worked")
    overstepped = models.TextField("Where they overstepped the mandate", blank=True)
    thin_feedback = models.TextField("Where feedback was too thin", blank=True)
    changes = models.TextField("What changes", blank=True)
    reviewed_by = models.ForeignKey(
        "members.Person", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["representative", "reviewed_on"], name="one_review_per_person_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"Review of {self.representative} on {self.reviewed_on}"
