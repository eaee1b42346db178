"""Pages of the inbox: the public form, the tracking page, the queue, triage and follow-up."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import HttpResponseClientRedirect

from members.access import roles_for
from members.models import Organisation
from members.submission import form_data, form_files
from members.uploads import attachment_response
from priorities.models import Priority

from . import caching, selectors, services
from .forms import AnswerForm, ApproachForm, CloseForm, LinkForm, PaperResponseForm, RequestForm
from .models import Route, Status
from .permissions import (
    TrackingLinkExpired,
    can_triage,
    get_paper_recipient_for_user,
    get_request_for_token,
    get_request_for_user,
    inbox_required,
    staff_required,
)
from .triage import triage_context

RATE_LIMIT = 10  # form posts per address per hour
RATE_WINDOW = 60 * 60


class CountedPaginator(Paginator):
    """A paginator told its count (the queue's is cached) instead of counting each time."""

    def __init__(self, object_list, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _client_address(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "unknown")


def _rate_limited(request: HttpRequest) -> bool:
    key = f"inbox:request-new:{_client_address(request)}"
    cache.add(key, 0, RATE_WINDOW)
    try:
        return cache.incr(key) > RATE_LIMIT
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, RATE_WINDOW)
        return False


def _known(request: HttpRequest) -> dict:
    """A signed-in partner's name, email and organisation, so they need not type them."""
    person = getattr(request.user, "person", None) if request.user.is_authenticated else None
    if person is None:
        return {}
    partner = person.organisations.system_partners().first()
    return {
        "requester_name": person.full_name,
        "requester_email": person.email,
        "partner": str(partner.pk) if partner else "",
    }


def request_new(request: HttpRequest) -> HttpResponse:
    """The public form for system partners: no account needed."""
    if request.method == "POST" and _rate_limited(request):
        return render(request, "inbox/rate_limited.html", status=429)
    form = RequestForm(form_data(request), form_files(request), initial=_known(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data.pop("website"):  # a bot: look successful, keep nothing
            return redirect("inbox:request-sent")
        created = services.request_submit(**data)
        request.session["inbox_submitted_token"] = created.token
        return redirect("inbox:request-sent")
    status = 422 if request.method == "POST" else 200
    return render(request, "inbox/request_form.html", {"form": form, "public": True}, status=status)


def request_sent(request: HttpRequest) -> HttpResponse:
    token = request.session.pop("inbox_submitted_token", None)
    submitted = get_request_for_token(token) if token else None
    return render(request, "inbox/request_sent.html", {"submitted": submitted})


@staff_required
def request_log(request: HttpRequest) -> HttpResponse:
    """General-practice staff log an approach made to them, on the requester's behalf."""
    form = ApproachForm(form_data(request), form_files(request), user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created = services.request_submit(**data, logged_by=request.user)
        messages.success(request, f"{created.reference} is logged and with the gatekeepers.")
        return redirect("inbox:request-detail", created.pk)
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "public": False}
    return render(request, "inbox/request_form.html", context, status=status)


def track(request: HttpRequest, token: str) -> HttpResponse:
    """The requester's private page: status, the group's response, and questions to answer."""
    try:
        tracked = get_request_for_token(token)
    except TrackingLinkExpired as expired:
        context = {"expired": expired.request, "days": settings.TRACKING_LINK_DAYS_AFTER_CLOSE}
        return render(request, "inbox/track_expired.html", context, status=410)
    if request.method == "POST" and tracked.status != Status.AWAITING_REQUESTER:
        # answered already (a second tab, a double click) or closed: say so, keep nothing
        messages.info(request, "The group is not waiting for an answer to this request now.")
        return redirect("inbox:track", token)
    form = AnswerForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.request_answer(request=tracked, answer=form.cleaned_data["answer"])
        except (ValidationError, services.TriageConflict) as error:
            form.add_error(None, error.message if hasattr(error, "message") else str(error))
        else:
            messages.success(request, "Thank you: your answer is with the gatekeepers.")
            return redirect("inbox:track", token)
    status = 422 if request.method == "POST" else 200
    context = {"tracked": tracked, "form": form, "events": tracked.events.all()}
    return render(request, "inbox/track.html", context, status=status)


def _queue_filters(request: HttpRequest) -> selectors.QueueFilters:
    return selectors.QueueFilters(
        status=request.GET.get("status", ""),
        route=request.GET.get("route", ""),
        partner=request.GET.get("partner", ""),
        priority=request.GET.get("priority", ""),
        overdue=request.GET.get("overdue") == "1",
        q=request.GET.get("q", "")[:100],
        sort=request.GET.get("sort", "oldest"),
    )


def queue_parts(request: HttpRequest, *, triager: bool) -> dict[str, str]:
    """The queue page's two parts rendered: counts and filters, and the table."""
    filters = _queue_filters(request)
    requests = selectors.inbox_queue(filters=filters)
    count = selectors.inbox_queue_count(filters=filters, requests=requests)
    paginator = CountedPaginator(requests, 25, count=count)
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.status_counts()
    context = {
        "page": paginator.get_page(request.GET.get("page")),
        "filters": filters,
        "status_rows": [(value, label, counts[value]) for value, label in Status.choices],
        "querystring": query.urlencode(),
        "counts": counts,
        "statuses": Status.choices,
        "routes": Route.choices,
        "partners": Organisation.objects.system_partners().order_by("name").only("name"),
        "priorities": Priority.objects.only("title"),
        "can_triage": triager,
    }
    return {
        part: render_to_string(f"inbox/queue.html#queue-{part}", context, request)
        for part in ("head", "table")
    }


@inbox_required
@vary_on_headers("HX-Request")
def queue(request: HttpRequest) -> HttpResponse:
    """The working queue; its parts are cached until any request changes (inbox/caching.py)."""
    triager = can_triage(roles_for(request.user))
    parts = caching.cached(
        "queue-page",
        (triager, sorted(request.GET.lists())),
        lambda: queue_parts(request, triager=triager),
    )
    if request.htmx:
        return HttpResponse(parts["table"])
    context = {"queue_head": mark_safe(parts["head"]), "queue_table": mark_safe(parts["table"])}
    return render(request, "inbox/queue.html", context)


@staff_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.requests_for_staff(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "inbox/mine.html", {"page": page})


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_request_for_user(request.user, pk, write=False)
    return render(request, "inbox/request_detail.html", triage_context(request, item))


@login_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    item = get_request_for_user(request.user, pk, write=False)
    upload = get_object_or_404(item.attachments, pk=attachment_id)
    return attachment_response(upload.file, upload.name)


def _gatekeeper_action(request: HttpRequest, pk: int, action, **kwargs) -> HttpResponse:
    """Run one follow-up service and come back to the request, with the refusal if any."""
    item = get_request_for_user(request.user, pk, write=True)
    try:
        action(request=item, user=request.user, **kwargs)
    except services.TriageConflict as conflict:
        return render(
            request, "inbox/conflict.html", {"item": item, "conflict": conflict}, status=409
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    target = reverse("inbox:request-detail", args=[pk])
    return HttpResponseClientRedirect(target) if request.htmx else redirect(target)


@login_required
@require_POST
def request_message_posted(request: HttpRequest, pk: int) -> HttpResponse:
    return _gatekeeper_action(request, pk, services.request_message_posted)


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    form = CloseForm(request.POST)
    form.is_valid()
    return _gatekeeper_action(
        request, pk, services.request_close, summary=form.cleaned_data.get("summary", "")
    )


@login_required
@require_POST
def request_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _gatekeeper_action(request, pk, services.request_reopen)


@login_required
@require_POST
def request_link(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_request_for_user(request.user, pk, write=True)
    form = LinkForm(request.POST)
    if form.is_valid():
        try:
            services.request_link(request=item, other=form.cleaned_data["other"], user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, " ".join(form.errors["other"]))
    return redirect("inbox:request-detail", pk)


@login_required
@require_POST
def request_unlink(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_request_for_user(request.user, pk, write=True)
    services.request_unlink(request=item, user=request.user)
    return redirect("inbox:request-detail", pk)


@login_required
def paper(request: HttpRequest, pk: int) -> HttpResponse:
    """A circulated paper: recipients respond; gatekeepers and the chair see every response."""
    item, recipient = get_paper_recipient_for_user(request.user, pk)
    form = PaperResponseForm(form_data(request))
    if request.method == "POST" and recipient is not None and form.is_valid():
        try:
            services.paper_respond(recipient=recipient, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, "Thank you: your response is recorded.")
            return redirect("inbox:paper", pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "item": item,
        "recipient": recipient,
        "form": form,
        "recipients": item.recipients.select_related("person", "organisation"),
        "can_see_all": recipient is None or can_triage(roles_for(request.user)),
    }
    return render(request, "inbox/paper.html", context, status=status)


def partner_parts(request: HttpRequest, organisation: Organisation) -> dict[str, str]:
    """A page of the partner's requests, with how many asks went to more than one door."""
    summary = selectors.partner_summary(organisation)
    paginator = CountedPaginator(summary.requests, 25, count=summary.count)
    context = {"summary": summary, "page": paginator.get_page(request.GET.get("page"))}
    return {"requests": render_to_string("inbox/partner.html#partner-requests", context, request)}


@inbox_required
def partner(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.system_partners(), pk=pk)
    parts = caching.cached(
        "partner-page",
        (organisation.pk, request.GET.get("page", "")),
        lambda: partner_parts(request, organisation),
    )
    context = {"organisation": organisation, "partner_requests": mark_safe(parts["requests"])}
    return render(request, "inbox/partner.html", context)
