"""Reminder sources of decisions: practices that have not acknowledged, commitments due."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.urls import reverse
from django.utils import timezone

from members.models import LeadershipRole, RoleKind, Seat
from members.reminders import DueReminder, Subject, reminder_source

from .models import Acknowledgement, Commitment, CommitmentScope, CommitmentStatus
from .services import practice_contacts

CHASE_AFTER_DAYS = (3, 7)
COMMITMENT_WARNING_DAYS = 7


@reminder_source("decision_acknowledgement")
def unacknowledged_decisions(now: dt.datetime) -> Iterable[DueReminder]:
    """Chase each practice's contacts 3 and 7 days after publication, once each."""
    today = timezone.localdate(now)
    oldest = now - dt.timedelta(days=max(CHASE_AFTER_DAYS) + 30)
    pending = list(
        Acknowledgement.objects.filter(
            acknowledged_at__isnull=True,
            decision__published_at__lte=now - dt.timedelta(days=min(CHASE_AFTER_DAYS)),
            decision__published_at__gte=oldest,
        )
        .order_by("id")
        .values_list(
            "id",
            "practice_id",
            "practice__name",
            "decision_id",
            "decision__title",
            "decision__published_at",
        )
    )
    contacts = practice_contacts({row[1] for row in pending})
    # What every practice of a decision shares is worked out once per decision.
    chases: dict[int, list[tuple[int, dt.date]]] = {}
    links: dict[int, str] = {}
    for acknowledgement_id, practice_id, practice, decision_id, title, published_at in pending:
        if decision_id not in links:
            published_on = timezone.localdate(published_at)
            due = [(days, published_on + dt.timedelta(days=days)) for days in CHASE_AFTER_DAYS]
            chases[decision_id] = [(days, due_on) for days, due_on in due if due_on <= today]
            links[decision_id] = reverse("decisions:decision-detail", args=[decision_id])
        for days, due_on in chases[decision_id]:
            reminder_title = f"Please confirm {practice} has seen: {title}"
            body = (
                f"The leadership group published “{title}” {days} days ago and {practice} has "
                "not yet confirmed seeing it. Open it and press the button: it takes one click."
            )
            for user_id in contacts.get(practice_id, []):
                yield DueReminder(
                    kind="decision_acknowledgement",
                    subject=Subject(Acknowledgement, acknowledgement_id),
                    recipient_id=user_id,
                    due_on=due_on,
                    title=reminder_title,
                    body=body,
                    url=links[decision_id],
                )


def commitment_owner_user_ids(commitment: Commitment, chairs: list[int], pcn_holders, contacts):
    """Who answers for a commitment: seat holders or practice contacts of its organisations."""
    if commitment.scope == CommitmentScope.GROUP:
        return set(chairs)
    if commitment.scope == CommitmentScope.ALL_PCNS:
        return set(pcn_holders.values())
    if commitment.scope == CommitmentScope.ALL_PRACTICES:
        return {user for users in contacts.values() for user in users}
    owners = set()
    for organisation in commitment.organisations.all():
        if organisation.id in pcn_holders:
            owners.add(pcn_holders[organisation.id])
        owners.update(contacts.get(organisation.id, []))
    return owners or set(chairs)


@reminder_source("commitment_due")
def commitments_due(now: dt.datetime) -> Iterable[DueReminder]:
    """Owners of open commitments due within 7 days or overdue are reminded once per due date."""
    today = timezone.localdate(now)
    due = list(
        Commitment.objects.exclude(status=CommitmentStatus.DONE)
        .filter(due_on__lte=today + dt.timedelta(days=COMMITMENT_WARNING_DAYS))
        .select_related("decision")
        .prefetch_related("organisations")
    )
    if not due:
        return
    chairs = list(
        LeadershipRole.objects.active()
        .filter(kind=RoleKind.CHAIR)
        .values_list("person__user_id", flat=True)
    )
    holders = dict(
        Seat.objects.filter(is_active=True, holder__isnull=False).values_list(
            "organisation_id", "holder__user_id"
        )
    )
    from members.models import Organisation

    practices = Organisation.objects.practices().active().values_list("id", flat=True)
    contacts = practice_contacts(list(practices))
    for commitment in due:
        overdue = commitment.due_on < today
        # one reminder before the date and one once it has passed
        due_on = commitment.due_on if overdue else commitment.due_on - dt.timedelta(days=7)
        title = (
            f"Overdue commitment: {commitment.what[:80]}"
            if overdue
            else f"Commitment due {commitment.due_on:%d %B}: {commitment.what[:80]}"
        )
        for user_id in sorted(commitment_owner_user_ids(commitment, chairs, holders, contacts)):
            yield DueReminder(
                kind="commitment_due",
                subject=commitment,
                recipient_id=user_id,
                due_on=due_on,
                title=title,
                body=(
                    f"From the decision “{commitment.decision.title}”. Update its status "
                    "(on track, at risk or done) so the group can see how it is going."
                ),
                url=reverse("decisions:decision-detail", args=[commitment.decision_id])
                + "#commitments",
            )
