"""Views of home: what needs me, the activity dashboard and the weekly digest's preview."""

from __future__ import annotations

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.utils import timezone

from members.access import roles_for
from members.models import Organisation, Person
from members.reminders import week_start

from . import selectors
from .charts import CHART_PARTS, dashboard_tables, svg_geometry
from .dashboard import dashboard as dashboard_figures
from .dashboard import dashboard_part
from .digest import digest_for, digest_render, digest_week
from .forms import PeriodForm
from .permissions import dashboard_required, digest_preview_required
from .rendering import home_groups_html


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    context: dict = {"roles": roles}
    if roles.is_system_partner:
        context["requests"] = selectors.partner_requests(request.user)
    else:
        context["groups"] = selectors.home_items(roles=roles)
        context["count"] = sum(len(group.items) for group in context["groups"])
        context["groups_html"] = home_groups_html(context["groups"], lambda: get_token(request))
    return render(request, "home/home.html", context)


def _period_form(request: HttpRequest) -> tuple[PeriodForm, bool]:
    """The period asked for, or the last 90 days; the flag says the request was invalid."""
    today = timezone.localdate()
    if "starts_on" in request.GET or "ends_on" in request.GET:
        form = PeriodForm(request.GET)
        if form.is_valid():
            return form, False
        fallback = PeriodForm(PeriodForm.initial_for(today))
        fallback.is_valid()
        form.fallback = fallback
        return form, True
    form = PeriodForm(PeriodForm.initial_for(today))
    form.is_valid()
    return form, False


@dashboard_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, invalid = _period_form(request)
    period = (form.fallback if invalid else form).period()
    figures = dashboard_figures(period)
    tables = dashboard_tables(figures)
    charts = [(table, svg_geometry(table)) for table in tables.values()]
    context = {
        "form": form,
        "period": period,
        "figures": figures,
        "charts": charts,
        "querystring": f"starts_on={period.starts_on:%Y-%m-%d}&ends_on={period.ends_on:%Y-%m-%d}",
    }
    return render(request, "home/dashboard.html", context, status=422 if invalid else 200)


@dashboard_required
def dashboard_csv(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHART_PARTS:
        raise Http404("There is no such chart.")
    form, invalid = _period_form(request)
    period = (form.fallback if invalid else form).period()
    table = dashboard_tables(dashboard_part(CHART_PARTS[chart], period))[chart]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"{chart}-{period.starts_on:%Y%m%d}-{period.ends_on:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return response


@digest_preview_required
def digest_preview(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    person = Person.objects.select_related("user").filter(user=request.user).first()
    practices = list(Organisation.objects.filter(id__in=roles.practice_ids).order_by("name"))
    choices: list[Organisation] = []
    if not practices:  # the leadership previews what one practice would receive
        choices = list(Organisation.objects.practices().active().order_by("name"))
        chosen = request.GET.get("practice", "")
        practice = next(
            (p for p in choices if str(p.pk) == chosen), choices[0] if choices else None
        )
        practices = [practice] if practice else []
    now = timezone.now()
    week = digest_week(sent_on=week_start(timezone.localdate(now)), now=now)
    digest = digest_for(
        person=person, practices=practices, week=week, live_links=bool(roles.practice_ids)
    )
    text, html = digest_render(digest, inline_styles=False)
    if request.GET.get("format") == "text":
        return HttpResponse(text, content_type="text/plain; charset=utf-8")
    context = {
        "digest": digest,
        "html": html,
        "choices": choices,
        "chosen": practices[0] if practices else None,
        "opted_out": bool(person and person.digest_opt_out),
    }
    return render(request, "home/digest_preview.html", context)
