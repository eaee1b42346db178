"""Meeting pages: list, plan, agenda (split, cap warning, reorder), print, iCalendar, notes."""

from __future__ import annotations

import os

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from members.access import role_required, roles_for
from members.models import Seat
from members.submission import form_data, form_files
from members.uploads import attachment_response

from .. import selectors, services
from ..forms import AgendaItemForm, AttendanceForm, MeetingForm, NotesForm, PaperForm
from ..models import AgendaPaper, LeadershipMeeting
from ..permissions import can_manage_meetings, get_agenda_item_for_user, get_meeting_for_user
from ..rules import agenda_split


@role_required(lambda r: r.is_general_practice)
def meeting_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.meeting_list(), 20).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "can_manage": can_manage_meetings(roles_for(request.user)),
        "calendar_url": settings.SITE_URL
        + reverse("decisions:meeting-calendar")
        + f"?token={calendar_token(request.user)}",
    }
    return render(request, "decisions/meeting_list.html", context)


@role_required(can_manage_meetings)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(
        form_data(request),
        initial={"chair": request.user.person.pk if hasattr(request.user, "person") else None},
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(**form.cleaned_data)
        messages.success(request, "Meeting planned. Now build its agenda.")
        return redirect("decisions:meeting-detail", pk=meeting.pk)
    return _form_page(request, form, "Plan a leadership meeting", reverse("decisions:meeting-list"))


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = MeetingForm(form_data(request), instance=meeting)
    if request.method == "POST" and form.is_valid():
        services.meeting_update(meeting=meeting, **form.cleaned_data)
        messages.success(request, "Meeting saved.")
        return redirect("decisions:meeting-detail", pk=meeting.pk)
    back = reverse("decisions:meeting-detail", args=[pk])
    return _form_page(request, form, "Change the meeting", back)


def _form_page(request, form, title, back, *, multipart=False, intro="") -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "title": title, "back": back, "multipart": multipart, "intro": intro}
    return render(request, "decisions/form.html", context, status=status)


def _agenda_context(request, meeting: LeadershipMeeting) -> dict:
    items = selectors.meeting_agenda(meeting)
    return {
        "meeting": meeting,
        "items": items,
        "split": agenda_split(items, meeting.system_item_cap_minutes),
        "can_manage": can_manage_meetings(roles_for(request.user)),
    }


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    context = _agenda_context(request, meeting)
    context["seats"] = selectors.attendance_rows(meeting)
    return render(request, "decisions/meeting_detail.html", context)


@login_required
def meeting_print(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk)
    return render(request, "decisions/meeting_print.html", _agenda_context(request, meeting))


CALENDAR_SALT = "decisions.calendar"


def calendar_token(user) -> str:
    """A personal feed address for calendar apps, which cannot sign in."""
    return signing.dumps(user.pk, salt=CALENDAR_SALT)


def _calendar_user(request: HttpRequest):
    if request.user.is_authenticated:
        return request.user
    try:
        user_id = signing.loads(request.GET.get("token", ""), salt=CALENDAR_SALT)
    except signing.BadSignature:
        return None
    return get_user_model().objects.filter(pk=user_id, is_active=True).first()


def meeting_calendar(request: HttpRequest) -> HttpResponse:
    user = _calendar_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path())
    if not roles_for(user).is_general_practice:
        raise PermissionDenied("The group's meetings are for general practice.")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//gpleadership//leadership meetings//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Leadership group meetings")
    for meeting in LeadershipMeeting.objects.order_by("-starts_at")[:200]:
        event = icalendar.Event()
        event.add("uid", f"meeting-{meeting.pk}@gpleadership")
        event.add("summary", meeting.title)
        event.add("dtstart", meeting.starts_at)
        event.add("dtend", meeting.ends_at)
        event.add("dtstamp", meeting.created_at)
        event.add("location", meeting.location or meeting.online_link)
        event.add("url", settings.SITE_URL + reverse("decisions:meeting-detail", args=[meeting.pk]))
        event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="meetings.ics"'
    return response


@login_required
@require_POST
def attendance_record(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AttendanceForm(request.POST)
    if form.is_valid():
        seat = get_object_or_404(Seat, pk=form.cleaned_data["seat"])
        services.attendance_record(
            meeting=meeting,
            seat=seat,
            status=form.cleaned_data["status"],
            recorded_by=request.user,
        )
        messages.success(request, f"Attendance recorded for {seat.organisation}.")
    return redirect(reverse("decisions:meeting-detail", args=[pk]) + "#attendance")


@login_required
def agenda_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = AgendaItemForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_item_add(meeting=meeting, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Item added to the agenda.")
            return redirect("decisions:meeting-detail", pk=pk)
    back = reverse("decisions:meeting-detail", args=[pk])
    return _form_page(request, form, f"Add an item: {meeting}", back)


@login_required
def agenda_item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request.user, pk, write=True)
    form = AgendaItemForm(form_data(request), instance=item)
    if request.method == "POST" and form.is_valid():
        services.agenda_item_update(item=item, **form.cleaned_data)
        messages.success(request, "Item saved.")
        return redirect("decisions:meeting-detail", pk=item.meeting_id)
    back = reverse("decisions:meeting-detail", args=[item.meeting_id])
    return _form_page(request, form, "Change the agenda item", back)


@login_required
@require_POST
def agenda_item_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request.user, pk, write=True)
    services.agenda_item_move(item=item, direction=request.POST.get("direction", ""))
    if request.htmx:
        context = _agenda_context(request, item.meeting)
        return render(request, "decisions/meeting_detail.html#agenda", context)
    return redirect(reverse("decisions:meeting-detail", args=[item.meeting_id]) + f"#item-{pk}")


@login_required
@require_POST
def agenda_item_accept(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request.user, pk, write=True)
    services.agenda_item_accept(item=item)
    messages.success(request, f"“{item.title}” is on the agenda.")
    return redirect("decisions:meeting-detail", pk=item.meeting_id)


@login_required
def agenda_item_notes(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request.user, pk, write=True)
    form = NotesForm(form_data(request), initial={"notes": item.notes})
    if request.method == "POST" and form.is_valid():
        services.agenda_item_notes_save(item=item, notes=form.cleaned_data["notes"])
        messages.success(request, "Notes saved.")
        return redirect(reverse("decisions:meeting-detail", args=[item.meeting_id]) + f"#item-{pk}")
    back = reverse("decisions:meeting-detail", args=[item.meeting_id])
    return _form_page(request, form, f"Notes: {item.title}", back)


@login_required
def agenda_paper_download(request: HttpRequest, pk: int) -> HttpResponse:
    paper = get_object_or_404(AgendaPaper.objects.exclude(file=""), pk=pk)
    get_agenda_item_for_user(request.user, paper.item_id)
    return attachment_response(paper.file, os.path.basename(paper.file.name))


@login_required
def agenda_paper_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_agenda_item_for_user(request.user, pk, write=True)
    form = PaperForm(form_data(request), form_files(request))
    if request.method == "POST" and form.is_valid():
        services.agenda_paper_add(item=item, **form.cleaned_data)
        messages.success(request, "Paper added.")
        return redirect("decisions:meeting-detail", pk=item.meeting_id)
    back = reverse("decisions:meeting-detail", args=[item.meeting_id])
    return _form_page(request, form, f"Add a paper: {item.title}", back, multipart=True)
