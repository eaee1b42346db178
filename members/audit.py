"""Recording the audit trail: every app calls `audit_record` inside the write it describes."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEvent

ACTIONS = {
    "triage": "Request triaged",
    "position": "Position given",
    "ballot": "Ballot cast",
    "mandate": "Mandate set",
    "acknowledgement": "Decision acknowledged",
    "permission": "Permission changed",
    "role": "Role changed",
}


def _label(actor) -> str:
    if actor is None:
        return "the system"
    person = getattr(actor, "person", None)
    return person.full_name if person is not None else actor.get_username()


def audit_record(
    *,
    actor,
    action: str,
    subject: models.Model,
    summary: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"Unknown audit action {action!r}")
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_label(actor)[:200],
        action=action,
        subject_type=ContentType.objects.get_for_model(subject),
        subject_id=subject.pk,
        subject_label=str(subject)[:300],
        summary=summary[:500],
        changes=changes or {},
    )
