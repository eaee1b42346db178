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
                widget.attrs["aria-describedby"] = f"id_{name}-hint"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                css = classes.split(" ")[0]
                if css and f"{css}--error" not in classes:
                    widget.attrs["class"] = f"{classes} {css}--error"
                widget.attrs["aria-invalid"] = "true"
                hint = f"id_{name}-hint " if self.fields[name].help_text else ""
                widget.attrs["aria-describedby"] = f"{hint}id_{name}-error"


class ProfileForm(NhsukFormMixin, forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "job_title", "contact_email", "digest_opt_out"]
        labels = {"full_name": "Your name", "contact_email": "Email for reminders"}
        error_messages = {
            "full_name": {"required": "Enter your name."},
            "contact_email": {"invalid": "Enter an email address like name@nhs.net."},
        }
