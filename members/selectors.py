"""Reads that members pages share."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, Sum, prefetch_related_objects

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
    page: Page
    others: list[Organisation]
    partners: list[Organisation]
    pcn_count: int
    practice_count: int
    patient_total: int


PCNS_PER_PAGE = 20


def organisation_directory(*, page_number: str | int | None = 1) -> Directory:
    """PCNs (a page at a time) with their active practices, and the area's totals."""
    practices = Organisation.objects.practices().active()
    pcns = (
        Organisation.objects.pcns()
        .active()
        .annotate(
            practice_count=Count("practices", filter=Q(practices__is_active=True)),
            patient_total=Sum("practices__list_size", filter=Q(practices__is_active=True)),
        )
        .order_by("name", "id")
    )
    page = Paginator(pcns, PCNS_PER_PAGE).get_page(page_number)
    page.object_list = list(page.object_list)
    prefetch_related_objects(
        page.object_list,
        Prefetch("practices", queryset=practices.order_by("name"), to_attr="active_practices"),
    )
    totals = practices.aggregate(count=Count("id"), patients=Sum("list_size"))
    others = list(
        Organisation.objects.active().filter(
            kind__in=[OrganisationKind.FEDERATION, OrganisationKind.LMC]
        )
    )
    partners = list(Organisation.objects.system_partners().active().order_by("kind", "name"))
    return Directory(
        page=page,
        others=others,
        partners=partners,
        pcn_count=page.paginator.count,
        practice_count=totals["count"],
        patient_total=totals["patients"] or 0,
    )


def notifications_for(user):
    return Notification.objects.filter(recipient=user).only(
        "id", "title", "body", "url", "created_at", "read_at"
    )
