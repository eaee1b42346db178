"""Form fields that choose rows by id; every form in the project uses these, not Django's own.

An id no database column can hold (say twenty digits, forged in a POST) gets the field's usual
"Select a valid choice" message instead of reaching the database: SQLite raises OverflowError
on such a number in `id IN (...)`, which would be a 500.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

BIGINT = range(-(2**63), 2**63)  # what a BigAutoField (and SQLite's INTEGER) can hold


def _beyond_any_column(field: forms.ModelChoiceField, value) -> bool:
    """True for a number the key column cannot hold; anything else Django answers as usual."""
    model = field.queryset.model
    key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
    if not isinstance(key, models.IntegerField) or isinstance(value, model):
        return False
    try:
        return int(value) not in BIGINT
    except (TypeError, ValueError):  # not a number: Django's own checks say so
        return False


class ModelChoiceField(forms.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and _beyond_any_column(self, value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for one in value:
            if _beyond_any_column(self, one):
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": one},
                )
        return super()._check_values(value)
