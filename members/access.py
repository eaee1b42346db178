"""Who may do what: every role check in the project goes through here.

`roles_for(user)` reads a user's place in the group once per request (four queries) and
returns plain booleans and id sets; views call the decorators or the per-entity helpers,
templates get the booleans.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from .models import GENERAL_PRACTICE_KINDS, LeadershipRole, Organisation, OrganisationKind, RoleKind

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


def roles_for(user) -> Roles:
    """The user's roles, read once and kept on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_gpl_roles", None)
    if cached is not None:
        return cached
    from guardian.shortcuts import get_objects_for_user

    person = getattr(user, "person", None) if hasattr(user, "person") else None
    role_kinds: frozenset[str] = frozenset()
    seats: list[tuple[int, int]] = []
    organisations: list[tuple[int, str]] = []
    if person is not None:
        role_kinds = frozenset(
            LeadershipRole.objects.active().filter(person=person).values_list("kind", flat=True)
        )
        seats = list(person.seats.filter(is_active=True).values_list("id", "organisation_id"))
        organisations = list(person.organisations.values_list("id", "kind"))
    practice_ids = frozenset(
        get_objects_for_user(
            user,
            ACT_FOR_PRACTICE,
            klass=Organisation.objects.filter(kind=OrganisationKind.PRACTICE, is_active=True),
            accept_global_perms=False,
        ).values_list("id", flat=True)
    )
    roles = Roles(
        authenticated=True,
        is_superuser=user.is_superuser,
        person_id=person.id if person else None,
        role_kinds=role_kinds,
        seat_ids=frozenset(s for s, _ in seats),
        seat_organisation_ids=frozenset(o for _, o in seats),
        organisation_ids=frozenset(o for o, _ in organisations),
        organisation_kinds=frozenset(k for _, k in organisations),
        practice_ids=practice_ids,
    )
    user._gpl_roles = roles
    return roles


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
