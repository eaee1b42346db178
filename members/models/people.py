"""People (a profile on the Django user), seats on the leadership group and leadership roles."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from .organisations import MEMBER_KINDS, Organisation


class Person(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person"
    )
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    contact_email = models.EmailField(
        blank=True, help_text="Where reminders go; the login email when left blank."
    )
    organisations = models.ManyToManyField(Organisation, blank=True, related_name="people")
    digest_opt_out = models.BooleanField(
        "No weekly digest",
        default=False,
        help_text="Stop the weekly digest. Direct reminders still come.",
    )

    class Meta:
        ordering = ["full_name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.full_name

    @property
    def email(self) -> str:
        return self.contact_email or self.user.email


class Seat(models.Model):
    """A member organisation's place on the leadership group, held by a named person."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.PROTECT,
        related_name="seat",
        limit_choices_to={"kind__in": sorted(MEMBER_KINDS)},
    )
    holder = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="seats"
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["organisation__kind", "organisation__name"]

    def __str__(self) -> str:
        return f"Seat: {self.organisation}"

    def clean(self) -> None:
        if self.organisation_id and self.organisation.kind not in MEMBER_KINDS:
            raise ValidationError(
                {"organisation": "Only PCNs, the LMC and the federation hold seats."}
            )


class RoleKind(models.TextChoices):
    CHAIR = "chair", "Chair"
    GATEKEEPER = "gatekeeper", "Gatekeeper"
    REPRESENTATION_LEAD = "representation_lead", "Representation lead"
    ADMIN_SUPPORT = "admin_support", "Admin support"
    REPRESENTATIVE = "representative", "Representative"


# How many people may hold each role at once: a slot number per holder, unique while active,
# so the database itself refuses a third gatekeeper even when two requests race.
ROLE_SLOTS: dict[str, int | None] = {
    RoleKind.CHAIR: 1,
    RoleKind.GATEKEEPER: 2,
    RoleKind.REPRESENTATION_LEAD: 2,
    RoleKind.ADMIN_SUPPORT: None,
    RoleKind.REPRESENTATIVE: None,
}


class LeadershipRoleQuerySet(models.QuerySet):
    def active(self) -> LeadershipRoleQuerySet:
        return self.filter(ended_on__isnull=True)


class LeadershipRole(models.Model):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="roles")
    kind = models.CharField(max_length=32, choices=RoleKind.choices)
    slot = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)

    objects = LeadershipRoleQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "slot", "person__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "slot"],
                condition=Q(ended_on__isnull=True),
                name="one_active_holder_per_role_slot",
            ),
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(ended_on__isnull=True),
                name="person_holds_role_once",
            ),
            models.CheckConstraint(
                condition=(Q(kind="chair") & Q(slot=1) & Q(slot__isnull=False))
                | (
                    Q(kind__in=["gatekeeper", "representation_lead"])
                    & Q(slot__in=[1, 2])
                    & Q(slot__isnull=False)
                )
                | (Q(kind__in=["admin_support", "representative"]) & Q(slot__isnull=True)),
                name="role_slot_within_limit",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="role_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None

    def clean(self) -> None:
        """Give an active role a free slot, or say plainly why there is none."""
        if self.ended_on is not None:
            if self.started_on and self.ended_on < self.started_on:
                raise ValidationError({"ended_on": "A role cannot end before it starts."})
            return
        holds_seat = Seat.objects.filter(holder_id=self.person_id, is_active=True).exists
        if self.kind == RoleKind.CHAIR and self.person_id and not holds_seat():
            raise ValidationError(
                {
                    "person": "The chair must hold a seat on the group (a PCN, the LMC or "
                    "the federation)."
                }
            )
        limit = ROLE_SLOTS.get(self.kind)
        others = LeadershipRole.objects.active().filter(kind=self.kind).exclude(pk=self.pk)
        if self.person_id and others.filter(person_id=self.person_id).exists():
            raise ValidationError(f"{self.person} is already {self.get_kind_display().lower()}.")
        if limit is None:
            self.slot = None
            return
        taken = dict(others.values_list("slot", "person__full_name"))
        if self.slot in taken or self.slot is None:
            free = [slot for slot in range(1, limit + 1) if slot not in taken]
            if not free:
                raise ValidationError(role_limit_message(self.kind, sorted(taken.values())))
            self.slot = free[0]


def role_limit_message(kind: str, holders: list[str]) -> str:
    label = RoleKind(kind).label.lower()
    if ROLE_SLOTS[kind] == 1:
        return f"The group already has a {label}: {holders[0]}. End that term first."
    names = " and ".join(holders)
    return (
        f"The group already has two {label}s ({names}); there are never more than two. "
        f"End one of their terms before naming another."
    )
