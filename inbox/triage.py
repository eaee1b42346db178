"""The request page's triage panel: its context and the htmx triage view (one copy of markup)."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import BoundField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_POST

from members.access import roles_for

from . import selectors, services
from .forms import CloseForm, LinkForm, TriageForm
from .models import Request
from .permissions import can_triage, get_request_for_user


def planned_meetings() -> list:
    """Upcoming leadership meetings a request can go to."""
    from decisions.selectors import meetings_planned

    return list(meetings_planned()[:12])


def priority_boxes_html(field: BoundField) -> SafeString:
    """The priorities' checkboxes as the template looped them (50 at ICS scale, ~5 ms there)."""
    chosen = {str(v) for v in field.value() or []}
    widget = field.field.widget
    boxes = []
    for index, (value, label) in enumerate(widget.choices):
        box_id = escape(widget.id_for_label(field.auto_id, index))
        value = "" if value is None else str(value)
        checked = " checked" if value in chosen else ""
        boxes.append(
            '<div class="nhsuk-checkboxes__item">\n'
            f'      <input class="nhsuk-checkboxes__input" id="{box_id}" name="priorities" '
            f'type="checkbox" value="{escape(value)}"{checked}>\n'
            f'      <label class="nhsuk-label nhsuk-checkboxes__label" for="{box_id}">'
            f"{conditional_escape(label)}</label></div>"
        )
    return mark_safe("".join(boxes))  # every value above is escaped


def triage_context(request: HttpRequest, item: Request, form: TriageForm | None = None) -> dict:
    roles = roles_for(request.user)
    message = item.message_text or services.message_draft(item)
    if form is None:
        form = TriageForm(
            initial={"seen_status": item.status, "response": item.response, "minutes": 15},
            meetings=planned_meetings() if can_triage(roles) and item.is_untriaged else (),
        )
        # The boxes need a title each, read in one query: Django's own choice iterator reads
        # every column through a server-side cursor (three round trips on PostgreSQL).
        priorities = form.fields["priorities"]
        priorities.widget.choices = [
            (priority.pk, priority.title) for priority in priorities.queryset.only("title")
        ]
    return {
        "item": item,
        "form": form,
        "priority_boxes": priority_boxes_html(form["priorities"]),
        "can_triage": can_triage(roles),
        "events": selectors.request_history(item),
        "attachments": item.attachments.all(),
        "linked": selectors.request_linked(item),
        "recipients": item.recipients.select_related("person", "organisation"),
        "item_priorities": item.priorities.all(),
        "link_form": LinkForm(),
        "close_form": CloseForm(),
        "whatsapp_url": "https://wa.me/?text=" + quote(message),
        "message": message,
        "agenda_item": item.agenda_item,
    }


@login_required
@require_POST
def request_triage(request: HttpRequest, pk: int) -> HttpResponse:
    """Triage in place: the panel comes back with the route's follow-up, 422 or 409."""
    item = get_request_for_user(request.user, pk, write=True)
    form = TriageForm(request.POST, request.FILES, meetings=planned_meetings())
    status = 422
    context: dict = {}
    if form.is_valid():
        data = dict(form.cleaned_data)
        seen = data.pop("seen_status")
        try:
            services.request_triage(request=item, user=request.user, expected_status=seen, **data)
        except services.TriageConflict as conflict:
            item.refresh_from_db()
            status, context = 409, {"conflict": conflict}
        except ValidationError as error:
            item.refresh_from_db()  # the transaction rolled back what was set in memory
            form.add_error(None, " ".join(error.messages))
        else:
            if not request.htmx:
                return redirect("inbox:request-detail", pk)
            item.refresh_from_db()
            form, status = None, 200
    context = {**triage_context(request, item, form), **context}
    template = "inbox/request_detail.html"
    if request.htmx:
        template += "#triage-panel"
    return render(request, template, context, status=status)
