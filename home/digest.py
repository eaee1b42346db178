"""The weekly digest's content: what the group did in a week, and each practice's own links."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from decisions.models import Acknowledgement, Decision
from decisions.services import acknowledgement_token, practice_contacts
from inbox.models import Request
from members.models import Organisation, Person
from priorities.models import Ballot, Priority, VotingRound
from representation.models import Feedback, FeedbackAgreement

from .selectors import site_url


@dataclass
class DigestWeek:
    """What the whole group did in the seven days before `sent_on` (shared by every email)."""

    starts_on: dt.date
    sent_on: dt.date
    decisions: list[Decision]
    priorities: list[Priority]
    rounds: list[VotingRound]
    feedback: list[Feedback]
    requests: list[Request]
    routes: list[tuple[str, int]]
    acknowledgements: dict[tuple[int, int], Acknowledgement] = field(default_factory=dict)
    ballots: set[tuple[int, int]] = field(default_factory=set)

    @property
    def ends_on(self) -> dt.date:
        return self.sent_on - dt.timedelta(days=1)

    @property
    def is_quiet(self) -> bool:
        return not (self.decisions or self.rounds or self.feedback or self.requests)


@dataclass
class PracticeLink:
    practice: Organisation
    url: str
    done: bool


@dataclass
class DigestEntry:
    item: object
    links: list[PracticeLink]


@dataclass
class Digest:
    person: Person
    practices: list[Organisation]
    week: DigestWeek
    decisions: list[DigestEntry]
    rounds: list[DigestEntry]

    @property
    def subject(self) -> str:
        week = self.week
        return f"The leadership group this week: {week.starts_on:%-d} to {week.ends_on:%-d %B}"


def digest_week(*, sent_on: dt.date, now: dt.datetime | None = None) -> DigestWeek:
    """The shared part of a week's digest, in a fixed number of queries."""
    now = now or timezone.now()
    starts_on = sent_on - dt.timedelta(days=7)
    start = timezone.make_aware(dt.datetime.combine(starts_on, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(sent_on, dt.time.min))
    decisions = list(
        Decision.objects.filter(published_at__gte=start, published_at__lt=end)
        .prefetch_related("commitments")
        .order_by("published_at", "id")
    )
    rounds = list(VotingRound.objects.open_at(now).order_by("closes_at", "id"))
    feedback = list(
        Feedback.objects.filter(filed_at__gte=start, filed_at__lt=end)
        .select_related("occurrence__meeting")
        .prefetch_related(Prefetch("agreements", FeedbackAgreement.objects.order_by("id")))
        .order_by("occurrence__date", "id")
    )
    dealt_with = Request.objects.filter(triaged_at__gte=start, triaged_at__lt=end)
    requests = list(dealt_with.select_related("partner").order_by("triaged_at", "id"))
    routes = dict(dealt_with.values_list("route").annotate(n=Count("id")).order_by())
    labels = dict(Request._meta.get_field("route").choices)
    acknowledgements = {
        (a.decision_id, a.practice_id): a
        for a in Acknowledgement.objects.filter(decision__in=decisions)
    }
    ballots = set(Ballot.objects.filter(round__in=rounds).values_list("round_id", "practice_id"))
    return DigestWeek(
        starts_on=starts_on,
        sent_on=sent_on,
        decisions=decisions,
        priorities=list(Priority.objects.adopted()),
        rounds=rounds,
        feedback=feedback,
        requests=requests,
        routes=[(labels.get(r, r), routes[r]) for r in labels if r in routes],
        acknowledgements=acknowledgements,
        ballots=ballots,
    )


def digest_for(
    *, person: Person, practices: list[Organisation], week: DigestWeek, live_links: bool = True
) -> Digest:
    """One person's digest: the week plus the acknowledge and ballot links of their practices.

    `live_links=False` (a leadership preview) links to the pages instead of the signed one-click
    acknowledgement, so previewing never acknowledges on a practice's behalf.
    """
    decisions = []
    for decision in week.decisions:
        links = []
        for practice in practices:
            acknowledgement = week.acknowledgements.get((decision.pk, practice.pk))
            if acknowledgement is None:
                continue
            path = reverse("decisions:decision-detail", args=[decision.pk])
            if live_links:
                path = reverse(
                    "decisions:acknowledge-link", args=[acknowledgement_token(acknowledgement)]
                )
            links.append(PracticeLink(practice, site_url(path), acknowledgement.is_seen))
        decisions.append(DigestEntry(decision, links))
    rounds = [
        DigestEntry(
            voting_round,
            [
                PracticeLink(
                    practice,
                    site_url(
                        reverse("priorities:ballot-cast", args=[voting_round.pk, practice.pk])
                    ),
                    (voting_round.pk, practice.pk) in week.ballots,
                )
                for practice in practices
            ],
        )
        for voting_round in week.rounds
    ]
    return Digest(person=person, practices=practices, week=week, decisions=decisions, rounds=rounds)


# Email clients ignore stylesheets, so the email carries inline styles; the in-app preview
# leaves them out (the site's Content Security Policy refuses inline styles) and uses the
# page's own.
EMAIL_STYLES = {
    "body": "font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; "
    "color: #212b32; max-width: 40rem",
    "h2": "font-size: 20px",
    "h3": "font-size: 17px; margin-bottom: 4px",
    "first": "margin-top: 0",
    "strong_link": "color: #005eb8; font-weight: bold",
    "link": "color: #005eb8",
    "small": "font-size: 14px; color: #4c6272",
    "small_link": "color: #4c6272",
}


def digest_render(digest: Digest, *, inline_styles: bool = True) -> tuple[str, str]:
    """(plain text, HTML) of one digest."""
    styles = {
        name: mark_safe(f'style="{escape(value)}"') if inline_styles else ""
        for name, value in EMAIL_STYLES.items()
    }
    context = {
        "digest": digest,
        "week": digest.week,
        "home_url": site_url(reverse("home")),
        "s": styles,
    }
    context["profile_url"] = site_url(reverse("members:profile"))
    text = render_to_string("home/email/digest.txt", context)
    html = render_to_string("home/email/digest.html", context)
    return text, html


def digest_recipients() -> list[tuple[Person, list[Organisation]]]:
    """Every active practice's contacts, each once with all the practices they act for."""
    practices = {p.pk: p for p in Organisation.objects.practices().active()}
    by_user: dict[int, list[Organisation]] = defaultdict(list)
    for practice_id, user_ids in practice_contacts(practices).items():
        for user_id in user_ids:
            by_user[user_id].append(practices[practice_id])
    people = Person.objects.filter(user_id__in=by_user).select_related("user").order_by("id")
    return [(person, sorted(by_user[person.user_id], key=lambda p: p.name)) for person in people]
