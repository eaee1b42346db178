"""Leadership meetings and their agendas, consensus decisions, commitments and acknowledgements."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from members.uploads import private_storage


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class LeadershipMeeting(models.Model):
    title = models.CharField(max_length=200, default="Leadership group meeting")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(default=120)
    location = models.CharField("Place", max_length=200, blank=True)
    online_link = models.URLField("Online link", blank=True)
    chair = models.ForeignKey(
        "members.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    system_item_cap_minutes = models.PositiveSmallIntegerField(
        "Cap on system items (minutes)",
        default=30,
        help_text="The group owns its agenda: most of the time goes to its own business.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="meeting_has_a_duration"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}, {self.starts_at:%d %b %Y}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    meeting = models.ForeignKey(
        LeadershipMeeting, on_delete=models.CASCADE, related_name="attendances"
    )
    seat = models.ForeignKey("members.Seat", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=16, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "seat"], name="attendance_once_per_seat")
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_status_display()}"


class AgendaItemKind(models.TextChoices):
    GP_BUSINESS = "gp_business", "General practice business"
    SYSTEM_ITEM = "system_item", "System item"
    INFORMATION = "information", "For information"


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        LeadershipMeeting, on_delete=models.CASCADE, related_name="agenda_items"
    )
    position = models.IntegerField()
    kind = models.CharField(max_length=16, choices=AgendaItemKind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    minutes = models.PositiveSmallIntegerField("Time (minutes)")
    lead = models.CharField(max_length=200, blank=True, help_text="Who introduces the item.")
    priority = models.ForeignKey(
        "priorities.Priority",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    is_proposed = models.BooleanField(
        default=False, help_text="Offered to the agenda; waits for the chair to accept it."
    )
    source_label = models.CharField(max_length=200, blank=True)
    source_url = models.CharField(max_length=500, blank=True)
    notes = models.TextField("Notes from the meeting", blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meeting", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "position"], name="agenda_item_position_unique"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="agenda_item_has_time"),
        ]

    def __str__(self) -> str:
        return self.title


class AgendaPaper(models.Model):
    """A paper for an agenda item: an uploaded file or a link."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="papers")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="papers/%Y/%m/", blank=True, storage=private_storage)
    url = models.URLField("Link", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(url=""), name="paper_has_file_or_link"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def href(self) -> str:
        if self.file:
            return reverse("decisions:agenda-paper-download", args=[self.pk])
        return self.url


class DecisionStatus(models.TextChoices):
    OPEN = "open", "Open"
    AGREED = "agreed", "Agreed"
    PARKED = "parked", "Parked"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Decision(models.Model):
    title = models.CharField(max_length=200)
    question = models.TextField(help_text="What the group is deciding, in plain English.")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    priority = models.ForeignKey(
        "priorities.Priority", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=16, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    agreed_wording = models.TextField(blank=True)
    summary = models.TextField(
        "Plain-English summary for practices",
        blank=True,
        help_text="What was decided and what it means for a practice.",
    )
    agreed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            # The register's order: its first page is read from the index, not a sort.
            models.Index(fields=["-created_at", "-id"], name="decision_register_order"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(published_at__isnull=True) | Q(status="agreed"),
                name="only_agreed_decisions_are_published",
            ),
            models.CheckConstraint(
                condition=~Q(status="agreed") | Q(agreed_at__isnull=False),
                name="agreed_decision_has_agreed_at",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == DecisionStatus.OPEN

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class Round(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    proposal = models.TextField("Proposal wording")
    expected_seats = models.ManyToManyField("members.Seat", related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="round_number_unique"),
            models.UniqueConstraint(
                fields=["decision"],
                condition=Q(closed_at__isnull=True),
                name="one_open_round_per_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number}"


class Stance(models.TextChoices):
    SUPPORT = "support", "Support"
    LIVE_WITH = "live_with", "Can live with it"
    STAND_ASIDE = "stand_aside", "Stand aside"
    CONCERN = "concern", "Concern"
    BLOCK = "block", "Block"


class Position(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="positions")
    seat = models.ForeignKey("members.Seat", on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=16, choices=Stance.choices)
    reason = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["round", "seat"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "seat"], name="one_position_per_seat_per_round"
            ),
            models.CheckConstraint(
                condition=~Q(stance__in=["concern", "block"]) | ~Q(reason=""),
                name="concern_or_block_gives_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seat}: {self.get_stance_display()}"


class CommitmentScope(models.TextChoices):
    ALL_PRACTICES = "all_practices", "All practices"
    ALL_PCNS = "all_pcns", "All PCNs"
    ORGANISATIONS = "organisations", "Named organisations"
    GROUP = "group", "The leadership group"


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track"
    AT_RISK = "at_risk", "At risk"
    DONE = "done", "Done"


class Commitment(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="commitments")
    scope = models.CharField("Who", max_length=16, choices=CommitmentScope.choices)
    organisations = models.ManyToManyField(
        "members.Organisation", blank=True, related_name="decision_commitments"
    )
    what = models.TextField()
    due_on = models.DateField("By when")
    how_checked = models.TextField("How the group will check it is working", blank=True)
    status = models.CharField(
        max_length=16, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    status_updated_at = models.DateTimeField(null=True, blank=True)
    status_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["due_on", "id"], name="commitment_overview_order"),
        ]

    def __str__(self) -> str:
        return self.what[:60]


class Acknowledgement(models.Model):
    """One practice's "seen" for one published decision; the row exists from publication."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    practice = models.ForeignKey(
        "members.Organisation", on_delete=models.PROTECT, related_name="decision_acknowledgements"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_link = models.BooleanField(default=False)

    class Meta:
        ordering = ["practice__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "practice"], name="acknowledgement_once_per_practice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} / {self.decision}"

    @property
    def is_seen(self) -> bool:
        return self.acknowledged_at is not None
