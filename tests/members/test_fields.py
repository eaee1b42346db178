"""Choosing rows by id: an id no column can hold is an ordinary wrong choice, on any database."""

from __future__ import annotations

import importlib

import pytest
from django import forms

from members.fields import ModelChoiceField, ModelMultipleChoiceField
from members.models import Organisation

PROJECT_APPS = ("members", "inbox", "decisions", "priorities", "representation", "home")
TOO_BIG = ["9" * 20, str(2**63), "-" + "9" * 20, str(-(2**63) - 1)]


def _project_forms() -> list[type[forms.BaseForm]]:
    for app in PROJECT_APPS:
        importlib.import_module(f"{app}.forms")
    found, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in PROJECT_APPS:
            found.append(cls)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("value", TOO_BIG)
def test_an_id_beyond_64_bits_is_a_wrong_choice_for_one_row(value):
    field = ModelChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean(value)
    assert refused.value.code == "invalid_choice"
    assert "Select a valid choice" in refused.value.messages[0]


@pytest.mark.django_db
@pytest.mark.parametrize("value", TOO_BIG)
def test_an_id_beyond_64_bits_among_others_is_a_wrong_choice_for_many_rows(world, value):
    field = ModelMultipleChoiceField(queryset=Organisation.objects.all())
    with pytest.raises(forms.ValidationError) as refused:
        field.clean([str(world.practice.pk), value])
    assert refused.value.code == "invalid_choice"
    assert value in refused.value.messages[0]


@pytest.mark.django_db
def test_the_largest_ids_a_column_holds_still_reach_the_database(world):
    """The edge of the range is an ordinary missing row, and real ids are still chosen."""
    many = ModelMultipleChoiceField(queryset=Organisation.objects.all())
    assert list(many.clean([str(world.practice.pk)])) == [world.practice]
    for edge in (str(2**63 - 1), str(-(2**63))):
        with pytest.raises(forms.ValidationError) as refused:
            many.clean([edge])
        assert refused.value.code == "invalid_choice"
    one = ModelChoiceField(queryset=Organisation.objects.all())
    assert one.clean(str(world.practice.pk)) == world.practice
    with pytest.raises(forms.ValidationError):
        one.clean("not a number")


def test_every_form_of_the_project_chooses_rows_with_the_bounded_fields():
    """A new form using Django's own ModelChoiceField (or a ModelForm's foreign key left to the
    default) fails here: use members.fields, or Meta.field_classes for a ModelForm."""
    bounded = (ModelChoiceField, ModelMultipleChoiceField)
    offenders = [
        f"{form.__module__}.{form.__name__}.{name}"
        for form in _project_forms()
        for name, field in form.base_fields.items()
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, bounded)
    ]
    assert len(_project_forms()) > 20  # the walk found the forms
    assert not offenders, offenders
