"""The triage panel's priority boxes, written in Python, match the template loop they replaced."""

from django import forms
from django.template import Context, Template

from inbox.triage import priority_boxes_html

LOOP = Template(
    '{% for box in field %}<div class="nhsuk-checkboxes__item">\n'
    '      <input class="nhsuk-checkboxes__input" id="{{ box.id_for_label }}" name="priorities" '
    'type="checkbox" value="{{ box.data.value }}"{% if box.data.selected %} checked{% endif %}>\n'
    '      <label class="nhsuk-label nhsuk-checkboxes__label" for="{{ box.id_for_label }}">'
    "{{ box.choice_label }}</label></div>{% endfor %}"
)
CHOICES = [(1, 'Access <&> "Urgent" care'), (22, "Workforce's plan"), (3, "Estates")]


class Boxes(forms.Form):
    priorities = forms.MultipleChoiceField(
        choices=CHOICES, required=False, widget=forms.CheckboxSelectMultiple
    )


def test_unbound_and_bound_boxes_match_the_template():
    for form in [Boxes(), Boxes(initial={"priorities": [22]}), Boxes({"priorities": ["1", "3"]})]:
        field = form["priorities"]
        assert priority_boxes_html(field) == LOOP.render(Context({"field": field}))
    assert priority_boxes_html(Boxes()["priorities"]).count(" checked") == 0
    assert Boxes({"priorities": ["1", "3"]})["priorities"].value() == ["1", "3"]


def test_no_priorities_renders_nothing():
    class Empty(forms.Form):
        priorities = forms.MultipleChoiceField(choices=[], widget=forms.CheckboxSelectMultiple)

    assert priority_boxes_html(Empty()["priorities"]) == ""
