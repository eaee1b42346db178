"""Forms of members, with messages in the users' words; the NHS.UK styling mixin others use."""

from __future__ import annotations

from django import forms

from .models import Person

WIDGET_CLASSES = {
    "textarea": "nhsuk-textarea",
    "select": "nhsuk-select",
    "selectmultiple": "nhsuk-select",
    "checkbox": "nhsuk-checkboxes__input",
    "radioselect": "nhsuk-radios__input",
    "checkboxselectmultiple": "nhsuk-checkboxes__input",
    "clearablefileinput": "nhsuk-file-upload",
    "fileinput": "nhsuk-file-upload",
}


class NhsukFormMixin:
    """Give every widget its NHS.UK class and tie hints and errors to it for screen readers."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            kind = widget.__class__.__name__.lower()
            css = WIDGET_CLASSES.get(kind, "nhsuk-input")
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{self[name].auto_id}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        self._mark_errors()

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        self._mark_errors()  # an error a view adds after is_valid() is tied to its field too

    def _mark_errors(self) -> None:
        for name in self._errors or ():
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                css = classes.split(" ")[0]
                if css and f"{css}--error" not in classes:
                    widget.attrs["class"] = f"{classes} {css}--error"
                widget.attrs["aria-invalid"] = "true"
                auto_id = self[name].auto_id  # with the form's prefix, as the templates use
                hint = f"{auto_id}-hint " if self.fields[name].help_text else ""
                widget.attrs["aria-describedby"] = f"{hint}{auto_id}-error"


class ProfileForm(NhsukFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "job_title", "contact_email", "digest_opt_out"]
        labels = {"full_name": "Your name", "contact_email": "Email for reminders"}
        error_messages = {
            "full_name": {"required": "Enter your name."},
            "contact_email": {"invalid": "Enter an email address like name@nhs.net."},
        }


SCOPE_PATTERNS = {
    "sub_icb": (r"^[0-9A-Z]{3}$", "sub-ICB location codes are 3 letters or digits, like 16C"),
    "icb": (r"^Q[0-9A-Z]{2}$", "ICB codes are Q and 2 letters or digits, like QHM"),
    "pcn": (r"^U[0-9]{5}$", "PCN codes are U and five digits, like U89141"),
}


class RegisterImportForm(NhsukFormMixin, forms.Form):
    map_file = forms.FileField(
        label="Practice map (gp-reg-pat-prac-map.csv, or zipped)",
        error_messages={"required": "Choose the practice map file."},
    )
    patients_file = forms.FileField(
        label="Registered patients (gp-reg-pat-prac-all.csv, or zipped)",
        error_messages={"required": "Choose the registered patients file."},
    )
    scope_kind = forms.ChoiceField(
        label="Import the practices of",
        choices=[("sub_icb", "Sub-ICB locations"), ("icb", "ICBs"), ("pcn", "PCNs")],
        initial="sub_icb",
        widget=forms.RadioSelect,
    )
    codes = forms.CharField(
        label="Codes",
        help_text="One or more, separated by spaces or commas: e.g. 16C, or QHM, or U89141 U07032.",
        error_messages={"required": "Enter at least one code for the scope."},
    )
    allow_month_mismatch = forms.BooleanField(
        label="Allow a patients file from a different month", required=False
    )

    def clean_codes(self) -> list[str]:
        import re

        return [c for c in re.split(r"[\s,;]+", self.cleaned_data["codes"].upper()) if c]

    def clean(self) -> dict:
        import re

        from django.conf import settings

        data = super().clean()
        kind, codes = data.get("scope_kind"), data.get("codes") or []
        if kind and codes:
            pattern, rule = SCOPE_PATTERNS[kind]
            wrong = [code for code in codes if not re.match(pattern, code)]
            if wrong:
                self.add_error("codes", f"{', '.join(wrong[:5])}: {rule}.")
        for name in ("map_file", "patients_file"):
            upload = data.get(name)
            if upload and upload.size > settings.REGISTER_UPLOAD_MAX_BYTES:
                limit = settings.REGISTER_UPLOAD_MAX_BYTES // (1024 * 1024)
                self.add_error(name, f"The file is larger than {limit} MB.")
        return data
