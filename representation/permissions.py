"""Who may see and change what in representation: one helper per entity, on a view's first line."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from members.access import Roles, roles_for

from .models import Action, Assignment, Feedback, Occurrence


def is_lead(roles: Roles) -> bool:
    return roles.is_representation_lead or roles.is_superuser


def is_representative(roles: Roles) -> bool:
    """Named to a body (or holding the representative role)."""
    if roles.is_representative:
        return True
    return (
        roles.person_id is not None
        and Assignment.objects.filter(person_id=roles.person_id).exists()
    )


def sees_everything(roles: Roles) -> bool:
    """Leadership and representatives see every meeting, feedback and action."""
    return roles.is_leadership or is_representative(roles)


def reads_summaries(roles: Roles) -> bool:
    """Practice contacts (anyone in general practice) read published feedback summaries."""
    return roles.is_general_practice


def manages_meetings(roles: Roles) -> bool:
    return is_lead(roles) or roles.is_admin_support


def _assigned(roles: Roles, occurrence: Occurrence) -> bool:
    return (
        roles.person_id is not None
        and Assignment.objects.filter(
            meeting_id=occurrence.meeting_id, person_id=roles.person_id
        ).exists()
    )


def get_occurrence_for_user(user, pk: int, *, write: bool = False) -> Occurrence:
    """Read: leadership and representatives. Write (brief): a lead or its representative."""
    roles = roles_for(user)
    if not sees_everything(roles):
        raise PermissionDenied("Only the leadership group and its representatives see this.")
    occurrence = get_object_or_404(Occurrence.objects.select_related("meeting"), pk=pk)
    if write and not (is_lead(roles) or _assigned(roles, occurrence)):
        raise PermissionDenied("Only a representation lead or this body's representative briefs.")
    return occurrence


def get_occurrence_for_feedback(user, pk: int) -> Occurrence:
    """Only a representative assigned to the body files its feedback."""
    roles = roles_for(user)
    occurrence = get_object_or_404(Occurrence.objects.select_related("meeting"), pk=pk)
    if not _assigned(roles, occurrence):
        raise PermissionDenied("Only the representatives of this meeting file its feedback.")
    return occurrence


def get_feedback_for_user(user, pk: int) -> tuple[Feedback, bool]:
    """(feedback, full): everyone in general practice reads the summary; full for leadership."""
    roles = roles_for(user)
    if not reads_summaries(roles):
        raise PermissionDenied("Feedback is for general practice only.")
    feedback = get_object_or_404(
        Feedback.objects.select_related("occurrence__meeting", "filed_by"), pk=pk
    )
    return feedback, sees_everything(roles)


def get_action_for_user(user, pk: int, *, chase: bool = False) -> Action:
    """Owners update their actions; admin support and leads update and chase any."""
    roles = roles_for(user)
    action = get_object_or_404(Action.objects.select_related("owner"), pk=pk)
    supports = roles.is_admin_support or is_lead(roles)
    if chase and not supports:
        raise PermissionDenied("Only admin support and the representation leads chase actions.")
    if not (supports or action.owner_id == roles.person_id):
        raise PermissionDenied("Only the action's owner, admin support or a lead updates it.")
    return action
