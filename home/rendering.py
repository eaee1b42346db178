"""The home page's list of what needs you, written in Python: the template's markup, exactly.

A busy practice contact has a hundred items; rendering them through the template (a dozen
variables, a date filter and a csrf tag each) cost ~20 ms of the page. This writes the same
HTML (tests/home/test_rendering.py compares it with the template it replaced).
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.dates import MONTHS_3
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe

from .selectors import HomeGroup

TAGS = {0: " nhsuk-tag--red", 1: " nhsuk-tag--yellow"}


def home_groups_html(groups: list[HomeGroup], csrf_token: Callable[[], str]) -> SafeString:
    """`csrf_token` is called once, only when an item posts (acknowledging a decision)."""
    months = {m: str(MONTHS_3[m]).title() for m in range(1, 13)}  # the `date:"M"` filter
    csrf = ""
    parts: list[str] = []
    for group in groups:
        tag = TAGS.get(group.urgency, " nhsuk-tag--grey")
        parts.append(
            f'\n  <h3 class="nhsuk-heading-s" id="group-{group.urgency}">{esc(group.label)}</h3>'
            f'\n  <ul class="nhsuk-list nhsuk-list--border" '
            f'aria-labelledby="group-{group.urgency}">\n    '
        )
        for item in group.items:
            title = esc(item.title)
            due = f". Due {item.due_on.day} {months[item.due_on.month]}" if item.due_on else ""
            parts.append(
                f'\n    <li class="app-home-item">'
                f'\n      <span class="nhsuk-tag{tag}">{esc(item.kind)}</span>'
                f'\n      <a href="{esc(item.url)}">{title}</a>'
                '\n      <p class="nhsuk-body-s nhsuk-u-margin-bottom-1">'
                f"{esc(item.detail)}{due}</p>"
                "\n      "
            )
            if item.post_url:
                if not csrf:
                    csrf = (
                        '<input type="hidden" name="csrfmiddlewaretoken" '
                        f'value="{esc(csrf_token())}">'
                    )
                fields = "".join(
                    f'<input type="hidden" name="{esc(name)}" value="{esc(value)}">'
                    for name, value in item.post_fields.items()
                )
                parts.append(
                    f'\n      <form method="post" action="{esc(item.post_url)}" '
                    f'class="app-inline-form">{csrf}\n        {fields}'
                    '\n        <button class="nhsuk-button nhsuk-button--secondary '
                    'nhsuk-button--small nhsuk-u-margin-bottom-1" type="submit">'
                    "Confirm we have seen it"
                    f'<span class="nhsuk-u-visually-hidden">: {title}</span></button>'
                    "\n      </form>\n      "
                )
            else:
                parts.append(
                    f'\n      <a class="nhsuk-body-s" href="{esc(item.url)}">{esc(item.action)}'
                    f'<span class="nhsuk-u-visually-hidden">: {title}</span></a>\n      '
                )
            parts.append("\n    </li>\n    ")
        parts.append("\n  </ul>\n  ")
    return mark_safe("".join(parts))  # every value above is escaped
