"""Forms of representation, short enough to fill in on a phone after a meeting."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef

from members.fields import ModelChoiceField, ModelMultipleChoiceField
from members.forms import NhsukFormMixin
from members.models import Person
from members.uploads import check_upload
from priorities.models import Priority

from . import widgets
from .models import Action, ActionStatus, Cadence, Mandate, MandateStatus, Review
from .selectors import action_owner_choices


class DateInput(forms.DateInput):
    input_type = "date"


class MeetingForm(NhsukFormMixin, forms.Form):
    name = forms.CharField(
        label="Name of the meeting",
        max_length=200,
        error_messages={"required": "Enter the meeting's name."},
    )
    organiser = forms.CharField(
        max_length=200,
        help_text="Who runs it, e.g. the ICB or the council.",
        error_messages={"required": "Enter who organises it."},
    )
    cadence = forms.ChoiceField(label="How often it meets", choices=Cadence.choices)
    representatives = ModelMultipleChoiceField(
        queryset=Person.objects.order_by("full_name"),
        required=False,
        help_text="One or two people who represent general practice there.",
    )


class RepresentativesForm(NhsukFormMixin, forms.Form):
    representatives = ModelMultipleChoiceField(
        queryset=Person.objects.order_by("full_name"),
        required=False,
        help_text="Hold Ctrl (or Cmd) to choose more than one. Usually one or two people.",
        widget=widgets.SelectMultiple,
    )
    representatives.iterator = widgets.NameChoiceIterator


class OccurrenceForm(NhsukFormMixin, forms.Form):
    date = forms.DateField(widget=DateInput, error_messages={"required": "Enter the date."})
    time = forms.TimeField(required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    papers_link = forms.URLField(
        label="Link to the papers",
        required=False,
        error_messages={"invalid": "Enter a web address starting https://"},
    )
    papers_file = forms.FileField(label="Or upload the papers", required=False)

    def clean_papers_file(self):
        upload = self.cleaned_data.get("papers_file")
        if upload:
            check_upload(upload)
        return upload


class BriefingItemForm(NhsukFormMixin, forms.Form):
    title = forms.CharField(
        label="Item due to be discussed",
        max_length=200,
        error_messages={"required": "Enter the item due to be discussed."},
    )
    position = forms.CharField(
        label="The group's position",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the group's position."},
    )
    priority = ModelChoiceField(
        label="Linked priority",
        queryset=Priority.objects.order_by("status", "rank", "title"),
        required=False,
        empty_label="No linked priority",
    )
    mandate = forms.ChoiceField(
        choices=Mandate.choices,
        widget=forms.RadioSelect,
        help_text="What the representative may do on the group's behalf.",
        error_messages={"required": "Choose the mandate."},
    )
    outcome_wanted = forms.CharField(
        label="Outcome wanted", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class FeedbackForm(NhsukFormMixin, forms.Form):
    discussed = forms.CharField(
        label="What was discussed",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say briefly what was discussed."},
    )
    agreed = forms.CharField(
        label="What was agreed", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    intelligence = forms.CharField(
        label="Intelligence about the system",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="What you learnt about the system's plans, people or money.",
    )


class AgreementForm(NhsukFormMixin, forms.Form):
    text = forms.CharField(
        label="Agreed on general practice's behalf",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    mandate_status = forms.ChoiceField(
        label="Mandate",
        choices=[("", "Choose"), *MandateStatus.choices],
        required=False,
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("text") and not data.get("mandate_status"):
            self.add_error("mandate_status", "Say whether this was within the mandate.")
        return data


class ActionForm(NhsukFormMixin, forms.Form):
    description = forms.CharField(label="Action arising", max_length=300, required=False)
    owner = ModelChoiceField(queryset=Person.objects.none(), required=False)
    due_on = forms.DateField(label="Due", widget=DateInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("description"):
            if not data.get("owner"):
                self.add_error("owner", "Choose who owns this action.")
            if not data.get("due_on"):
                self.add_error("due_on", "Enter when it is due.")
        return data


# Bounded: a forged TOTAL_FORMS of thousands must not build (and render) thousands of forms.
ROWS_AT_MOST = 20
AgreementFormSet = forms.formset_factory(
    AgreementForm, extra=2, max_num=ROWS_AT_MOST, absolute_max=ROWS_AT_MOST, validate_max=True
)
ActionFormSet = forms.formset_factory(
    ActionForm, extra=3, max_num=ROWS_AT_MOST, absolute_max=ROWS_AT_MOST, validate_max=True
)


class ActionUpdateForm(NhsukFormMixin, forms.Form):
    status = forms.ChoiceField(choices=ActionStatus.choices)
    due_on = forms.DateField(label="Due", widget=DateInput, required=False)
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)


class ActionFilterForm(forms.Form):
    owner = ModelChoiceField(queryset=Person.objects.none(), required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), ("open", "Still open"), *ActionStatus.choices],
        required=False,
    )
    overdue = forms.BooleanField(label="Overdue only", required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # A semi-join on the owner index, not a DISTINCT over a join of every action.
        owns = Action.objects.filter(owner=OuterRef("pk"))
        self.fields["owner"].queryset = Person.objects.filter(Exists(owns))


class ReviewForm(NhsukFormMixin, forms.ModelForm):
    class Meta:
        model = Review
        fields = ["reviewed_on", "what_worked", "overstepped", "thin_feedback", "changes"]
        widgets = {
            "reviewed_on": DateInput,
            "what_worked": forms.Textarea(attrs={"rows": 3}),
            "overstepped": forms.Textarea(attrs={"rows": 2}),
            "thin_feedback": forms.Textarea(attrs={"rows": 2}),
            "changes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"reviewed_on": "Date of the review"}
        error_messages = {
            "what_worked": {"required": "Say what worked."},
            "reviewed_on": {"required": "Enter the date of the review."},
        }
