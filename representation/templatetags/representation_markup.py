"""Markup drawn once per row of the representation overview's upcoming table, in Python.

The template loop (a `{% url %}`, two date filters and an include of the status flags per row)
was most of the page's render time. This writes the same HTML with the same escaping,
reversing the briefing URL once per page.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.dateformat import format as date_format
from django.utils.dateformat import time_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


def _flags(occurrence) -> str:
    """As representation/_flags.html renders with show_feedback unset."""
    first = (
        ""
        if occurrence.has_representative
        else '<strong class="nhsuk-tag nhsuk-tag--red">No representative</strong> '
    )
    if not occurrence.has_briefing:
        second = '<strong class="nhsuk-tag nhsuk-tag--orange">No briefing</strong> '
    elif not occurrence.briefing_read:
        second = '<strong class="nhsuk-tag nhsuk-tag--yellow">Briefing not yet read</strong> '
    else:
        second = '<strong class="nhsuk-tag nhsuk-tag--green">Briefed</strong> '
    third = (
        '<strong class="nhsuk-tag nhsuk-tag--green">Feedback in</strong>'
        if occurrence.has_feedback
        else ""
    )
    return f"{first}\n{second}\n{third}\n"


@register.simple_tag
def upcoming_rows(occurrences) -> SafeString:
    """The upcoming table's rows: when, meeting linked to its briefing, who goes, flags."""
    briefing = reverse("representation:briefing", args=[0]).replace("/0/", "/{}/")
    parts = []
    for occurrence in occurrences:
        when = date_format(occurrence.date, "D j M")
        if occurrence.time:
            when += f", {time_format(occurrence.time, 'H:i')}"
        meeting = occurrence.meeting
        people = [conditional_escape(a.person.full_name) for a in meeting.assignments.all()]
        reps = ", ".join(people) if people else '<span class="app-muted">None</span>'
        parts.append(
            '\n    <tr class="nhsuk-table__row">'
            f'\n      <td class="nhsuk-table__cell">{when}</td>'
            f'\n      <td class="nhsuk-table__cell"><a href="{briefing.format(occurrence.pk)}">'
            f"{conditional_escape(meeting.name)}</a></td>"
            f'\n      <td class="nhsuk-table__cell">{reps}</td>'
            f'\n      <td class="nhsuk-table__cell">{_flags(occurrence)}</td>'
            "\n    </tr>\n  "
        )
    return mark_safe("".join(parts))
