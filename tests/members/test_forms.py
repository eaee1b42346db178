"""The NHS.UK form mixin and partials tie every error to its control, for screen readers."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string

from members.forms import NhsukFormMixin


class _RouteForm(NhsukFormMixin, forms.Form):
    route = forms.ChoiceField(choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    when = forms.DateField(help_text="Like 2027-01-14.")


def test_an_error_a_view_adds_after_validation_is_tied_to_its_field():
    form = _RouteForm({"seat7-route": "a", "seat7-when": "2027-01-14"}, prefix="seat7")
    assert form.is_valid()
    form.add_error("when", "There is already a review that day.")
    attrs = form.fields["when"].widget.attrs
    assert attrs["aria-invalid"] == "true"
    assert attrs["aria-describedby"].split() == ["id_seat7-when-hint", "id_seat7-when-error"]
    html = render_to_string("partials/field.html", {"field": form["when"]})
    assert 'id="id_seat7-when-error"' in html and 'id="id_seat7-when-hint"' in html


def test_a_radio_error_in_the_summary_links_to_the_first_radio():
    form = _RouteForm({"route": "neither", "when": "2027-01-14"})
    assert not form.is_valid()
    summary = render_to_string("partials/error_summary.html", {"form": form})
    assert 'href="#id_route_0"' in summary and 'href="#"' not in summary
    field = render_to_string("partials/field.html", {"field": form["route"]})
    assert 'id="id_route-error"' in field and 'id="id_route_0"' in field
