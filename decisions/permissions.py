"""Who may do what in decisions: one access helper per entity, on the first line of each view."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.access import Roles, roles_for

from .models import AgendaItem, Commitment, CommitmentScope, Decision, LeadershipMeeting


def can_view_meetings(roles: Roles) -> bool:
    return roles.is_general_practice


def can_manage_meetings(roles: Roles) -> bool:
    """The chair and admin support build agendas and record attendance."""
    return roles.is_superuser or roles.is_chair or roles.is_admin_support


def can_chair(roles: Roles) -> bool:
    """Only the chair agrees, opens rounds, parks, withdraws and publishes."""
    return roles.is_superuser or roles.is_chair


def can_see_unpublished(roles: Roles) -> bool:
    return roles.is_leadership


def can_record_for_any_seat(roles: Roles) -> bool:
    return can_manage_meetings(roles)


def get_meeting_for_user(user, pk: int, *, write: bool = False) -> LeadershipMeeting:
    roles = roles_for(user)
    if not (can_manage_meetings(roles) if write else can_view_meetings(roles)):
        raise PermissionDenied("Only the chair and admin support change meetings.")
    return get_object_or_404(LeadershipMeeting.objects.select_related("chair"), pk=pk)


def get_agenda_item_for_user(user, pk: int, *, write: bool = False) -> AgendaItem:
    roles = roles_for(user)
    if not (can_manage_meetings(roles) if write else can_view_meetings(roles)):
        raise PermissionDenied("Only the chair and admin support change the agenda.")
    return get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)


def get_decision_for_user(user, pk: int, *, chair: bool = False) -> Decision:
    """Leadership sees every decision; the rest of general practice sees published ones."""
    roles = roles_for(user)
    if not roles.is_general_practice or (chair and not can_chair(roles)):
        raise PermissionDenied("Only the chair can do this." if chair else None)
    decision = get_object_or_404(
        Decision.objects.select_related("priority", "agenda_item__meeting", "published_by"), pk=pk
    )
    if not decision.is_published and not can_see_unpublished(roles):
        raise PermissionDenied("This decision has not been published to practices yet.")
    return decision


def seats_user_may_record(roles: Roles, expected_seat_ids) -> set[int]:
    if can_record_for_any_seat(roles):
        return set(expected_seat_ids)
    return set(expected_seat_ids) & set(roles.seat_ids)


def commitment_owner_ids(commitment: Commitment) -> set[int]:
    return {o.id for o in commitment.organisations.all()}


def can_update_commitment(roles: Roles, commitment: Commitment) -> bool:
    if can_manage_meetings(roles):
        return True
    mine = set(roles.seat_organisation_ids) | set(roles.practice_ids)
    if commitment.scope == CommitmentScope.ALL_PRACTICES:
        return bool(roles.practice_ids)
    if commitment.scope == CommitmentScope.ALL_PCNS:
        return roles.is_seat_holder
    if commitment.scope == CommitmentScope.GROUP:
        return roles.is_seat_holder
    return bool(mine & commitment_owner_ids(commitment))


def get_commitment_for_user(user, pk: int, *, write: bool = False) -> Commitment:
    roles = roles_for(user)
    if not roles.is_general_practice:
        raise PermissionDenied
    commitment = get_object_or_404(
        Commitment.objects.select_related("decision").prefetch_related("organisations"), pk=pk
    )
    if write and not can_update_commitment(roles, commitment):
        raise PermissionDenied("Only the organisations that made this commitment update it.")
    return commitment
