"""Who may do what: every role check in the project goes through here.

`roles_for(user)` reads a user's place in the group once per request (the person and one
statement for the rest) and returns plain booleans and id sets; views call the decorators or
the per-entity helpers, templates get the booleans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import HttpRequest, HttpResponse

from .models import (
    GENERAL_PRACTICE_KINDS,
    LeadershipRole,
    Organisation,
    OrganisationKind,
    Person,
    RoleKind,
    Seat,
)

ACT_FOR_PRACTICE = "members.act_for_practice"


@dataclass(frozen=True)
class Roles:
    authenticated: bool = False
    is_superuser: bool = False
    person_id: int | None = None
    role_kinds: frozenset[str] = field(default_factory=frozenset)
    seat_organisation_ids: frozenset[int] = field(default_factory=frozenset)
    seat_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    organisation_kinds: frozenset[str] = field(default_factory=frozenset)
    practice_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_chair(self) -> bool:
        return RoleKind.CHAIR in self.role_kinds

    @property
    def is_gatekeeper(self) -> bool:
        return RoleKind.GATEKEEPER in self.role_kinds

    @property
    def is_representation_lead(self) -> bool:
        return RoleKind.REPRESENTATION_LEAD in self.role_kinds

    @property
    def is_admin_support(self) -> bool:
        return RoleKind.ADMIN_SUPPORT in self.role_kinds

    @property
    def is_representative(self) -> bool:
        return RoleKind.REPRESENTATIVE in self.role_kinds

    @property
    def is_seat_holder(self) -> bool:
        return bool(self.seat_ids)

    @property
    def is_practice_contact(self) -> bool:
        return bool(self.practice_ids)

    @property
    def is_leadership(self) -> bool:
        """Sits on or serves the leadership group."""
        return (
            self.is_superuser
            or self.is_seat_holder
            or bool(
                self.role_kinds
                & {
                    RoleKind.CHAIR,
                    RoleKind.GATEKEEPER,
                    RoleKind.REPRESENTATION_LEAD,
                    RoleKind.ADMIN_SUPPORT,
                }
            )
        )

    @property
    def is_general_practice(self) -> bool:
        """Works in or for local general practice (anyone but a system partner)."""
        return (
            self.is_leadership
            or self.is_practice_contact
            or self.is_representative
            or bool(self.organisation_kinds & GENERAL_PRACTICE_KINDS)
        )

    @property
    def is_system_partner(self) -> bool:
        return self.authenticated and not self.is_general_practice

    def acts_for(self, practice_id: int) -> bool:
        return practice_id in self.practice_ids


ANONYMOUS = Roles()


def _roles_sql() -> str:
    """One statement for a person's roles, seats, organisations and practices they act for.

    It stands for four ORM queries and django-guardian's `get_objects_for_user` (user and group
    object permissions, with_superuser, no global permissions): compiling those cost more
    than running them on every page. Each row is (what, id, organisation id, kind).
    """
    from django.contrib.auth.models import Permission
    from guardian.models import GroupObjectPermission, UserObjectPermission

    role = LeadershipRole._meta.db_table
    seat = Seat._meta.db_table
    organisation = Organisation._meta.db_table
    person_organisations = Person.organisations.through._meta.db_table
    user_groups = get_user_model().groups.through._meta.db_table
    user_perm = UserObjectPermission._meta.db_table
    group_perm = GroupObjectPermission._meta.db_table
    permission = Permission._meta.db_table
    content_type = ContentType._meta.db_table
    app_label, codename = ACT_FOR_PRACTICE.split(".")
    organisation_type = (
        f"SELECT ct.id FROM {content_type} ct WHERE ct.app_label = '{app_label}'"
        " AND ct.model = 'organisation'"
    )
    act_for = (
        f"SELECT p.id FROM {permission} p WHERE p.codename = '{codename}'"
        f" AND p.content_type_id IN ({organisation_type})"
    )
    return f"""
        SELECT 'role', NULL, NULL, r.kind FROM {role} r
         WHERE r.person_id = %(person)s AND r.ended_on IS NULL
        UNION ALL
        SELECT 'seat', s.id, s.organisation_id, NULL FROM {seat} s
         WHERE s.holder_id = %(person)s AND s.is_active
        UNION ALL
        SELECT 'organisation', o.id, NULL, o.kind FROM {organisation} o
          JOIN {person_organisations} po ON po.organisation_id = o.id
         WHERE po.person_id = %(person)s
        UNION ALL
        SELECT 'practice', o.id, NULL, NULL FROM {organisation} o
         WHERE o.is_active AND o.kind = '{OrganisationKind.PRACTICE}' AND (
           %(superuser)s
           OR CAST(o.id AS VARCHAR(40)) IN (
             SELECT up.object_pk FROM {user_perm} up
              WHERE up.user_id = %(user)s AND up.permission_id IN ({act_for})
                AND up.content_type_id IN ({organisation_type}))
           OR CAST(o.id AS VARCHAR(40)) IN (
             SELECT gp.object_pk FROM {group_perm} gp
               JOIN {user_groups} ug ON ug.group_id = gp.group_id
              WHERE ug.user_id = %(user)s AND gp.permission_id IN ({act_for})
                AND gp.content_type_id IN ({organisation_type})))
    """


def roles_for(user) -> Roles:
    """The user's roles, read once and kept on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_gpl_roles", None)
    if cached is not None:
        return cached
    global _ROLES_SQL
    if _ROLES_SQL is None:
        _ROLES_SQL = _roles_sql()
    # The page header shows the person's name, so reading it here costs no extra query.
    person = getattr(user, "person", None) if hasattr(user, "person") else None
    params = {"person": person.id if person else None, "user": user.pk}
    params["superuser"] = bool(user.is_superuser)
    rows: dict[str, list[tuple]] = {"role": [], "seat": [], "organisation": [], "practice": []}
    with connection.cursor() as cursor:
        cursor.execute(_ROLES_SQL, params)
        for what, *values in cursor.fetchall():
            rows[what].append(values)
    roles = Roles(
        authenticated=True,
        is_superuser=user.is_superuser,
        person_id=person.id if person else None,
        role_kinds=frozenset(kind for _, _, kind in rows["role"]),
        seat_ids=frozenset(seat for seat, _, _ in rows["seat"]),
        seat_organisation_ids=frozenset(org for _, org, _ in rows["seat"]),
        organisation_ids=frozenset(org for org, _, _ in rows["organisation"]),
        organisation_kinds=frozenset(kind for _, _, kind in rows["organisation"]),
        practice_ids=frozenset(org for org, _, _ in rows["practice"]),
    )
    user._gpl_roles = roles
    return roles


_ROLES_SQL: str | None = None


def role_required(test: Callable[[Roles], bool]):
    """Sign-in first (302 to the login page), then the role test (403 when it fails)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not test(roles_for(request.user)):
                raise PermissionDenied("This page is not part of your role.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


general_practice_required = role_required(lambda r: r.is_general_practice)
leadership_required = role_required(lambda r: r.is_leadership)
