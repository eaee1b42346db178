"""Who may do what in priorities: one helper per entity, called on the first line of a view."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.access import Roles, roles_for
from members.models import Organisation, OrganisationKind

from .models import Priority, VotingRound


def can_propose(roles: Roles) -> bool:
    return roles.is_leadership


def can_run_rounds(roles: Roles) -> bool:
    return roles.is_chair or roles.is_superuser


def can_see_ballots(roles: Roles) -> bool:
    return roles.is_chair or roles.is_admin_support or roles.is_superuser


def can_see_participation(roles: Roles) -> bool:
    return roles.is_leadership


def get_priority_for_user(user, pk: int, *, write: bool) -> Priority:
    roles = roles_for(user)
    if not roles.is_general_practice or (write and not can_propose(roles)):
        raise PermissionDenied("Only the leadership group proposes and edits priorities.")
    return get_object_or_404(Priority, pk=pk)


def get_round_for_user(user, pk: int, *, write: bool) -> VotingRound:
    roles = roles_for(user)
    if not roles.is_general_practice or (write and not can_run_rounds(roles)):
        raise PermissionDenied("Only the chair runs voting rounds.")
    return get_object_or_404(VotingRound, pk=pk)


def get_practice_for_ballot(user, pk: int) -> Organisation:
    """The practice whose ballot the user wants: only its authorised contacts may cast it."""
    roles = roles_for(user)
    if not roles.acts_for(pk):
        raise PermissionDenied("You do not act for this practice, so you cannot cast its ballot.")
    return get_object_or_404(Organisation, pk=pk, kind=OrganisationKind.PRACTICE)
