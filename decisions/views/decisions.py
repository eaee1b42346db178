"""Decision pages: the register, a decision with its rounds, the chair's actions, the thread."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from members.access import role_required, roles_for
from members.csv_export import SafeWriter, csv_response
from members.models import Seat
from members.query import whole_number
from members.submission import form_data
from priorities.models import Priority

from .. import selectors, services
from ..forms import (
    CommitmentForm,
    CommitmentStatusForm,
    DecisionForm,
    PositionForm,
    PublishForm,
    RegisterFilterForm,
    RoundForm,
)
from ..models import AgendaItem, DecisionStatus, Round
from ..permissions import (
    can_chair,
    can_manage_meetings,
    can_see_unpublished,
    can_update_commitment,
    get_commitment_for_user,
    get_decision_for_user,
    seats_user_may_record,
)
from .meetings import _form_page


def _register(request: HttpRequest):
    form = RegisterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    decisions = selectors.decision_register(
        published_only=not can_see_unpublished(roles_for(request.user)),
        query=filters.get("q", ""),
        status=filters.get("status", ""),
        priority=filters.get("priority", ""),
        organisation=filters.get("organisation", ""),
        year=filters.get("year", ""),
    )
    return form, decisions, {k: v for k, v in filters.items() if v}


@role_required(lambda r: r.is_general_practice)
def decision_list(request: HttpRequest) -> HttpResponse:
    form, decisions, filters = _register(request)
    context = {
        "form": form,
        "page": Paginator(decisions, 25).get_page(request.GET.get("page")),
        "querystring": urlencode(filters),
        "priorities": [
            (str(pk), title) for pk, title in Priority.objects.values_list("id", "title")
        ],
        "organisations": selectors.organisation_choices(),
        "can_open": can_manage_meetings(roles_for(request.user)),
    }
    return render(request, "decisions/decision_list.html", context)


@role_required(lambda r: r.is_general_practice)
def decision_export(request: HttpRequest) -> HttpResponse:
    _, decisions, _ = _register(request)
    response, _ = csv_response("decisions.csv")
    # Written to memory and sent once: each write to the response re-encodes and looks up
    # its charset, which for the whole register cost more than building the rows.
    buffer = io.StringIO()
    writer = SafeWriter(buffer)
    writer.writerow(
        [
            "Title",
            "Status",
            "Opened",
            "Agreed",
            "Published",
            "Priority",
            "Agreed wording",
            "Commitments",
        ]
    )
    statuses = dict(DecisionStatus.choices)
    for (
        title,
        status,
        opened,
        agreed,
        published,
        priority,
        wording,
        commitments,
    ) in selectors.decision_register_rows(decisions):
        writer.writerow(
            [
                title,
                statuses.get(status, status),
                opened,
                agreed or "",
                published or "",
                priority or "",
                wording,
                commitments,
            ]
        )
    response.write(buffer.getvalue())
    return response


@role_required(can_manage_meetings)
def decision_create(request: HttpRequest) -> HttpResponse:
    item = None
    chosen = whole_number(request.GET.get("item") or request.POST.get("item", ""))
    if chosen is not None:
        item = get_object_or_404(AgendaItem, pk=chosen)
    form = DecisionForm(form_data(request), initial={"title": item.title if item else ""})
    if request.method == "POST" and form.is_valid():
        decision = services.decision_open(
            opened_by=request.user, agenda_item=item, **form.cleaned_data
        )
        messages.success(request, "Decision opened: round 1 is waiting for positions.")
        return redirect("decisions:decision-detail", pk=decision.pk)
    return _form_page(
        request,
        form,
        "Open a decision",
        reverse("decisions:decision-list"),
        intro=f"For the agenda item “{item.title}”." if item else "",
    )


def _detail_context(request: HttpRequest, decision, **extra) -> dict:
    roles = roles_for(request.user)
    page = selectors.decision_page(decision)
    recordable = seats_user_may_record(roles, [s.id for s in page.expected])
    own = [a for a in page.acknowledgements if a.practice_id in roles.practice_ids]
    return {
        "decision": decision,
        "page": page,
        "position_forms": [
            (
                seat,
                extra.get("bound_forms", {}).get(seat.id)
                or PositionForm(prefix=f"seat{seat.id}", initial={"round": page.current.number}),
            )
            for seat in page.expected
            if seat.id in recordable
        ],
        "is_chair": can_chair(roles),
        "is_leadership": can_see_unpublished(roles),
        "can_manage": can_manage_meetings(roles),
        "commitments": [(c, can_update_commitment(roles, c)) for c in page.commitments],
        "own_acknowledgements": own,
        "round_form": extra.get("round_form")
        or RoundForm(initial={"proposal": page.current.proposal if page.current else ""}),
        "publish_form": extra.get("publish_form") or PublishForm(),
        "error": extra.get("error"),
    }


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    return render(request, "decisions/decision_detail.html", _detail_context(request, decision))


@login_required
def decision_waiting(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    # Polled every 10 s by everyone on the page: two queries, not the whole decision page.
    current = selectors.current_round(decision)
    waiting = selectors.waiting_seats(current) if current else []
    context = {"decision": decision, "page": {"waiting": waiting}}
    return render(request, "decisions/decision_detail.html#waiting", context)


def _answer(request, decision, *, status=200, partial="current-round", **extra) -> HttpResponse:
    context = _detail_context(request, decision, **extra)
    name = "decisions/decision_detail.html" + (f"#{partial}" if request.htmx else "")
    return render(request, name, context, status=status)


@login_required
@require_POST
def position_record(request: HttpRequest, pk: int, seat_id: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    if not seats_user_may_record(roles_for(request.user), [seat_id]):
        raise PermissionDenied("Only the seat holder, or the chair or admin on their behalf.")
    seat = get_object_or_404(Seat.objects.select_related("organisation"), pk=seat_id)
    form = PositionForm(request.POST, prefix=f"seat{seat_id}")
    if form.is_valid():
        # The round the person read: a position is never moved onto wording they did not see.
        round_ = get_object_or_404(Round, decision=decision, number=form.cleaned_data["round"])
        try:
            services.position_record(
                round_=round_,
                seat=seat,
                recorded_by=request.user,
                stance=form.cleaned_data["stance"],
                reason=form.cleaned_data["reason"],
            )
        except services.Conflict as conflict:
            return _answer(request, decision, status=409, error=str(conflict))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not request.htmx:
                messages.success(request, f"Position recorded for {seat.organisation}.")
                return redirect(reverse("decisions:decision-detail", args=[pk]) + "#current-round")
            return _answer(request, decision)
    return _answer(request, decision, status=422, bound_forms={seat_id: form})


def _chair_action(request, pk, action, success: str, **form_kwargs) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, chair=True)
    try:
        action(decision=decision, **form_kwargs)
    except services.Conflict as conflict:
        return _answer(request, decision, status=409, partial="chair", error=str(conflict))
    except ValidationError as error:
        return _answer(
            request, decision, status=422, partial="chair", error=" ".join(error.messages)
        )
    messages.success(request, success)
    return redirect("decisions:decision-detail", pk=pk)


@login_required
@require_POST
def decision_agree(request: HttpRequest, pk: int) -> HttpResponse:
    return _chair_action(
        request, pk, services.decision_agree, "Agreed by consensus.", agreed_by=request.user
    )


@login_required
@require_POST
def decision_park(request: HttpRequest, pk: int) -> HttpResponse:
    return _chair_action(
        request, pk, services.decision_park, "Decision parked.", parked_by=request.user
    )


@login_required
@require_POST
def decision_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _chair_action(
        request, pk, services.decision_withdraw, "Decision withdrawn.", withdrawn_by=request.user
    )


@login_required
@require_POST
def decision_round_new(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, chair=True)
    form = RoundForm(request.POST)
    if not form.is_valid():
        return _answer(request, decision, status=422, partial="chair", round_form=form)
    return _chair_action(
        request,
        pk,
        services.decision_round_open,
        "New round opened.",
        proposal=form.cleaned_data["proposal"],
        opened_by=request.user,
    )


@login_required
@require_POST
def decision_publish(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk, chair=True)
    form = PublishForm(request.POST)
    if not form.is_valid() and not decision.is_published:
        return _answer(request, decision, status=422, partial="chair", publish_form=form)
    return _chair_action(  # published already (a second click): 409 with who and when
        request,
        pk,
        services.decision_publish,
        "Published: every practice's contacts have been sent it.",
        summary=form.cleaned_data.get("summary") or decision.summary,
        published_by=request.user,
    )


@login_required
@require_POST
def decision_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    practice_ids = roles_for(request.user).practice_ids
    acknowledgement = decision.acknowledgements.filter(
        practice_id=whole_number(request.POST.get("practice", "")), practice_id__in=practice_ids
    ).first()
    if acknowledgement is None:
        raise PermissionDenied("You do not act for that practice.")
    services.acknowledgement_record(acknowledgement=acknowledgement, user=request.user)
    messages.success(request, f"Thank you: {acknowledgement.practice} has seen this decision.")
    return redirect("decisions:decision-detail", pk=pk)


def acknowledge_link(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed one-click link: works without signing in, for ACKNOWLEDGEMENT_LINK_DAYS."""
    try:
        acknowledgement = services.acknowledgement_from_token(token)
    except services.AcknowledgementLinkExpired as expired:
        decision_id = expired.acknowledgement.decision_id
        context = {"expired": True, "days": settings.ACKNOWLEDGEMENT_LINK_DAYS}
        context["next"] = reverse("decisions:decision-detail", args=[decision_id])
        return render(request, "decisions/acknowledged.html", context, status=410)
    if acknowledgement is None:
        return render(request, "decisions/acknowledged.html", {"invalid": True}, status=400)
    user = request.user if request.user.is_authenticated else None
    first = services.acknowledgement_record(
        acknowledgement=acknowledgement, user=user, via_link=True
    )
    return render(
        request, "decisions/acknowledged.html", {"acknowledgement": acknowledgement, "first": first}
    )


