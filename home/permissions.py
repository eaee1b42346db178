"""Who may see the dashboard and the digest preview: role tests used by the views' decorators."""

from __future__ import annotations

from members.access import Roles, role_required


def can_see_dashboard(roles: Roles) -> bool:
    """The leadership group: seat holders, the chair, gatekeepers, leads and admin support."""
    return roles.is_leadership


def can_preview_digest(roles: Roles) -> bool:
    """Practice contacts see their own digest; the leadership previews any practice's."""
    return roles.is_practice_contact or roles.is_leadership


dashboard_required = role_required(can_see_dashboard)
digest_preview_required = role_required(can_preview_digest)
