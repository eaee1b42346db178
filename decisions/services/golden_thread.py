"""The golden thread: publish an agreed decision to every practice and record who has seen it."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from functools import partial

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mass_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from guardian.models import UserObjectPermission

from members.audit import audit_record
from members.models import Notification, Organisation

from ..models import Acknowledgement, Commitment, CommitmentStatus, Decision, DecisionStatus
from .consensus import Conflict

logger = logging.getLogger(__name__)
TOKEN_SALT = "decisions.acknowledgement"


def practice_contacts(practice_ids) -> dict[int, list[int]]:
    """User ids of each practice's contacts (guardian's act_for_practice), in one query."""
    rows = UserObjectPermission.objects.filter(
        permission__codename="act_for_practice",
        content_type=ContentType.objects.get_for_model(Organisation),
        object_pk__in=[str(pk) for pk in practice_ids],
        user__is_active=True,
    ).values_list("object_pk", "user_id")
    contacts: dict[int, list[int]] = defaultdict(list)
    for practice_id, user_id in rows:
        contacts[int(practice_id)].append(user_id)
    return contacts


class AcknowledgementLinkExpired(Exception):
    """A link this site signed, older than ACKNOWLEDGEMENT_LINK_DAYS: the practice signs in."""

    def __init__(self, acknowledgement: Acknowledgement) -> None:
        super().__init__(f"Acknowledgement link {acknowledgement.pk} has expired")
        self.acknowledgement = acknowledgement


def acknowledgement_token(acknowledgement: Acknowledgement) -> str:
    """The one-click link's token: signed (HMAC-SHA256) and dated, so it can expire."""
    return signing.dumps({"a": acknowledgement.pk}, salt=TOKEN_SALT, compress=True)


def acknowledgement_from_token(token: str) -> Acknowledgement | None:
    """The acknowledgement a link names; None for a wrong, forged or dangling link, which all
    answer alike. A genuine link past its days raises AcknowledgementLinkExpired."""
    expired = False
    max_age = dt.timedelta(days=settings.ACKNOWLEDGEMENT_LINK_DAYS)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired:  # the signature is checked first: only our own links
        data, expired = signing.loads(token, salt=TOKEN_SALT), True
    except signing.BadSignature:
        return None
    acknowledgement = (
        Acknowledgement.objects.select_related("decision", "practice")
        .filter(pk=data.get("a"))
        .first()
    )
    if acknowledgement is not None and expired:
        raise AcknowledgementLinkExpired(acknowledgement)
    return acknowledgement


@transaction.atomic
def decision_publish(*, decision: Decision, summary: str, published_by) -> Decision:
    """Send an agreed decision to every active practice's contacts, once."""
    summary = summary.strip()
    if not summary:
        raise ValidationError("Write the plain-English summary practices will receive.")
    now = timezone.now()
    claimed = Decision.objects.filter(
        pk=decision.pk, status=DecisionStatus.AGREED, published_at__isnull=True
    ).update(published_at=now, published_by=published_by, summary=summary, updated_at=now)
    if claimed != 1:
        decision.refresh_from_db()
        if decision.published_at is not None:
            who = decision.published_by.get_full_name() if decision.published_by else "someone"
            raise Conflict(
                f"Already published by {who or decision.published_by} at "
                f"{timezone.localtime(decision.published_at):%H:%M on %d %B %Y}."
            )
        raise ValidationError("Only an agreed decision can be published.")
    decision.refresh_from_db()
    practices = list(Organisation.objects.practices().active().values_list("id", flat=True))
    Acknowledgement.objects.bulk_create(
        [Acknowledgement(decision=decision, practice_id=pk) for pk in practices],
        ignore_conflicts=True,
    )
    acknowledgements = list(decision.acknowledgements.all())
    contacts = practice_contacts(practices)
    url = reverse("decisions:decision-detail", args=[decision.pk])
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                title=f"Decision published: {decision.title}",
                body=summary,
                url=url,
            )
            for user_id in sorted({u for users in contacts.values() for u in users})
        ]
    )
    transaction.on_commit(
        partial(
            _email_practices,
            decision_id=decision.pk,
            links={a.practice_id: acknowledgement_token(a) for a in acknowledgements},
            contacts=dict(contacts),
        )
    )
    return decision


def _email_practices(*, decision_id: int, links: dict[int, str], contacts: dict) -> None:
    from django.contrib.auth import get_user_model

    decision = Decision.objects.get(pk=decision_id)
    users = (
        get_user_model()
        .objects.select_related("person")
        .in_bulk({u for ids in contacts.values() for u in ids})
    )
    messages = []
    for practice_id, user_ids in contacts.items():
        token = links.get(practice_id)
        if token is None:
            continue
        link = settings.SITE_URL + reverse("decisions:acknowledge-link", args=[token])
        for user_id in user_ids:
            user = users.get(user_id)
            person = getattr(user, "person", None)
            address = person.email if person else getattr(user, "email", "")
            if not address:
                continue
            body = (
                f"The leadership group has agreed: {decision.title}\n\n{decision.summary}\n\n"
                f"Agreed wording:\n{decision.agreed_wording}\n\n"
                "Please confirm your practice has seen it (one click, no login needed; the "
                f"link works for {settings.ACKNOWLEDGEMENT_LINK_DAYS} days):\n{link}\n"
            )
            messages.append((f"Decision: {decision.title}", body, None, [address]))
    try:
        send_mass_mail(messages, fail_silently=False)
    except Exception:  # the in-app notification stands; reminders chase the rest
        logger.exception("Publishing emails for decision %s failed", decision_id)


@transaction.atomic
def acknowledgement_record(
    *, acknowledgement: Acknowledgement, user=None, via_link: bool = False
) -> bool:
    """Mark a practice as having seen a decision; False when it had already."""
    claimed = Acknowledgement.objects.filter(
        pk=acknowledgement.pk, acknowledged_at__isnull=True
    ).update(acknowledged_at=timezone.now(), acknowledged_by=user, via_link=via_link)
    acknowledgement.refresh_from_db()
    if claimed == 1:
        audit_record(
            actor=user,
            action="acknowledgement",
            subject=acknowledgement,
            summary=f"{acknowledgement.practice} saw “{acknowledgement.decision}”"
            + (" (emailed link)" if via_link else ""),
        )
    return claimed == 1


@transaction.atomic
def commitment_add(
    *,
    decision: Decision,
    scope: str,
    what: str,
    due_on: dt.date,
    how_checked: str = "",
    organisations=(),
) -> Commitment:
    if decision.status != DecisionStatus.AGREED:
        raise ValidationError("Commitments follow an agreed decision: agree it first.")
    if scope == "organisations" and not organisations:
        raise ValidationError({"organisations": "Choose the organisations that commit."})
    commitment = Commitment.objects.create(
        decision=decision, scope=scope, what=what, due_on=due_on, how_checked=how_checked
    )
    if organisations:
        commitment.organisations.set(organisations)
    return commitment


@transaction.atomic
def commitment_status_update(*, commitment: Commitment, status: str, updated_by) -> Commitment:
    if status not in CommitmentStatus.values:
        raise ValidationError("Choose a status.")
    commitment.status = status
    commitment.status_updated_at = timezone.now()
    commitment.status_updated_by = updated_by
    commitment.save(update_fields=["status", "status_updated_at", "status_updated_by"])
    return commitment
