"""A multiple select written in Python: Django's markup, without a template render per option.

Choosing representatives lists every person (2,000 in a whole ICS): Django's SelectMultiple
renders an include per option, about half a second for the page. This writes the same HTML
(tests/representation/test_widgets.py compares the two).
"""

from __future__ import annotations

import html

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html
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
        # Django's escape and conditional_escape, without their lazy-string wrappers
        # (2,000 options a page).
        value = "" if value is None else str(value)
        selected = " selected" if value in chosen else ""
        label = label.__html__() if hasattr(label, "__html__") else html.escape(str(label))
        return f'\n  <option value="{html.escape(value)}"{selected}>{label}</option>\n'


class NameChoiceIterator(ModelChoiceIterator):
    """A person field's choices as (pk, full name) read by values_list, not 2,000 models.

    Yields what ModelChoiceIterator would for a field whose label is str(person), i.e. the
    full name; only rendering reads the choices, validation filters the queryset.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "full_name")
