"""Pages for admin support to load or refresh the place from NHS England's registers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from .access import role_required
from .forms import RegisterImportForm
from .importer import Scope
from .importer.runs import import_confirm, import_dry_run_start
from .models import ImportRun
from .submission import form_data, form_files

imports_required = role_required(lambda roles: roles.is_admin_support or roles.is_superuser)
CHANGES_SHOWN = 200


@imports_required
def import_list(request: HttpRequest) -> HttpResponse:
    runs = ImportRun.objects.select_related("started_by").defer("changes", "problems")
    page = Paginator(runs, 20).get_page(request.GET.get("page"))
    return render(request, "members/import_list.html", {"page": page})


@imports_required
def import_new(request: HttpRequest) -> HttpResponse:
    form = RegisterImportForm(form_data(request), form_files(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = import_dry_run_start(
            map_upload=data["map_file"],
            patients_upload=data["patients_file"],
            scope=Scope.of(**{f"{data['scope_kind']}s": data["codes"]}),
            allow_month_mismatch=data["allow_month_mismatch"],
            user=request.user,
        )
        return redirect("members:import-detail", pk=run.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "members/import_new.html", {"form": form}, status=status)


@imports_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(ImportRun.objects.select_related("started_by"), pk=pk)
    template = "members/import_detail.html"
    if request.htmx:
        template += "#progress"
    context = {
        "run": run,
        "changes": run.changes[:CHANGES_SHOWN],
        "more_changes": max(0, len(run.changes) - CHANGES_SHOWN),
        "can_confirm": run.status == ImportRun.Status.DRY_RUN,
    }
    return render(request, template, context)


@imports_required
@require_POST
def import_confirm_view(request: HttpRequest, pk: int) -> HttpResponse:
    dry_run = get_object_or_404(ImportRun, pk=pk, status=ImportRun.Status.DRY_RUN)
    run = import_confirm(dry_run=dry_run, user=request.user)
    return redirect("members:import-detail", pk=run.pk)
