"""Template filters of the inbox: markup drawn in every row of a list, kept in one place."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Request, Status

register = template.Library()

COLOURS = {
    Status.NEW: "blue",
    Status.RESUBMITTED: "blue",
    Status.AWAITING_REQUESTER: "yellow",
    Status.TRIAGED: "green",
    Status.CLOSED: "grey",
}


@register.filter
def status_tag(item: Request) -> SafeString:
    """The request's status as an NHS.UK tag: a filter, not an include, because every row of
    the queue, a partner's page and staff's own list draws one."""
    colour = COLOURS.get(item.status, "green")
    return format_html(
        '<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, item.get_status_display()
    )
