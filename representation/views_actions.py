"""Pages of representation's actions tracker and the reviews of representatives."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from members.access import roles_for
from members.submission import form_data

from . import selectors, services
from .forms import ActionFilterForm, ActionUpdateForm, ReviewForm
from .permissions import get_action_for_user, is_lead
from .views import _person, insiders_required, leads_required


def _filters(request: HttpRequest) -> tuple[ActionFilterForm, dict]:
    data = request.GET.copy()
    mine = data.get("owner") == "me"
    if mine:
        data.pop("owner")
    form = ActionFilterForm(data)
    form.is_valid()
    cleaned = getattr(form, "cleaned_data", {})
    owner = cleaned.get("owner")
    owner_id = roles_for(request.user).person_id if mine else (owner.pk if owner else None)
    return form, {
        "owner_id": owner_id,
        "status": cleaned.get("status", ""),
        "overdue_only": cleaned.get("overdue", False),
    }


def _with_row_links(actions) -> list:
    """Each row's links and status options, reversed once per page and formatted per row.

    A row carries four links and a select of the statuses: by `{% url %}` and a template
    loop that was most of the tracker's render time for 25 rows.
    """
    feedback = reverse("representation:feedback-detail", args=[0]).replace("/0/", "/{}/")
    update = reverse("representation:action-update", args=[0]).replace("/0/", "/{}/")
    chase = reverse("representation:action-chase", args=[0]).replace("/0/", "/{}/")
    statuses = [
        (value, f'<option value="{escape(value)}"', f">{conditional_escape(label)}</option>")
        for value, label in ActionUpdateForm.base_fields["status"].choices
    ]
    rows = list(actions)
    for action in rows:
        action.feedback_url = feedback.format(action.feedback_id)
        action.update_url = update.format(action.pk)
        action.chase_url = chase.format(action.pk)
        action.status_options = mark_safe(  # values and labels escaped above
            "".join(
                f"{start}{' selected' if action.status == value else ''}{end}"
                for value, start, end in statuses
            )
        )
    return rows


@insiders_required
def action_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    today = timezone.localdate()
    form, filters = _filters(request)
    page = Paginator(selectors.action_tracker(today=today, **filters), 25).get_page(
        request.GET.get("page")
    )
    page.object_list = _with_row_links(page.object_list)
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = {
        "page": page,
        "filter_form": form,
        "today": today,
        "querystring": querystring.urlencode(),
        "supports": roles.is_admin_support or is_lead(roles),
        "person_id": roles.person_id,
    }
    return render(request, "representation/action_list.html", context)


@insiders_required
@require_POST
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk)
    form = ActionUpdateForm(request.POST)
    status, message = 200, ""
    if form.is_valid():
        try:
            action = services.action_update(
                action=action,
                by=_person(request),
                status=form.cleaned_data["status"],
                due_on=form.cleaned_data["due_on"],
                seen_updated_at=form.cleaned_data["seen"],
            )
        except services.ActionChanged as conflict:
            status, message = 409, conflict.messages[0]
    else:
        status, message = 422, "Choose a status for the action."
    if request.htmx:
        roles = roles_for(request.user)
        row = selectors.action_tracker(today=timezone.localdate()).filter(pk=action.pk)
        context = {
            "action": _with_row_links(row)[0],
            "supports": roles.is_admin_support or is_lead(roles),
            "person_id": roles.person_id,
            "row_message": message,
        }
        template = "representation/action_list.html#action-row"
        return render(request, template, context, status=status)
    if status != 200:
        context = {"action": action, "message": message}
        return render(request, "representation/action_conflict.html", context, status=status)
    messages.success(request, f"“{action}” is now {action.get_status_display().lower()}.")
    return redirect(request.POST.get("next") or "representation:action-list")


@insiders_required
@require_POST
def action_chase(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_action_for_user(request.user, pk, chase=True)
    try:
        services.action_chase(action=action, by=_person(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{action.owner} is asked for an update.")
    return redirect(request.POST.get("next") or "representation:action-list")


@leads_required
def review_list(request: HttpRequest) -> HttpResponse:
    people = selectors.representatives_for_review()
    return render(request, "representation/review_list.html", {"people": people})


@leads_required
def review_history(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(selectors.representatives_for_review(), pk=pk)
    form = ReviewForm(form_data(request), initial={"reviewed_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_record(
                    representative=person, by=_person(request), **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error("reviewed_on", error)
            else:
                messages.success(request, f"The review of {person} is recorded.")
                return redirect("representation:review-history", pk=person.pk)
        status = 422
    reviews = person.representation_reviews.select_related("reviewed_by")
    context = {"person": person, "reviews": reviews, "form": form}
    return render(request, "representation/review_history.html", context, status=status)
