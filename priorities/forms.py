"""Forms of priorities, with messages in the users' words."""

from __future__ import annotations

from django import forms

from members.fields import ModelMultipleChoiceField
from members.forms import NhsukFormMixin

from .models import Priority, VotingMethod, VotingRound
from .selectors import candidate_priorities


class PriorityForm(NhsukFormMixin, forms.ModelForm):
    class Meta:
        model = Priority
        fields = ["title", "summary", "actions", "why_it_matters"]
        error_messages = {
            "title": {"required": "Give the priority a short title."},
            "summary": {"required": "Say what the priority means."},
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "actions": forms.Textarea(attrs={"rows": 3}),
            "why_it_matters": forms.Textarea(attrs={"rows": 3}),
        }


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class RoundForm(NhsukFormMixin, forms.ModelForm):
    candidates = ModelMultipleChoiceField(
        queryset=Priority.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Candidate priorities",
        error_messages={"required": "Choose the candidates practices will vote on."},
    )

    class Meta:
        model = VotingRound
        fields = [
            "title",
            "candidates",
            "method",
            "max_choices",
            "points_budget",
            "opens_at",
            "closes_at",
        ]
        labels = {"opens_at": "Opens", "closes_at": "Closes", "method": "How practices vote"}
        widgets = {
            "method": forms.RadioSelect,
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        error_messages = {
            "title": {"required": "Give the round a title, like “Priorities for 2027”."},
            "opens_at": {
                "required": "Say when the round opens.",
                "invalid": "Enter the opening date and time.",
            },
            "closes_at": {
                "required": "Say when the round closes.",
                "invalid": "Enter the closing date and time.",
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["candidates"].queryset = candidate_priorities()
        self.fields["method"].choices = VotingMethod.choices

    def clean(self):
        data = super().clean()
        method = data.get("method")
        if method == VotingMethod.POINTS and not data.get("points_budget"):
            self.add_error("points_budget", "Say how many points each practice spreads, like 10.")
        if method in (VotingMethod.RANKED, VotingMethod.APPROVAL) and not data.get("max_choices"):
            self.add_error("max_choices", "Say how many candidates each practice may pick.")
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", "The round must close after it opens.")
        if len(data.get("candidates") or []) == 1:
            self.add_error("candidates", "Choose at least two candidates.")
        return data


WIDGET_CLASS = {
    VotingMethod.RANKED: "nhsuk-select",
    VotingMethod.POINTS: "nhsuk-input nhsuk-input--width-3",
    VotingMethod.APPROVAL: "nhsuk-checkboxes__input",
}


class BallotForm(NhsukFormMixin, forms.Form):
    """One field per candidate (a rank, points or a tick), then a comment and a suggestion."""

    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label="Comment for the group"
    )
    suggestion = forms.CharField(
        required=False,
        max_length=200,
        label="Suggest a priority not on the list",
    )

    def __init__(self, *args, voting_round: VotingRound, candidates, initial_marks=None, **kw):
        super().__init__(*args, **kw)
        self.voting_round = voting_round
        self.candidates = list(candidates)
        initial_marks = initial_marks or {}
        fields = {}
        for priority in self.candidates:
            name = f"candidate_{priority.id}"
            fields[name] = self._field_for(priority)
            fields[name].initial = initial_marks.get(priority.id)
        self.fields = {**fields, **self.fields}
        for name in fields:
            widget = self.fields[name].widget
            widget.attrs["class"] = WIDGET_CLASS[voting_round.method]

    def _field_for(self, priority: Priority) -> forms.Field:
        method = self.voting_round.method
        if method == VotingMethod.RANKED:
            choices = [("", "Not ranked")] + [
                (str(r), f"{r}") for r in range(1, self.voting_round.max_choices + 1)
            ]
            return forms.TypedChoiceField(
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                label=priority.title,
            )
        if method == VotingMethod.POINTS:
            return forms.IntegerField(
                min_value=0,
                max_value=self.voting_round.points_budget,
                required=False,
                label=priority.title,
                error_messages={
                    "min_value": "Points cannot be negative.",
                    "max_value": f"No more than {self.voting_round.points_budget} points.",
                    "invalid": "Enter a whole number of points.",
                },
            )
        return forms.BooleanField(required=False, label=priority.title)

    def candidate_fields(self):
        return [(p, self[f"candidate_{p.id}"]) for p in self.candidates]

    def marks(self) -> dict[int, int | None]:
        marks = {}
        for priority in self.candidates:
            value = self.cleaned_data.get(f"candidate_{priority.id}")
            marks[priority.id] = (1 if value else None) if isinstance(value, bool) else value
        return marks


class AdoptForm(forms.Form):
    """A position for each candidate; blank ones are not adopted. Pre-filled with the top three."""

    def __init__(self, *args, rows, top: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for index, row in enumerate(rows):
            self.fields[f"position_{row.priority.id}"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=len(rows),
                label=row.priority.title,
                initial=index + 1 if index < top else None,
                widget=forms.NumberInput(attrs={"class": "nhsuk-input nhsuk-input--width-2"}),
            )

    def clean(self):
        data = super().clean()
        positions = {
            int(name.split("_")[1]): value
            for name, value in data.items()
            if name.startswith("position_") and value
        }
        if not positions:
            raise forms.ValidationError("Give a position to at least one priority to adopt it.")
        if len(set(positions.values())) != len(positions):
            raise forms.ValidationError(
                "Two priorities have the same position: number them 1, 2, 3…"
            )
        data["priority_ids"] = sorted(positions, key=positions.get)
        return data

    def position_fields(self):
        return [(row, self[f"position_{row.priority.id}"]) for row in self.rows]
