"""Every write in decisions: meetings and agendas, consensus rounds, the golden thread."""

from __future__ import annotations

from .agenda import (
    agenda_item_accept,
    agenda_item_add,
    agenda_item_move,
    agenda_item_notes_save,
    agenda_item_update,
    agenda_paper_add,
    attendance_record,
    meeting_create,
    meeting_update,
)
from .consensus import (
    Conflict,
    decision_agree,
    decision_open,
    decision_park,
    decision_round_open,
    decision_withdraw,
    position_record,
)
from .golden_thread import (
    AcknowledgementLinkExpired,
    acknowledgement_from_token,
    acknowledgement_record,
    acknowledgement_token,
    commitment_add,
    commitment_status_update,
    decision_publish,
    practice_contacts,
)

__all__ = [
    "AcknowledgementLinkExpired",
    "Conflict",
    "acknowledgement_from_token",
    "acknowledgement_record",
    "acknowledgement_token",
    "agenda_item_accept",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_notes_save",
    "agenda_item_update",
    "agenda_paper_add",
    "attendance_record",
    "commitment_add",
    "commitment_status_update",
    "decision_agree",
    "decision_open",
    "decision_park",
    "decision_publish",
    "decision_round_open",
    "decision_withdraw",
    "meeting_create",
    "meeting_update",
    "position_record",
    "practice_contacts",
]
