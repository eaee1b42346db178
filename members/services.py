"""Every write in members: roles, practice contacts, profiles, notifications."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from guardian.models import UserObjectPermission
from guardian.shortcuts import assign_perm, remove_perm

from .access import ACT_FOR_PRACTICE
from .audit import audit_record
from .models import (
    LeadershipRole,
    Notification,
    Organisation,
    OrganisationKind,
    Person,
    Seat,
)
from .models.people import role_limit_message


@transaction.atomic
def role_assign(*, person: Person, kind: str, by=None) -> LeadershipRole:
    """Name a person to a role, refusing with a clear message past the role's limit."""
    # Lock the role's active rows so two assignments at once queue instead of racing;
    # the unique (kind, slot) constraint is the backstop on any database.
    list(LeadershipRole.objects.active().filter(kind=kind).select_for_update())
    role = LeadershipRole(person=person, kind=kind)
    role.full_clean()
    try:
        with transaction.atomic():
            role.save()
    except IntegrityError as error:
        holders = list(
            LeadershipRole.objects.active()
            .filter(kind=kind)
            .values_list("person__full_name", flat=True)
        )
        raise ValidationError(role_limit_message(kind, sorted(holders))) from error
    audit_record(actor=by, action="role", subject=role, summary=f"{person} named {role}")
    return role


@transaction.atomic
def role_end(*, role: LeadershipRole, on=None, by=None) -> LeadershipRole:
    role.ended_on = on or timezone.localdate()
    role.full_clean()
    role.save(update_fields=["ended_on"])
    audit_record(actor=by, action="role", subject=role, summary=f"{role} ended {role.ended_on}")
    return role


@transaction.atomic
def seat_assign(*, seat: Seat, holder: Person | None, by=None) -> Seat:
    seat.holder = holder
    seat.save(update_fields=["holder"])
    audit_record(
        actor=by, action="role", subject=seat, summary=f"{seat} now held by {holder or 'no one'}"
    )
    return seat


@transaction.atomic
def practice_contact_grant(*, user: AbstractBaseUser, practice: Organisation, by=None) -> None:
    """Let a person act for a practice: cast its ballot, acknowledge decisions."""
    if practice.kind != OrganisationKind.PRACTICE:
        raise ValidationError("Only a GP practice has practice contacts.")
    already = UserObjectPermission.objects.filter(
        user=user, permission__codename="act_for_practice", object_pk=str(practice.pk)
    ).exists()
    if already:
        return
    assign_perm(ACT_FOR_PRACTICE, user, practice)
    audit_record(
        actor=by,
        action="permission",
        subject=practice,
        summary=f"{user.get_username()} may act for {practice}",
        changes={"user": user.pk, "granted": ACT_FOR_PRACTICE},
    )


@transaction.atomic
def practice_contact_revoke(*, user: AbstractBaseUser, practice: Organisation, by=None) -> None:
    remove_perm(ACT_FOR_PRACTICE, user, practice)
    audit_record(
        actor=by,
        action="permission",
        subject=practice,
        summary=f"{user.get_username()} may no longer act for {practice}",
        changes={"user": user.pk, "revoked": ACT_FOR_PRACTICE},
    )


@transaction.atomic
def organisation_deactivate(*, organisation: Organisation) -> Organisation:
    """Organisations with history are never deleted: they stop taking part."""
    organisation.is_active = False
    organisation.save(update_fields=["is_active"])
    Seat.objects.filter(organisation=organisation).update(is_active=False)
    return organisation


@transaction.atomic
def person_update_profile(
    *, person: Person, full_name: str, job_title: str, contact_email: str, digest_opt_out: bool
) -> Person:
    person.full_name = full_name
    person.job_title = job_title
    person.contact_email = contact_email
    person.digest_opt_out = digest_opt_out
    person.full_clean()
    person.save(update_fields=["full_name", "job_title", "contact_email", "digest_opt_out"])
    return person


def notifications_mark_read(*, user: AbstractBaseUser, notification_id: int | None = None) -> int:
    unread = Notification.objects.unread().filter(recipient=user)
    if notification_id is not None:
        unread = unread.filter(id=notification_id)
    return unread.update(read_at=timezone.now())
