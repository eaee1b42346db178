"""Pages of representation: overview, meetings, briefing, feedback, actions, reviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from members.access import role_required, roles_for
from members.models import Person
from members.submission import form_data, form_files
from members.uploads import attachment_response

from . import selectors, services
from .forms import (
    ActionFormSet,
    AgreementFormSet,
    BriefingItemForm,
    FeedbackForm,
    MeetingForm,
    OccurrenceForm,
    RepresentativesForm,
)
from .models import FeedbackAgreement, SystemMeeting
from .permissions import (
    get_feedback_for_user,
    get_occurrence_for_feedback,
    get_occurrence_for_user,
    is_lead,
    manages_meetings,
    reads_summaries,
    sees_everything,
)

insiders_required = role_required(sees_everything)
summaries_required = role_required(reads_summaries)
managers_required = role_required(manages_meetings)
leads_required = role_required(is_lead)


def _person(request: HttpRequest) -> Person | None:
    return getattr(request.user, "person", None)


@summaries_required
def overview(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    today = timezone.localdate()
    context = {"insider": sees_everything(roles), "lead": is_lead(roles)}
    if context["insider"]:
        page = Paginator(selectors.occurrences_upcoming(today=today), 25).get_page(
            request.GET.get("page")
        )
        context |= {
            "page": page,
            "awaiting": list(selectors.occurrences_awaiting_feedback(today=today)[:25]),
            "for_group": list(
                selectors.outside_mandate_agreements().filter(agenda_item_id__isnull=True)[:10]
            ),
            "can_manage": manages_meetings(roles),
            "reviews_due": selectors.reviews_due(today=today) if is_lead(roles) else [],
        }
    return render(request, "representation/overview.html", context)


@insiders_required
def body_list(request: HttpRequest) -> HttpResponse:
    meetings = selectors.meetings_with_representatives()
    can_manage = manages_meetings(roles_for(request.user))
    return render(
        request,
        "representation/body_list.html",
        {"meetings": meetings, "can_manage": can_manage},
    )


@managers_required
def body_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        if SystemMeeting.objects.filter(name__iexact=form.cleaned_data["name"]).exists():
            form.add_error("name", "There is already a meeting with this name.")
        else:
            meeting = services.meeting_create(**form.cleaned_data)
            messages.success(request, f"{meeting} is added.")
            return redirect(meeting)
    status = 422 if request.method == "POST" else 200
    return render(request, "representation/body_form.html", {"form": form}, status=status)


@insiders_required
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(selectors.meetings_with_representatives(), pk=pk)
    can_manage = manages_meetings(roles_for(request.user))
    form = OccurrenceForm(form_data(request), form_files(request))
    status = 200
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied("Only a representation lead or admin support adds dates.")
        if form.is_valid():
            try:
                occurrence = services.occurrence_create(meeting=meeting, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{occurrence} is added.")
                return redirect(meeting)
        status = 422
    occurrences = meeting.occurrences.order_by("-date", "-time")[:50]
    chosen = [a.person_id for a in meeting.assignments.all()]
    context = {
        "meeting": meeting,
        "occurrences": occurrences,
        "form": form,
        "can_manage": can_manage,
        "representatives_form": RepresentativesForm(initial={"representatives": chosen}),
    }
    return render(request, "representation/body_detail.html", context, status=status)


@managers_required
@require_POST
def body_representatives(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(SystemMeeting, pk=pk)
    form = RepresentativesForm(request.POST)
    if form.is_valid():
        people = form.cleaned_data["representatives"]
        services.meeting_set_representatives(meeting=meeting, representatives=people)
        names = ", ".join(str(p) for p in people) or "nobody"
        messages.success(request, f"{meeting} is now represented by {names}.")
    else:
        messages.error(request, "Choose people from the list.")
    return redirect(meeting)


@insiders_required
def briefing(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_occurrence_for_user(request.user, pk, write=request.method == "POST")
    form = BriefingItemForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        services.briefing_item_add(occurrence=occurrence, by=_person(request), **form.cleaned_data)
        messages.success(request, "The item is added to the briefing.")
        return redirect("representation:briefing", pk=occurrence.pk)
    roles = roles_for(request.user)
    assigned = occurrence.meeting.assignments.filter(person_id=roles.person_id).exists()
    context = {
        "occurrence": occurrence,
        "briefing": getattr(occurrence, "briefing", None),
        "items": selectors.briefing_items(occurrence),
        "form": form,
        "can_brief": is_lead(roles) or assigned,
        "can_confirm": assigned,
        "feedback": getattr(occurrence, "feedback", None),
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "representation/briefing.html", context, status=status)


@insiders_required
@require_POST
def briefing_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_occurrence_for_feedback(request.user, pk)
    try:
        services.briefing_confirm_read(occurrence=occurrence, by=_person(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you: the lead can see you have read the briefing.")
    return redirect("representation:briefing", pk=occurrence.pk)


@insiders_required
def feedback_create(request: HttpRequest, pk: int) -> HttpResponse:
    occurrence = get_occurrence_for_feedback(request.user, pk)
    existing = getattr(occurrence, "feedback", None)
    if existing is not None and request.method != "POST":
        return redirect(existing)
    data = form_data(request)
    form = FeedbackForm(data)
    agreements = AgreementFormSet(data, prefix="agreement")
    actions = ActionFormSet(data, prefix="action")
    status = 200
    if request.method == "POST":
        if form.is_valid() and agreements.is_valid() and actions.is_valid():
            try:
                feedback = services.feedback_file(
                    occurrence=occurrence,
                    by=_person(request),
                    **form.cleaned_data,
                    agreements=[a for a in agreements.cleaned_data if a.get("text")],
                    actions=[a for a in actions.cleaned_data if a.get("description")],
                )
            except services.FeedbackAlreadyFiled as conflict:
                messages.error(request, conflict.messages[0])
                status = 409
            except ValidationError as error:
                form.add_error(None, error)
                status = 422
            else:
                messages.success(request, "Your feedback is filed. Thank you.")
                return redirect(feedback)
        else:
            status = 422
    context = {
        "occurrence": occurrence,
        "form": form,
        "agreements": agreements,
        "actions": actions,
        "existing": existing,
    }
    return render(request, "representation/feedback_form.html", context, status=status)


@summaries_required
def feedback_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").replace("\x00", "").strip()  # PostgreSQL refuses NUL
    results = selectors.feedback_search(query=query)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": query,
        "querystring": urlencode({"q": query}) if query else "",
        "insider": sees_everything(roles_for(request.user)),
    }
    template = "representation/feedback_list.html"
    if request.htmx:
        template += "#results"
    return render(request, template, context)


@summaries_required
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback, full = get_feedback_for_user(request.user, pk)
    context = {"feedback": feedback, "full": full, **selectors.feedback_detail(feedback)}
    context["can_offer"] = is_lead(roles_for(request.user))
    return render(request, "representation/feedback_detail.html", context)


@insiders_required
def for_group(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.outside_mandate_agreements(), 25).get_page(request.GET.get("page"))
    lead = is_lead(roles_for(request.user))
    return render(request, "representation/for_group.html", {"page": page, "can_offer": lead})


@leads_required
@require_POST
def agreement_offer(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = get_object_or_404(FeedbackAgreement, pk=pk, mandate_status="outside")
    if services.agreement_offer_to_group(agreement=agreement, by=_person(request)):
        messages.success(request, "It is proposed for the next leadership meeting.")
    else:
        agreement.refresh_from_db()
        messages.error(request, agreement.offer_problem)
    return redirect("representation:for-group")


@login_required
def occurrence_papers(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded papers of a system meeting date, to those who may see that date."""
    occurrence = get_occurrence_for_user(request.user, pk)
    if not occurrence.papers_file:
        raise Http404("No papers were uploaded for this meeting.")
    return attachment_response(
        occurrence.papers_file, occurrence.papers_file.name.rsplit("/", 1)[-1]
    )
