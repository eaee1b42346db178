"""Organisations: practices, PCNs, the federation, the LMC and system partners."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q


class OrganisationKind(models.TextChoices):
    PRACTICE = "practice", "GP practice"
    PCN = "pcn", "Primary Care Network"
    FEDERATION = "federation", "GP federation"
    LMC = "lmc", "Local Medical Committee"
    ICB = "icb", "Integrated Care Board"
    ACUTE_TRUST = "acute_trust", "Acute (hospital) trust"
    COMMUNITY_TRUST = "community_trust", "Community trust"
    MENTAL_HEALTH_TRUST = "mental_health_trust", "Mental-health trust"
    COUNCIL = "council", "Council"
    OTHER_PARTNER = "other_partner", "Other system partner"


GENERAL_PRACTICE_KINDS = frozenset(
    {
        OrganisationKind.PRACTICE,
        OrganisationKind.PCN,
        OrganisationKind.FEDERATION,
        OrganisationKind.LMC,
    }
)
# Organisations that hold a seat on the leadership group.
MEMBER_KINDS = frozenset({OrganisationKind.PCN, OrganisationKind.FEDERATION, OrganisationKind.LMC})
SYSTEM_PARTNER_KINDS = frozenset(set(OrganisationKind) - GENERAL_PRACTICE_KINDS)

PRACTICE_ODS = r"^[A-Z][0-9]{5}$"
PCN_ODS = r"^U[0-9]{5}$"
OTHER_ODS = r"^[A-Z0-9]{3,6}$"

ODS_RULES = {
    OrganisationKind.PRACTICE: (PRACTICE_ODS, "a letter and five digits, like A81001"),
    OrganisationKind.PCN: (PCN_ODS, "U and five digits, like U12345"),
}


class OrganisationQuerySet(models.QuerySet):
    def active(self) -> OrganisationQuerySet:
        return self.filter(is_active=True)

    def practices(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.PRACTICE)

    def pcns(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.PCN)

    def system_partners(self) -> OrganisationQuerySet:
        return self.filter(kind__in=SYSTEM_PARTNER_KINDS)


class Organisation(models.Model):
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=32, choices=OrganisationKind.choices)
    ods_code = models.CharField(
        "ODS code",
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text="NHS Organisation Data Service code: practices like A81001, PCNs like U12345.",
    )
    list_size = models.PositiveIntegerField(
        null=True, blank=True, help_text="Registered patients (practices only)."
    )
    pcn = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="practices",
        limit_choices_to={"kind": "pcn"},
        verbose_name="PCN",
    )
    is_active = models.BooleanField(
        default=True, help_text="Inactive organisations keep their history but take no new part."
    )
    # From NHS England's register, when the organisation was imported (see members/registers/).
    published_name = models.CharField(max_length=200, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    list_size_as_of = models.DateField("List size as of", null=True, blank=True)
    sub_icb_code = models.CharField("Sub-ICB location code", max_length=10, blank=True)
    sub_icb_name = models.CharField("Sub-ICB location", max_length=200, blank=True)
    icb_code = models.CharField("ICB code", max_length=10, blank=True)
    icb_name = models.CharField("ICB", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "name"]),
            models.Index(fields=["sub_icb_code"]),
            models.Index(fields=["icb_code"]),
        ]
        permissions = [("act_for_practice", "Can act for this practice (vote, acknowledge)")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="practice")
                | (Q(list_size__gt=0) & Q(pcn__isnull=False) & Q(ods_code__isnull=False)),
                name="practice_has_list_size_pcn_and_ods_code",
            ),
            models.CheckConstraint(
                condition=Q(kind="practice") | (Q(list_size__isnull=True) & Q(pcn__isnull=True)),
                name="only_practices_have_list_size_and_pcn",
            ),
            models.CheckConstraint(
                condition=~Q(kind="practice") | Q(ods_code__regex=PRACTICE_ODS),
                name="practice_ods_code_shape",
            ),
            models.CheckConstraint(
                condition=~Q(kind="pcn") | Q(ods_code__regex=PCN_ODS),
                name="pcn_ods_code_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_practice(self) -> bool:
        return self.kind == OrganisationKind.PRACTICE

    @property
    def is_general_practice(self) -> bool:
        return self.kind in GENERAL_PRACTICE_KINDS

    @property
    def is_system_partner(self) -> bool:
        return self.kind in SYSTEM_PARTNER_KINDS

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.ods_code:
            self.ods_code = self.ods_code.strip().upper()
        else:
            self.ods_code = None
        pattern, example = ODS_RULES.get(self.kind, (OTHER_ODS, "3 to 6 letters or digits"))
        if self.kind in ODS_RULES and not self.ods_code:
            errors["ods_code"] = f"A {self.get_kind_display()} needs an ODS code: {example}."
        elif self.ods_code and not re.match(pattern, self.ods_code):
            errors["ods_code"] = (
                f"“{self.ods_code}” is not an ODS code for a {self.get_kind_display()}: "
                f"it should be {example}."
            )
        if self.kind == OrganisationKind.PRACTICE:
            if not self.list_size:
                errors["list_size"] = (
                    "A practice needs its list size: registered patients, above 0."
                )
            if self.pcn_id is None:
                errors["pcn"] = "A practice belongs to one PCN: choose it."
            elif self.pcn.kind != OrganisationKind.PCN:
                errors["pcn"] = "Choose a Primary Care Network."
        else:
            if self.list_size is not None:
                errors["list_size"] = "Only practices have a list size."
            if self.pcn_id is not None:
                errors["pcn"] = "Only practices belong to a PCN."
        if errors:
            raise ValidationError(errors)
