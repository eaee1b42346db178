"""The representatives' select writes exactly the markup of Django's SelectMultiple."""

from __future__ import annotations

import pytest
from django import forms

from members.models import Person
from representation import widgets
from representation.forms import RepresentativesForm

CHOICES = [
    (1, "Dr A <Ahmed>"),
    (2, "B & C"),
    ("", "Nobody"),
    ('Group "quoted"', [(3, "In a group"), (4, "Also 'in' it")]),
]


@pytest.mark.parametrize("value", [None, [], [2], ["2", 4], [1, 2, 3, 4, ""]])
@pytest.mark.parametrize("attrs", [{}, {"class": "nhsuk-select", "required": True, "data-x": 0}])
def test_the_quick_select_writes_what_django_writes(value, attrs):
    django_widget = forms.SelectMultiple(attrs=attrs, choices=CHOICES)
    quick = widgets.SelectMultiple(attrs=attrs, choices=CHOICES)
    extra = {"id": "id_people", "aria-describedby": "id_people-hint", "disabled": False}
    assert quick.render("people", value, extra) == django_widget.render("people", value, extra)


def test_the_representatives_field_renders_people_as_django_would(db, world):
    people = list(Person.objects.order_by("full_name")[:2])
    form = RepresentativesForm(initial={"representatives": [people[0].pk]})
    field = form.fields["representatives"]
    mine = str(form["representatives"])
    field.widget = forms.SelectMultiple(attrs=field.widget.attrs)
    field.widget.choices = field.choices
    assert mine == str(form["representatives"])
    assert f'<option value="{people[0].pk}" selected>' in mine


def test_the_representatives_choices_are_what_a_model_iterator_gives(db, world):
    field = RepresentativesForm().fields["representatives"]
    by_name = [(str(value), label) for value, label in field.choices]
    by_model = [(str(value), label) for value, label in forms.models.ModelChoiceIterator(field)]
    assert by_name == by_model and by_name
