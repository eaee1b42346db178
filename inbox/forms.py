"""Forms of the inbox, with messages in the requesters' and gatekeepers' words."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from members.fields import ModelChoiceField, ModelMultipleChoiceField
from members.forms import NhsukFormMixin
from members.models import GENERAL_PRACTICE_KINDS, Organisation
from members.uploads import ACCEPTED, MAX_UPLOAD_MB, check_upload
from priorities.models import Priority, PriorityStatus

from .models import Channel, DeclineReason, PaperAudience, PaperResponse, Route

MAX_FILES = 5
MAX_FILE_MB = MAX_UPLOAD_MB


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        files = [super(MultipleFileField, self).clean(f, initial) for f in files]
        if len(files) > MAX_FILES:
            raise ValidationError(f"Attach up to {MAX_FILES} files; you chose {len(files)}.")
        for upload in files:
            check_upload(upload, max_mb=MAX_FILE_MB)
        return files


OTHER = "other"


class RequestForm(NhsukFormMixin, forms.Form):
    partner = forms.ChoiceField(
        label="Your organisation",
        error_messages={"required": "Choose your organisation, or “Another organisation”."},
    )
    partner_other = forms.CharField(
        label="Name of your organisation",
        max_length=200,
        required=False,
        help_text="Only if you chose “Another organisation”.",
    )
    requester_name = forms.CharField(
        label="Your name", max_length=200, error_messages={"required": "Enter your name."}
    )
    requester_email = forms.EmailField(
        label="Your work email",
        error_messages={
            "required": "Enter your work email, so we can send you the tracking link.",
            "invalid": "Enter an email address like name@nhs.net.",
        },
    )
    title = forms.CharField(
        label="A short title for your request",
        max_length=200,
        error_messages={"required": "Enter a short title for your request."},
    )
    ask = forms.CharField(
        label="What are you asking general practice to do or decide?",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you are asking general practice to do or decide."},
    )
    why_general_practice = forms.CharField(
        label="Why general practice?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why this needs general practice."},
    )
    impact = forms.CharField(
        label="What it means for practices",
        help_text="Workload, money and patients.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what it means for practices: workload, money, patients."},
    )
    respond_by = forms.DateField(
        label="Response needed by",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Enter the date you need a response by.",
            "invalid": "Enter the date as day, month and year, like 31/01/2027.",
        },
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    attachments = MultipleFileField(
        required=False,
        help_text=f"Up to {MAX_FILES} files, {MAX_FILE_MB} MB each: {ACCEPTED}.",
    )
    # A field people never see: bots fill it in.
    website = forms.CharField(required=False, label="Leave this empty")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        partners = Organisation.objects.system_partners().active().order_by("name")
        self.fields["partner"].choices = [
            ("", "Choose your organisation"),
            *[(str(p.pk), p.name) for p in partners],
            (OTHER, "Another organisation"),
        ]
        self._partners = {str(p.pk): p for p in partners}

    def clean_respond_by(self):
        day = self.cleaned_data["respond_by"]
        if day < timezone.localdate():
            raise ValidationError("The response date must be today or in the future.")
        return day

    def clean(self):
        data = super().clean()
        choice = data.get("partner")
        if choice == OTHER:
            data["partner"] = None
            if not data.get("partner_other", "").strip():
                self.add_error("partner_other", "Enter the name of your organisation.")
        elif choice:
            data["partner"] = self._partners.get(choice)
            data["partner_other"] = ""
        return data


class ApproachForm(RequestForm):
    """Staff log an approach made to them directly, on the requester's behalf."""

    channel = forms.ChoiceField(
        label="How were you approached?",
        choices=[c for c in Channel.choices if c[0] != Channel.WEB],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you were approached."},
    )
    approached_via = ModelChoiceField(
        label="Approached via",
        queryset=Organisation.objects.none(),
        help_text="The general practice organisation the requester went to.",
        error_messages={"required": "Choose the organisation that was approached."},
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["website"]
        mine = Organisation.objects.filter(people__user=user, kind__in=GENERAL_PRACTICE_KINDS)
        doors = (
            mine
            if user is not None and mine.exists()
            else Organisation.objects.filter(kind__in=GENERAL_PRACTICE_KINDS)
        )
        self.fields["approached_via"].queryset = doors.active().order_by("name").distinct()
        self.fields["requester_name"].label = "Requester's name"
        self.fields["requester_email"].label = "Requester's work email"
        self.fields["partner"].label = "Requester's organisation"


class TriageForm(NhsukFormMixin, forms.Form):
    seen_status = forms.CharField(widget=forms.HiddenInput)
    route = forms.ChoiceField(
        choices=Route.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a route for this request."},
    )
    response = forms.CharField(
        label="Response to the requester",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The group's consistent response: the requester sees it.",
        error_messages={"required": "Write the response the requester will see."},
    )
    priorities = ModelMultipleChoiceField(
        queryset=Priority.objects.exclude(status=PriorityStatus.RETIRED),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Priorities it touches",
    )
    questions = forms.CharField(
        label="What is missing",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    decline_reason = forms.ChoiceField(
        label="Reason for declining",
        choices=[("", "Choose a reason"), *DeclineReason.choices],
        required=False,
    )
    message_text = forms.CharField(
        label="WhatsApp message",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Leave empty to use a draft made from the request.",
    )
    paper_audience = forms.ChoiceField(
        label="Send the paper to",
        choices=[("", "Choose who"), *PaperAudience.choices],
        required=False,
    )
    paper_due_on = forms.DateField(
        label="Responses due by",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={"invalid": "Enter the date like 31/01/2027."},
    )
    paper_file = forms.FileField(label="Paper (if not the attachment)", required=False)
    meeting = forms.ChoiceField(label="Which meeting", required=False)
    minutes = forms.IntegerField(
        label="Minutes requested", min_value=5, max_value=120, required=False, initial=15
    )

    def __init__(self, *args, meetings=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._meetings = {str(m.pk): m for m in meetings}
        self.fields["meeting"].choices = [
            ("", "The next planned meeting"),
            *[(pk, str(m)) for pk, m in self._meetings.items()],
        ]

    def clean_paper_file(self):
        upload = self.cleaned_data.get("paper_file")
        if upload:
            check_upload(upload, max_mb=MAX_FILE_MB)
        return upload

    def clean(self):
        data = super().clean()
        route = data.get("route")
        needs = {
            Route.MORE_WORK: {"questions": "List what is missing before it can come to the group."},
            Route.DECLINED: {"decline_reason": "Choose the reason for declining."},
            Route.PAPER: {
                "paper_audience": "Choose who receives the paper.",
                "paper_due_on": "Enter the date responses are due by.",
            },
            Route.MEETING: {"minutes": "Enter the minutes the item needs (5 to 120)."},
        }.get(route, {})
        for name, message in needs.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        due = data.get("paper_due_on")
        if route == Route.PAPER and due and due <= timezone.localdate():
            self.add_error("paper_due_on", "The response date must be in the future.")
        data["meeting"] = self._meetings.get(data.get("meeting") or "")
        return data


class AnswerForm(NhsukFormMixin, forms.Form):
    answer = forms.CharField(
        label="Your answer to the group's questions",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Write your answer to the group's questions."},
    )


class PaperResponseForm(NhsukFormMixin, forms.Form):
    response = forms.ChoiceField(
        label="Your response",
        choices=PaperResponse.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose noted, support or concern."},
    )
    comment = forms.CharField(
        label="Comment", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class CloseForm(NhsukFormMixin, forms.Form):
    summary = forms.CharField(
        label="Closing summary for the requester",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class LinkForm(NhsukFormMixin, forms.Form):
    other = forms.CharField(
        label="Reference of the request with the same ask",
        help_text="For example R-0012.",
        error_messages={"required": "Enter the reference of the other request, like R-0012."},
    )

    def clean_other(self):
        from .models import Request

        number = self.cleaned_data["other"].strip().upper().removeprefix("R-")
        plain = number.isascii() and number.isdigit() and len(number) <= 18  # not "²", not 10**40
        found = Request.objects.filter(pk=int(number)).first() if plain else None
        if found is None:
            raise ValidationError("No request has that reference. Check it, like R-0012.")
        return found
