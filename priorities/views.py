"""Pages of priorities: candidates, rounds, ballots, results, adoption and exports."""

from __future__ import annotations

import csv
import functools
import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from members.access import general_practice_required, role_required, roles_for
from members.csv_export import SafeWriter, csv_response, neutralise
from members.models import Organisation

from . import charts, selectors, services
from .forms import AdoptForm, BallotForm, PriorityForm, RoundForm
from .models import VotingRound
from .permissions import (
    can_propose,
    can_run_rounds,
    can_see_ballots,
    can_see_participation,
    get_practice_for_ballot,
    get_priority_for_user,
    get_round_for_user,
)

proposer_required = role_required(can_propose)
chair_required = role_required(can_run_rounds)


@general_practice_required
def priority_list(request: HttpRequest) -> HttpResponse:
    roles = roles_for(request.user)
    context = {
        "adopted": selectors.adopted_priorities_in_use(),
        "meeting_time": selectors.meeting_time_share(),
        "candidates": selectors.candidate_priorities(),
        "rounds": selectors.rounds_listing(),
        "now": timezone.now(),
        "can_propose": can_propose(roles),
        "can_run_rounds": can_run_rounds(roles),
    }
    return render(request, "priorities/priority_list.html", context)


@proposer_required
def priority_create(request: HttpRequest) -> HttpResponse:
    form = PriorityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.priority_create(by=request.user, **form.cleaned_data)
        messages.success(request, "The candidate priority is added.")
        return redirect("priorities:priority-list")
    status = 422 if request.method == "POST" else 200
    return render(request, "priorities/priority_form.html", {"form": form}, status=status)


@general_practice_required
def priority_edit(request: HttpRequest, pk: int) -> HttpResponse:
    priority = get_priority_for_user(request.user, pk, write=True)
    form = PriorityForm(request.POST if request.method == "POST" else None, instance=priority)
    if request.method == "POST" and form.is_valid():
        services.priority_update(priority=priority, **form.cleaned_data)
        messages.success(request, "The priority is saved.")
        return redirect("priorities:priority-list")
    status = 422 if request.method == "POST" else 200
    context = {"form": form, "priority": priority}
    return render(request, "priorities/priority_form.html", context, status=status)


@chair_required
def round_create(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        voting_round = services.round_open(by=request.user, **data)
        messages.success(request, f"“{voting_round.title}” is set up.")
        return redirect("priorities:round-detail", pk=voting_round.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "priorities/round_form.html", {"form": form}, status=status)


@general_practice_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=False)
    roles = roles_for(request.user)
    own = Organisation.objects.filter(id__in=roles.practice_ids).order_by("name")
    voted = set(voting_round.ballots.filter(practice__in=own).values_list("practice_id", flat=True))
    context = {
        "round": voting_round,
        "now": timezone.now(),
        "candidates": voting_round.candidates.order_by("title"),
        "own_practices": [(p, p.id in voted) for p in own],
        "participation": selectors.round_participation(voting_round)
        if can_see_participation(roles)
        else None,
        "can_run_rounds": can_run_rounds(roles),
        "can_see_ballots": can_see_ballots(roles),
    }
    template = "priorities/round_detail.html"
    if request.htmx and request.GET.get("part") == "participation":
        template += "#participation"
    return render(request, template, context)


@require_POST
@general_practice_required
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=True)
    if services.round_close(voting_round=voting_round):
        messages.success(request, "The round is closed: the results are ready.")
    else:
        messages.info(request, "The round was already closed.")
    return redirect("priorities:round-results", pk=voting_round.pk)


@general_practice_required
def ballot_cast(request: HttpRequest, pk: int, practice_pk: int) -> HttpResponse:
    practice = get_practice_for_ballot(request.user, practice_pk)
    voting_round = get_round_for_user(request.user, pk, write=False)
    ballot = voting_round.ballots.filter(practice=practice).prefetch_related("choices").first()
    current = {}
    if ballot:
        current = {c.priority_id: c.rank or c.points for c in ballot.choices.all()}
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        voting_round=voting_round,
        candidates=voting_round.candidates.order_by("title"),
        initial_marks=current,
        initial={"comment": ballot.comment, "suggestion": ballot.suggestion} if ballot else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.ballot_cast(
                voting_round=voting_round,
                practice=practice,
                user=request.user,
                marks=form.marks(),
                comment=form.cleaned_data["comment"],
                suggestion=form.cleaned_data["suggestion"],
            )
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            verb = "changed" if ballot else "cast"
            messages.success(
                request, f"{practice}’s ballot is {verb}. You can change it until the round closes."
            )
            return redirect("priorities:round-detail", pk=voting_round.pk)
    status = 422 if request.method == "POST" else 200
    context = {
        "round": voting_round,
        "practice": practice,
        "ballot": ballot,
        "form": form,
        "is_open": voting_round.is_open(timezone.now()),
        "now": timezone.now(),
    }
    return render(request, "priorities/ballot_form.html", context, status=status)


