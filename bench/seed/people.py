"""The benchmark's organisations, people and roles, and the reminders already sent."""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from .common import BATCH, CONTACTS_PER_PRACTICE, PASSWORD, PERSONAS, SEEDED_AT, Counts, bulk


def seed_organisations(counts: Counts) -> dict:
    from members.models import Organisation, Seat

    pcns = bulk(
        Organisation,
        [
            Organisation(name=f"Bench PCN {i:03d}", kind="pcn", ods_code=f"U{i:05d}")
            for i in range(counts.n(40))
        ],
    )
    practices = bulk(
        Organisation,
        [
            Organisation(
                name=f"Bench Surgery {i:04d}",
                kind="practice",
                ods_code=f"B{i:05d}",
                list_size=4000 + i * 37 % 12000,
                pcn=pcns[i % len(pcns)],
            )
            for i in range(counts.n(200))
        ],
    )
    # The 1,000-practice round also counts practices that have since closed or merged.
    closed = bulk(
        Organisation,
        [
            Organisation(
                name=f"Former Surgery {i:04d}",
                kind="practice",
                ods_code=f"C{i:05d}",
                list_size=3000,
                pcn=pcns[i % len(pcns)],
                is_active=False,
            )
            for i in range(counts.n(1000) - len(practices))
        ],
    )
    others = bulk(
        Organisation,
        [Organisation(name="Bench LMC", kind="lmc")]
        + [
            Organisation(name=f"Bench Federation {i:02d}", kind="federation")
            for i in range(max(0, counts.n(60) - len(pcns) - 1))
        ],
    )
    partner_kinds = ["icb", "acute_trust", "community_trust", "mental_health_trust", "council"]
    partners = bulk(
        Organisation,
        [Organisation(name=f"Bench Partner {i:02d}", kind=partner_kinds[i % 5]) for i in range(20)],
    )
    seats = bulk(Seat, [Seat(organisation=o) for o in [*pcns, *others]])
    return {
        "pcns": pcns,
        "practices": practices,
        "closed": closed,
        "partners": partners,
        "seats": seats,
    }


def seed_people(counts: Counts, world: dict, rng: random.Random) -> dict:
    from guardian.models import UserObjectPermission

    from members.models import LeadershipRole, Organisation, Person, Seat

    User = get_user_model()
    password = make_password(PASSWORD)
    total = max(counts.n(2000), len(world["practices"]) * CONTACTS_PER_PRACTICE + 200)
    names = list(PERSONAS) + [f"bench-user-{i:05d}" for i in range(total - len(PERSONAS))]
    users = bulk(
        User,
        [User(username=name, email=f"{name}@bench.example", password=password) for name in names],
    )
    people = bulk(
        Person,
        [Person(user=u, full_name=u.username.replace("-", " ").title()) for u in users],
    )
    by_name = {p.user.username: p for p in people}
    pool = people[len(PERSONAS) :]
    practices = world["practices"]
    # Practice contacts: three per practice, the persona acting for the first practice.
    contacts = [by_name["bench-practice-contact"]] + pool[: len(practices) * CONTACTS_PER_PRACTICE]
    pool = pool[len(practices) * CONTACTS_PER_PRACTICE :]
    permission = Permission.objects.get(codename="act_for_practice")
    organisation_type = ContentType.objects.get_for_model(Organisation)
    grants, memberships = [], []
    Membership = Person.organisations.through
    for index, person in enumerate(contacts):
        practice = practices[(index if index else 0) // CONTACTS_PER_PRACTICE % len(practices)]
        grants.append(
            UserObjectPermission(
                user_id=person.user_id,
                permission=permission,
                content_type=organisation_type,
                object_pk=str(practice.pk),
            )
        )
        memberships.append(Membership(person=person, organisation=practice))
    bulk(UserObjectPermission, grants)
    # Seat holders: the clinical-director persona holds the first seat, the pool the rest.
    seats = world["seats"]
    holders = [by_name["bench-pcn-clinical-director"], by_name["bench-chair"]] + pool[:100]
    for index, seat in enumerate(seats):
        seat.holder = holders[index % len(holders)] if index % 20 != 19 else None  # a few vacant
    Seat.objects.bulk_update(seats, ["holder"], batch_size=BATCH)
    for seat in seats:
        if seat.holder_id:
            memberships.append(Membership(person=seat.holder, organisation=seat.organisation))
    partner_staff = [by_name["bench-system-partner"]] + pool[100:140]
    for index, person in enumerate(partner_staff):
        memberships.append(
            Membership(
                person=person, organisation=world["partners"][index % len(world["partners"])]
            )
        )
    bulk(Membership, memberships, ignore_conflicts=True)
    representatives = [by_name["bench-representative"]] + pool[140:190]
    roles = [
        LeadershipRole(person=by_name["bench-chair"], kind="chair", slot=1),
        LeadershipRole(person=by_name["bench-gatekeeper"], kind="gatekeeper", slot=1),
        LeadershipRole(person=pool[190], kind="gatekeeper", slot=2),
        LeadershipRole(
            person=by_name["bench-representation-lead"], kind="representation_lead", slot=1
        ),
        LeadershipRole(person=by_name["bench-admin-support"], kind="admin_support"),
    ] + [LeadershipRole(person=p, kind="representative") for p in representatives]
    bulk(LeadershipRole, roles)
    return {
        "by_name": by_name,
        "users": users,
        "contacts": contacts,
        "representatives": representatives,
        "partner_staff": partner_staff,
        "chair_user": by_name["bench-chair"].user,
        "gatekeeper_user": by_name["bench-gatekeeper"].user,
    }


def seed_reminders_sent(counts: Counts, people: dict, rng: random.Random, now) -> None:
    """100,000 reminders already sent (with their notifications), for earlier weeks."""
    from members.models import Notification, Reminder
    from members.reminders import week_start
    from representation.models import Action

    action_type = ContentType.objects.get_for_model(Action)
    actions = list(
        Action.objects.filter(status="open", due_on__lt=now.date()).values_list(
            "id", "owner__user_id"
        )
    )
    this_week = week_start(now.date())
    total = counts.n(100_000)
    reminders = []
    weeks = 1
    while len(reminders) < total and actions:
        for action_id, user_id in actions:
            if len(reminders) >= total:
                break
            reminders.append(
                Reminder(
                    kind="action_overdue",
                    content_type=action_type,
                    object_id=action_id,
                    recipient_id=user_id,
                    due_on=this_week - dt.timedelta(weeks=weeks),
                    emailed_at=now,
                )
            )
        weeks += 1
    reminders = bulk(Reminder, reminders)
    # Marked as seeded, so that the benchmark can forget what its own sweep sent.
    Reminder.objects.update(created_at=SEEDED_AT)
    bulk(
        Notification,
        [
            Notification(
                recipient_id=r.recipient_id,
                title="An action is overdue",
                body="Update it in the actions tracker.",
                url="/representation/actions/?owner=me",
                reminder=r,
                read_at=now if index % 4 else None,
            )
            for index, r in enumerate(reminders)
        ],
    )
