"""Pages of members: home, the group, the directory, a profile, notifications, health."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.paginator import Paginator
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.dates import MONTHS_3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import selectors, services
from .access import general_practice_required, roles_for
from .forms import ProfileForm
from .health import broker_status
from .models import Person, RoleKind
from .submission import form_data


@general_practice_required
def group(request: HttpRequest) -> HttpResponse:
    roles = selectors.group_roles()
    return render(
        request,
        "members/group.html",
        {
            "seats": selectors.group_seats(),
            "chair": roles.get(RoleKind.CHAIR, []),
            "gatekeepers": roles.get(RoleKind.GATEKEEPER, []),
            "leads": roles.get(RoleKind.REPRESENTATION_LEAD, []),
            "admin_support": roles.get(RoleKind.ADMIN_SUPPORT, []),
            "representatives": roles.get(RoleKind.REPRESENTATIVE, []),
        },
    )


@general_practice_required
def directory(request: HttpRequest) -> HttpResponse:
    directory = selectors.organisation_directory(page_number=request.GET.get("page"))
    for pcn in directory.page.object_list:
        pcn.rows_html = _practice_rows_html(pcn.active_practices)
    context = {"directory": directory, "page": directory.page}
    return render(request, "members/directory.html", context)


def _practice_rows_html(practices) -> SafeString:
    """A PCN's practice rows as the directory template wrote them, without a loop per cell."""
    months = {m: str(MONTHS_3[m]).title() for m in range(1, 13)}  # the `date:"M"` filter
    rows = []
    for practice in practices:
        size = practice.list_size
        size = f"{size:,}" if isinstance(size, int) else intcomma(size)
        as_of = practice.list_size_as_of
        as_of = f"{months[as_of.month]} {as_of.year}" if as_of else "–"
        rows.append(
            '\n    <tr class="nhsuk-table__row">'
            f'\n      <td class="nhsuk-table__cell">{escape(practice.name)}</td>'
            f'\n      <td class="nhsuk-table__cell">{escape(practice.ods_code)}</td>'
            f'\n      <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{escape(size)}</td>'
            f'\n      <td class="nhsuk-table__cell app-hide-mobile">{as_of}</td>'
            "\n    </tr>\n  "
        )
    return mark_safe("".join(rows))  # every value above is escaped


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person, _ = Person.objects.get_or_create(
        user=request.user,
        defaults={"full_name": request.user.get_full_name() or request.user.username},
    )
    form = ProfileForm(form_data(request), instance=person)
    if request.method == "POST" and form.is_valid():
        services.person_update_profile(person=person, **form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("members:profile")
    status = 422 if request.method == "POST" else 200
    context = {
        "form": form,
        "person": person,
        "organisations": person.organisations.all(),
        "roles_held": person.roles.active(),
        "seats": person.seats.filter(is_active=True).select_related("organisation"),
        "practices": roles_for(request.user).practice_ids,
    }
    return render(request, "members/profile.html", context, status=status)


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.notifications_for(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "members/notifications.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    services.notifications_mark_read(user=request.user, notification_id=pk)
    if request.htmx:
        notification = selectors.notifications_for(request.user).filter(pk=pk).first()
        if notification is None:
            return HttpResponse(status=404)
        return render(
            request, "members/notifications.html#notification", {"notification": notification}
        )
    return redirect("members:notifications")


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} as read.")
    return redirect("members:notifications")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as error:  # any failure means "not answering"
        database = f"error: {error.__class__.__name__}"
    broker = broker_status(settings.CELERY_BROKER_URL)
    healthy = database == "ok" and broker == "ok"
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "database": database, "broker": broker},
        status=200 if healthy else 503,
    )