@login_required
def commitment_add(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_decision_for_user(request.user, pk)
    if not can_manage_meetings(roles_for(request.user)):
        raise PermissionDenied("Only the chair and admin support record commitments.")
    form = CommitmentForm(form_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.commitment_add(decision=decision, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Commitment recorded.")
            return redirect(reverse("decisions:decision-detail", args=[pk]) + "#commitments")
    back = reverse("decisions:decision-detail", args=[pk])
    return _form_page(request, form, f"Add a commitment: {decision.title}", back)


@login_required
@require_POST
def commitment_status(request: HttpRequest, pk: int) -> HttpResponse:
    commitment = get_commitment_for_user(request.user, pk, write=True)
    form = CommitmentStatusForm(request.POST)
    if form.is_valid():
        services.commitment_status_update(
            commitment=commitment, updated_by=request.user, status=form.cleaned_data["status"]
        )
        messages.success(request, "Commitment status updated.")
    return redirect(
        request.POST.get("next")
        if request.POST.get("next", "").startswith("/")
        else reverse("decisions:commitment-list")
    )


@role_required(lambda r: r.is_general_practice)
def commitment_list(request: HttpRequest) -> HttpResponse:
    organisation = request.GET.get("organisation", "")
    commitments = selectors.commitments_for_organisation(whole_number(organisation))
    roles = roles_for(request.user)
    if not can_see_unpublished(roles):
        commitments = commitments.filter(decision__published_at__isnull=False)
    page = Paginator(commitments.order_by("due_on", "id"), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": [(c, can_update_commitment(roles, c)) for c in page.object_list],
        "organisations": selectors.organisation_choices(),
        "organisation": organisation,
        "querystring": urlencode({"organisation": organisation}) if organisation else "",
    }
    return render(request, "decisions/commitment_list.html", context)
