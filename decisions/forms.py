"""Forms of decisions, with messages in the users' words."""

from __future__ import annotations

from django import forms

from members.fields import ModelChoiceField, ModelMultipleChoiceField
from members.forms import NhsukFormMixin
from members.models import Organisation, OrganisationKind
from members.uploads import check_upload

from .models import (
    AgendaItem,
    AttendanceStatus,
    Commitment,
    CommitmentStatus,
    DecisionStatus,
    LeadershipMeeting,
    Stance,
)


class MeetingForm(NhsukFormMixin, forms.ModelForm):
    online_link = forms.URLField(label="Online link", required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(
        label="Date and start time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Enter the date and start time.",
            "invalid": "Enter a date and time, like 2027-01-14 18:30.",
        },
    )

    class Meta:
        model = LeadershipMeeting
        fields = [
            "title",
            "starts_at",
            "duration_minutes",
            "location",
            "online_link",
            "chair",
            "status",
            "system_item_cap_minutes",
        ]
        labels = {"duration_minutes": "Length (minutes)"}
        field_classes = {"chair": ModelChoiceField}


class AgendaItemForm(NhsukFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["kind", "title", "description", "minutes", "lead", "priority"]
        field_classes = {"priority": ModelChoiceField}
        error_messages = {
            "title": {"required": "Enter a title for the item."},
            "minutes": {"required": "Give the item some time, in minutes."},
        }

    def clean_minutes(self) -> int:
        minutes = self.cleaned_data["minutes"]
        if not minutes:
            raise forms.ValidationError("Give the item some time, in minutes.")
        return minutes


class NotesForm(NhsukFormMixin, forms.Form):
    notes = forms.CharField(label="Notes from the meeting", widget=forms.Textarea, required=False)


class PaperForm(NhsukFormMixin, forms.Form):
    title = forms.CharField(label="Paper title", error_messages={"required": "Name the paper."})
    file = forms.FileField(label="Upload a file", required=False)
    url = forms.URLField(label="Or a link", required=False, assume_scheme="https")

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_upload(upload)
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError("Upload a file or give a link to the paper.")
        return data


class AttendanceForm(NhsukFormMixin, forms.Form):
    seat = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class DecisionForm(NhsukFormMixin, forms.Form):
    title = forms.CharField(
        max_length=200, error_messages={"required": "Give the decision a title."}
    )
    question = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the group is deciding, in plain English.",
        error_messages={"required": "Say what the group is deciding."},
    )
    proposal = forms.CharField(
        label="First proposal wording",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the proposal the seats will give positions on."},
    )


class PositionForm(NhsukFormMixin, forms.Form):
    round = forms.IntegerField(widget=forms.HiddenInput)
    stance = forms.ChoiceField(
        label="Position",
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a position."},
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed for a concern (what must change) or a block (why).",
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("stance") in (Stance.CONCERN, Stance.BLOCK)
            and not data.get("reason", "").strip()
        ):
            self.add_error("reason", "Say what needs to change, or why you block.")
        return data


class RoundForm(NhsukFormMixin, forms.Form):
    proposal = forms.CharField(
        label="Revised proposal wording",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Give the revised proposal wording."},
    )


class PublishForm(NhsukFormMixin, forms.Form):
    summary = forms.CharField(
        label="Plain-English summary for practices",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the summary practices will receive."},
    )


class CommitmentForm(NhsukFormMixin, forms.ModelForm):
    due_on = forms.DateField(
        label="By when",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": "Enter the date it is due.", "invalid": "Enter a real date."},
    )
    organisations = ModelMultipleChoiceField(
        queryset=Organisation.objects.active().filter(
            kind__in=[
                OrganisationKind.PRACTICE,
                OrganisationKind.PCN,
                OrganisationKind.FEDERATION,
                OrganisationKind.LMC,
            ]
        ),
        required=False,
        help_text="Only when “Named organisations” is chosen.",
    )

    class Meta:
        model = Commitment
        fields = ["scope", "organisations", "what", "due_on", "how_checked"]

    def clean(self):
        data = super().clean()
        if data.get("scope") == "organisations" and not data.get("organisations"):
            self.add_error("organisations", "Choose the organisations that commit.")
        return data


class CommitmentStatusForm(NhsukFormMixin, forms.Form):
    status = forms.ChoiceField(choices=CommitmentStatus.choices)


class RegisterFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False)
    status = forms.ChoiceField(
        choices=[("", "Any status"), *DecisionStatus.choices], required=False
    )
    priority = forms.CharField(required=False)
    organisation = forms.CharField(required=False)
    year = forms.CharField(required=False)
