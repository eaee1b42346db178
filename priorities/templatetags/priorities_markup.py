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
from django.utils.text import capfirst

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


@register.simple_tag
def linked_groups(groups) -> SafeString:
    """An adopted priority's linked items, a line per linking model: the first few, linked
    where they have a page, and how many more."""
    if not groups:
        return mark_safe(
            '\n      <p class="nhsuk-body-s app-muted">Nothing is linked to this priority yet.</p>'
            "\n    "
        )
    parts = []
    for group in groups:
        items = []
        for item in group.shown:
            get_url = getattr(item, "get_absolute_url", None)
            url = get_url() if callable(get_url) else get_url
            text = conditional_escape(item)
            items.append(f'<a href="{conditional_escape(url)}">{text}</a>' if url else text)
        more = group.more
        parts.append(
            '\n      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1"><strong>'
            f"{conditional_escape(capfirst(group.label))}:</strong>"
            f"\n      {'; '.join(items) if items else 'none yet'}"
            f"{f' and {more} more' if more else ''}</p>\n    "
        )
    return mark_safe("".join(parts))
