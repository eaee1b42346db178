"""Markup drawn once per row of the voting-rounds table, written in Python, not a template loop.

At whole-ICS scale the priorities page lists every round; the template loop (two `{% url %}`
and two date filters per row) was a large share of its render time. This writes the same HTML
with the same escaping, reversing each URL once per page.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def round_rows(rounds, now) -> SafeString:
    """The rounds table's rows: title linked to the round, closing time, status, ballot count."""
    detail = reverse("priorities:round-detail", args=[0]).replace("/0/", "/{}/")
    results = reverse("priorities:round-results", args=[0]).replace("/0/", "/{}/")
    parts = []
    for round in rounds:
        pk = round.pk
        closes_at = round.closes_at
        if round.closed_at or closes_at <= now:
            status = f'Closed · <a href="{results.format(pk)}">results</a>'
        elif round.opens_at > now:
            status = f"Opens {date_format(timezone.localtime(round.opens_at), 'j M')}"
        else:
            status = "Open"
        parts.append(
            '\n  <tr class="nhsuk-table__row">'
            f'\n    <td class="nhsuk-table__cell"><a href="{detail.format(pk)}">'
            f"{conditional_escape(round.title)}</a></td>"
            f'\n    <td class="nhsuk-table__cell">'
            f"{date_format(timezone.localtime(closes_at), 'j M Y, H:i')}</td>"
            f'\n    <td class="nhsuk-table__cell">{status}</td>'
            f'\n    <td class="nhsuk-table__cell">{round.ballot_count}</td>'
            "\n  </tr>\n  "
        )
    return mark_safe("".join(parts))