def _results_context(request: HttpRequest, voting_round: VotingRound, adopt_form=None) -> dict:
    roles = roles_for(request.user)
    context = {"round": voting_round, "closed": voting_round.is_closed(timezone.now())}
    if not context["closed"]:
        return context
    results = selectors.round_results(voting_round)
    if adopt_form is None and can_run_rounds(roles):
        adopt_form = AdoptForm(rows=results.rows)
    return {
        **context,
        "results": results,
        "participation": selectors.round_participation_totals(voting_round),
        "chart": charts.bar_chart(results.rows, title=f"Results of {voting_round.title}"),
        "weighted_chart": charts.bar_chart(
            results.weighted_rows, title=f"{voting_round.title}, weighted by list size"
        ),
        "can_see_ballots": can_see_ballots(roles),
        "adopt_form": adopt_form,
    }


@general_practice_required
def round_results(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=False)
    context = _results_context(request, voting_round)
    return render(request, "priorities/round_results.html", context)


@require_POST
@general_practice_required
def round_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=True)
    form = AdoptForm(request.POST, rows=selectors.round_results(voting_round).rows)
    if form.is_valid():
        try:
            adopted = services.round_adopt(
                voting_round=voting_round, priority_ids=form.cleaned_data["priority_ids"]
            )
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
        else:
            messages.success(request, f"{len(adopted)} priorities adopted, in order.")
            return redirect("priorities:priority-list")
    context = _results_context(request, voting_round, adopt_form=form)
    return render(request, "priorities/round_results.html", context, status=422)


def _csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    return csv_response(filename)


@general_practice_required
def results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=False)
    if not voting_round.is_closed(timezone.now()):
        return HttpResponse("Results are published when the round closes.", status=409)
    results = selectors.round_results(voting_round)
    weighted = {row.priority.id: row for row in results.weighted_rows}
    response, writer = _csv_response(f"round-{voting_round.pk}-results.csv")
    writer.writerow(["place", "priority", "score", "weighted place", "weighted score"])
    for row in results.rows:
        other = weighted[row.priority.id]
        writer.writerow(
            [
                row.standing.place_label,
                row.priority.title,
                row.score,
                other.standing.place_label,
                other.score,
            ]
        )
    return response


BALLOT_HEADER = [
    "practice",
    "ODS code",
    "list size",
    "version",
    "cast at",
    "priority",
    "rank",
    "points",
    "comment",
    "suggestion",
]


@general_practice_required
def ballots_csv(request: HttpRequest, pk: int) -> HttpResponse:
    voting_round = get_round_for_user(request.user, pk, write=False)
    if not can_see_ballots(roles_for(request.user)):
        raise PermissionDenied("Individual ballots are seen only by the chair and admin support.")
    response, _ = _csv_response(f"round-{voting_round.pk}-ballots.csv")
    # 20,000 rows at whole-region scale: each ballot's cells (repeated on every one of its
    # choices) and each title are quoted and neutralised once, and the rows joined in memory.
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    lines = [_csv_cells(writer, buffer, BALLOT_HEADER)]
    cells = functools.cache(lambda *values: _csv_cells(writer, buffer, values))
    last = head = tail = None
    for ballot, (title, rank, points) in selectors.round_ballot_rows(voting_round):
        if ballot is not last:
            last = ballot
            name, ods, size, version, cast_at, comment, suggestion = ballot
            cast = timezone.localtime(cast_at).isoformat(timespec="minutes")
            head = cells(name, ods, size, version, cast)
            tail = cells(comment, suggestion)
        lines.append(f"{head},{cells(title, rank or '', points or '')},{tail}")
    lines.append("")
    response.write("\r\n".join(lines))
    return response


def _csv_cells(writer, buffer: io.StringIO, values: tuple) -> str:
    """Values as one piece of a CSV line, quoted as csv.writer quotes them, made safe."""
    buffer.seek(0)
    buffer.truncate()
    writer.writerow([neutralise(value) for value in values])
    return buffer.getvalue().removesuffix("\r\n")
