"""Forms of home: the dashboard's period."""

from __future__ import annotations

import datetime as dt

from django import forms

from members.forms import NhsukFormMixin

from .dashboard import Period

DEFAULT_DAYS = 90
LONGEST_DAYS = 3 * 366


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(NhsukFormMixin, forms.Form):
    starts_on = forms.DateField(label="From", widget=DATE)
    ends_on = forms.DateField(label="To", widget=DATE)

    @staticmethod
    def initial_for(today: dt.date) -> dict:
        return {"starts_on": today - dt.timedelta(days=DEFAULT_DAYS - 1), "ends_on": today}

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        for name, day in (("starts_on", starts_on), ("ends_on", ends_on)):
            if day and not 2000 <= day.year <= 2100:  # 31/12/9999 + 1 day would overflow
                self.add_error(name, "Enter a date between the years 2000 and 2100.")
                return cleaned
        if starts_on and ends_on:
            if ends_on < starts_on:
                self.add_error("ends_on", "The end of the period must be on or after its start.")
            elif (ends_on - starts_on).days > LONGEST_DAYS:
                self.add_error("ends_on", "Choose a period of three years or less.")
        return cleaned

    def period(self) -> Period:
        return Period(self.cleaned_data["starts_on"], self.cleaned_data["ends_on"])
