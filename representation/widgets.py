"""A multiple select written in Python: Django's markup, without a template render per option.

Choosing representatives lists every person (2,000 in a whole ICS): Django's SelectMultiple
renders an include per option, about half a second for the page. This writes the same HTML
(tests/representation/test_widgets.py compares the two).
"""

from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe


def _attrs(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(format_html(' {}="{}"', name, str(value)))
    return "".join(parts)


class SelectMultiple(forms.SelectMultiple):
    """Named as Django's, so that NhsukFormMixin (which goes by the class name) styles it alike."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = {**self.build_attrs(self.attrs, attrs), "multiple": True}
        chosen = set(self.format_value(value))
        parts = [format_html('<select name="{}"', name), _attrs(attrs), ">"]
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                parts.append(format_html('\n  <optgroup label="{}">', group_value))
                parts += [self._option(v, label, chosen) for v, label in group_label]
                parts.append("\n  </optgroup>")
            else:
                parts.append(self._option(group_value, group_label, chosen))
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # every piece above is escaped

    @staticmethod
    def _option(value, label, chosen: set[str]) -> str:
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        return (
            f'\n  <option value="{escape(value)}"{selected}>{conditional_escape(label)}</option>\n'
        )
