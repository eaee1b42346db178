"""Requests from the system to general practice: the single point of access and its triage."""

from __future__ import annotations

import datetime as dt
import os
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from members.uploads import private_storage


class Status(models.TextChoices):
    NEW = "new", "New"
    RESUBMITTED = "resubmitted", "Resubmitted"
    AWAITING_REQUESTER = "awaiting_requester", "Awaiting the requester"
    TRIAGED = "triaged", "Triaged"
    CLOSED = "closed", "Closed"


# Requests waiting for a gatekeeper's decision.
UNTRIAGED = (Status.NEW, Status.RESUBMITTED)


class Route(models.TextChoices):
    MEETING = "meeting", "Leadership meeting"
    PAPER = "paper", "Paper to members"
    MESSAGE = "message", "WhatsApp message"
    MORE_WORK = "more_work", "More work needed"
    DECLINED = "declined", "Declined"


class Channel(models.TextChoices):
    WEB = "web", "Public form"
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    MEETING = "meeting", "In a meeting"
    OTHER = "other", "Other"


class DeclineReason(models.TextChoices):
    NOT_GENERAL_PRACTICE = "not_general_practice", "Not a matter for general practice"
    CONTRACTUAL = "contractual", "Already covered by the national contract"
    UNFUNDED_WORK = "unfunded_work", "Shifts unfunded work onto practices"
    DUPLICATE = "duplicate", "Already being dealt with elsewhere"
    OTHER = "other", "Another reason"


class PaperAudience(models.TextChoices):
    SEATS = "seats", "Leadership seat holders"
    PRACTICES = "practices", "All practices"


class PaperResponse(models.TextChoices):
    NOTED = "noted", "Noted"
    SUPPORT = "support", "Support"
    CONCERN = "concern", "Concern"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def add_working_days(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


class Request(models.Model):
    """One approach from a system partner, whichever door it knocked on."""

    partner = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requests_made",
    )
    partner_other = models.CharField("Organisation name", max_length=200, blank=True)
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField()
    title = models.CharField(max_length=200)
    ask = models.TextField("What you are asking general practice to do or decide")
    why_general_practice = models.TextField("Why general practice")
    impact = models.TextField("What it means for practices")
    respond_by = models.DateField("Response needed by")
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)
    approached_via = models.ForeignKey(
        "members.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approaches_received",
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests_logged",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    status = models.CharField(max_length=24, choices=Status.choices, default=Status.NEW)
    route = models.CharField(max_length=16, choices=Route.choices, blank=True)
    response = models.TextField("Response to the requester", blank=True)
    priorities = models.ManyToManyField("priorities.Priority", blank=True, related_name="requests")
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    triaged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    same_ask_as = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="linked",
        help_text="The first request of a group carrying the same ask.",
    )
    agenda_item = models.ForeignKey(
        "decisions.AgendaItem",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    # more work
    questions = models.TextField("What is missing", blank=True)
    answer = models.TextField("The requester's answer", blank=True)
    awaiting_since = models.DateTimeField(null=True, blank=True)
    requester_nudged_at = models.DateTimeField(null=True, blank=True)
    # declined
    decline_reason = models.CharField(max_length=32, choices=DeclineReason.choices, blank=True)
    # message
    message_text = models.TextField(blank=True)
    message_posted_at = models.DateTimeField(null=True, blank=True)
    # paper
    paper_audience = models.CharField(max_length=16, choices=PaperAudience.choices, blank=True)
    paper_due_on = models.DateField(null=True, blank=True)
    closing_summary = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "submitted_at"]),
            models.Index(fields=["route"]),
            # The working queue (not closed, oldest first): its count, its pages.
            models.Index(
                fields=["submitted_at", "id"],
                condition=~Q(status="closed"),
                name="inbox_request_open_queue",
            ),
            # A partner's requests, newest first.
            models.Index(fields=["partner", "submitted_at", "id"], name="inbox_request_partner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | ~Q(partner_other=""),
                name="request_names_its_partner",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["new", "resubmitted"]) | ~Q(route=""),
                name="request_triaged_has_route",
            ),
            models.CheckConstraint(
                condition=~Q(status="awaiting_requester") | Q(route="more_work"),
                name="request_awaiting_only_for_more_work",
            ),
            models.CheckConstraint(
                condition=~Q(route="declined") | ~Q(decline_reason=""),
                name="request_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(route="paper") | Q(paper_due_on__isnull=False),
                name="request_paper_has_due_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="request_closed_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(same_ask_as=models.F("id")), name="request_not_linked_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    @property
    def reference(self) -> str:
        return f"R-{self.pk:04d}" if self.pk else "R-new"

    @property
    def partner_name(self) -> str:
        return self.partner.name if self.partner_id else self.partner_other

    @property
    def is_untriaged(self) -> bool:
        return self.status in UNTRIAGED

    @property
    def age_days(self) -> int:
        return (timezone.localdate() - timezone.localdate(self.submitted_at)).days

    def tracking_link_works(self, now: dt.datetime | None = None) -> bool:
        """The requester's link works while the request is open and for a while after it
        closes (declining closes it), so an old email stops opening it."""
        if self.status != Status.CLOSED or self.closed_at is None:
            return True
        kept = dt.timedelta(days=settings.TRACKING_LINK_DAYS_AFTER_CLOSE)
        return (now or timezone.now()) < self.closed_at + kept

    def triage_due_on(self) -> dt.date:
        return add_working_days(
            timezone.localdate(self.submitted_at), settings.TRIAGE_SERVICE_LEVEL_DAYS
        )

    @property
    def is_overdue(self) -> bool:
        return self.is_untriaged and timezone.localdate() > self.triage_due_on()


def attachment_path(instance: RequestAttachment, filename: str) -> str:
    """A private folder per request; long names are cut so no filesystem refuses them."""
    base, extension = os.path.splitext(filename)
    short = f"{base[:80]}{extension[:10]}"
    return f"requests/{instance.request.token[:12]}/{secrets.token_hex(6)}-{short}"


class RequestAttachment(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300, storage=private_storage)
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    is_paper = models.BooleanField(default=False, help_text="The paper circulated to members.")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RequestEvent(models.Model):
    """The request's history: who did what, when."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=200)
    what = models.CharField(max_length=500)
    detail = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label}: {self.what}"


class PaperRecipient(models.Model):
    """A member asked to respond to a circulated paper."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey(
        "members.Person", on_delete=models.CASCADE, related_name="papers_received"
    )
    organisation = models.ForeignKey(
        "members.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    response = models.CharField(max_length=16, choices=PaperResponse.choices, blank=True)
    comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__name", "person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["request", "person"], name="paper_recipient_once"),
            models.CheckConstraint(
                condition=Q(response="") | Q(responded_at__isnull=False),
                name="paper_response_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.request}"
