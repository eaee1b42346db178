"""Every write to a request: intake, linking, triage, each route's follow-up, reopening."""

from .common import (
    NUDGE_AFTER_DAYS,
    REQUESTER,
    TRANSITIONS,
    IllegalTransition,
    TriageConflict,
    actor_label,
    tracking_url,
)
from .follow_up import (
    paper_respond,
    request_close,
    request_message_posted,
    request_reopen,
    requests_nudge_requesters,
)
from .intake import request_answer, request_link, request_submit, request_unlink
from .triage import message_draft, request_triage

__all__ = [
    "NUDGE_AFTER_DAYS",
    "REQUESTER",
    "TRANSITIONS",
    "IllegalTransition",
    "TriageConflict",
    "actor_label",
    "message_draft",
    "paper_respond",
    "request_answer",
    "request_close",
    "request_link",
    "request_message_posted",
    "request_reopen",
    "request_submit",
    "request_triage",
    "request_unlink",
    "requests_nudge_requesters",
    "tracking_url",
]
