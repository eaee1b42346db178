"""The ground floor: organisations, people, leadership roles, reminders and notifications."""

from .audit import AuditEvent
from .notifications import Notification, Reminder
from .organisations import GENERAL_PRACTICE_KINDS, MEMBER_KINDS, Organisation, OrganisationKind
from .people import LeadershipRole, Person, RoleKind, Seat
from .registers import ImportRun, ListSize

__all__ = [
    "AuditEvent",
    "GENERAL_PRACTICE_KINDS",
    "ImportRun",
    "ListSize",
    "MEMBER_KINDS",
    "LeadershipRole",
    "Notification",
    "Organisation",
    "OrganisationKind",
    "Person",
    "Reminder",
    "RoleKind",
    "Seat",
]
