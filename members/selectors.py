"""Reads that members pages share."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, Sum

from .models import (
    LeadershipRole,
    Notification,
    Organisation,
    OrganisationKind,
    Seat,
)


def group_seats() -> list[Seat]:
    return list(
        Seat.objects.filter(is_active=True, organisation__is_active=True).select_related(
            "organisation", "holder"
        )
    )


def group_roles() -> dict[str, list[LeadershipRole]]:
    by_kind: dict[str, list[LeadershipRole]] = {}
    for role in LeadershipRole.objects.active().select_related("person"):
        by_kind.setdefault(role.kind, []).append(role)
    return by_kind


@dataclass(frozen=True)
class Directory:
    pcns: list[Organisation]
    others: list[Organisation]
    partners: list[Organisation]
    practice_count: int
    patient_total: int


def organisation_directory() -> Directory:
    practices = Organisation.objects.practices().active().order_by("name")
    pcns = list(
        Organisation.objects.pcns()
        .active()
        .annotate(
            practice_count=Count("practices", filter=Q(practices__is_active=True)),
            patient_total=Sum("practices__list_size", filter=Q(practices__is_active=True)),
        )
        .prefetch_related(Prefetch("practices", queryset=practices, to_attr="active_practices"))
        .order_by("name")
    )
    others = list(
        Organisation.objects.active().filter(
            kind__in=[OrganisationKind.FEDERATION, OrganisationKind.LMC]
        )
    )
    partners = list(Organisation.objects.system_partners().active().order_by("kind", "name"))
    return Directory(
        pcns=pcns,
        others=others,
        partners=partners,
        practice_count=sum(p.practice_count for p in pcns),
        patient_total=sum(p.patient_total or 0 for p in pcns),
    )


def notifications_for(user):
    return Notification.objects.filter(recipient=user).only(
        "id", "title", "body", "url", "created_at", "read_at"
    )
