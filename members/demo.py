"""The demo area: a believable place with every role. Run twice, it changes nothing."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import LeadershipRole, Organisation, OrganisationKind, Person, RoleKind, Seat
from .services import practice_contact_grant, role_assign

DEMO_PASSWORD = "demo-gpleadership-2026"
PLACE = "Northdale"

PCNS: list[tuple[str, str, list[tuple[str, str, int]]]] = [
    (
        "Northdale Central PCN",
        "U83001",
        [
            ("The Park Surgery", "B83001", 11240),
            ("Market Street Medical Practice", "B83002", 8120),
            ("Northdale Health Centre", "B83003", 14630),
            ("St Anne's Surgery", "B83004", 4310),
            ("Castle View Practice", "B83005", 6890),
        ],
    ),
    (
        "Riverside PCN",
        "U83002",
        [
            ("Riverside Medical Centre", "B83006", 12480),
            ("Bridge End Surgery", "B83007", 5720),
            ("Millbank Family Practice", "B83008", 9350),
            ("Wharf Lane Surgery", "B83009", 3640),
            ("The Old Mill Practice", "B83010", 7410),
        ],
    ),
    (
        "Westmoor PCN",
        "U83003",
        [
            ("Westmoor Group Practice", "B83011", 19870),
            ("Heather Road Surgery", "B83012", 6020),
            ("Moorside Medical Centre", "B83013", 8760),
            ("Fellgate Surgery", "B83014", 3180),
            ("Kirkby Lane Practice", "B83015", 5460),
        ],
    ),
    (
        "Eastfield PCN",
        "U83004",
        [
            ("Eastfield Medical Group", "B83016", 15920),
            ("Orchard House Surgery", "B83017", 7230),
            ("Station Road Surgery", "B83018", 6680),
            ("Brookside Practice", "B83019", 4870),
            ("Greenacres Health Centre", "B83020", 9140),
        ],
    ),
    (
        "Hillcrest PCN",
        "U83005",
        [
            ("Hillcrest Surgery", "B83021", 10360),
            ("Beacon Medical Practice", "B83022", 7950),
            ("Upper Town Surgery", "B83023", 5210),
            ("Quarry Bank Practice", "B83024", 3920),
            ("Highfield Family Doctors", "B83025", 8540),
        ],
    ),
    (
        "Canal and Docks PCN",
        "U83006",
        [
            ("Dockside Medical Centre", "B83026", 13280),
            ("Lock Keeper's Surgery", "B83027", 6350),
            ("Canal Street Practice", "B83028", 7860),
            ("Harbour View Surgery", "B83029", 4590),
            ("Towpath Health Centre", "B83030", 5880),
        ],
    ),
]
FEDERATION = ("Northdale GP Federation", OrganisationKind.FEDERATION)
LMC = ("Northdale Local Medical Committee", OrganisationKind.LMC)
PARTNERS = [
    ("Northdale and Vale Integrated Care Board", OrganisationKind.ICB),
    ("Northdale Hospitals NHS Foundation Trust", OrganisationKind.ACUTE_TRUST),
    ("Vale Community Health NHS Trust", OrganisationKind.COMMUNITY_TRUST),
    ("Pennine Minds NHS Foundation Trust", OrganisationKind.MENTAL_HEALTH_TRUST),
    ("Northdale Borough Council", OrganisationKind.COUNCIL),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    job_title: str
    role: str
    organisation: str
    seat: bool = False
    roles: tuple[str, ...] = ()
    acts_for: tuple[str, ...] = ()


LOGINS = [
    DemoLogin(
        "chair",
        "Dr Priya Shah",
        "Clinical Director",
        "chair (and CD, Northdale Central PCN)",
        "U83001",
        seat=True,
        roles=(RoleKind.CHAIR,),
    ),
    DemoLogin(
        "cd",
        "Dr Tom Okafor",
        "Clinical Director",
        "PCN clinical director (Riverside PCN)",
        "U83002",
        seat=True,
    ),
    DemoLogin(
        "cd-westmoor",
        "Dr Fiona Grant",
        "Clinical Director",
        "PCN clinical director",
        "U83003",
        seat=True,
    ),
    DemoLogin(
        "cd-eastfield",
        "Dr Sanjay Patel",
        "Clinical Director",
        "PCN clinical director",
        "U83004",
        seat=True,
    ),
    DemoLogin(
        "cd-hillcrest",
        "Dr Emma Lloyd",
        "Clinical Director",
        "PCN clinical director",
        "U83005",
        seat=True,
    ),
    DemoLogin(
        "cd-canal",
        "Dr Kwame Mensah",
        "Clinical Director",
        "PCN clinical director",
        "U83006",
        seat=True,
    ),
    DemoLogin("lmc", "Dr Helen Marsh", "LMC Chair", "LMC seat", "lmc", seat=True),
    DemoLogin(
        "federation", "Sarah Lewis", "Chief Executive", "federation seat", "federation", seat=True
    ),
    DemoLogin(
        "gatekeeper",
        "Ruth Adeyemi",
        "LMC Secretary",
        "gatekeeper",
        "lmc",
        roles=(RoleKind.GATEKEEPER,),
    ),
    DemoLogin(
        "lead",
        "James Whitfield",
        "Federation Director of Operations",
        "representation lead",
        "federation",
        roles=(RoleKind.REPRESENTATION_LEAD,),
    ),
    DemoLogin(
        "rep",
        "Dr Aisha Rahman",
        "GP Partner",
        "representative",
        "B83006",
        roles=(RoleKind.REPRESENTATIVE,),
    ),
    DemoLogin(
        "support",
        "Karen Doyle",
        "Leadership Group Administrator",
        "admin support",
        "federation",
        roles=(RoleKind.ADMIN_SUPPORT,),
    ),
    DemoLogin(
        "practice",
        "Linda Price",
        "Practice Manager",
        "practice contact (The Park Surgery)",
        "B83001",
        acts_for=("B83001",),
    ),
    DemoLogin(
        "practice2",
        "Gareth Hughes",
        "Practice Manager",
        "practice contact (Riverside Medical Centre)",
        "B83006",
        acts_for=("B83006",),
    ),
    DemoLogin(
        "partner",
        "Neil Carter",
        "Head of Primary Care Commissioning",
        "system partner (ICB)",
        "icb",
    ),
]


def _organisation(name: str, kind: str, ods_code: str | None = None, **extra) -> Organisation:
    lookup = {"ods_code": ods_code} if ods_code else {"name": name, "kind": kind}
    defaults = {"name": name, "kind": kind, **extra}
    org, created = Organisation.objects.get_or_create(**lookup, defaults=defaults)
    if not created:
        changed = [f for f, v in defaults.items() if getattr(org, f) != v]
        if changed:
            for field_name in changed:
                setattr(org, field_name, defaults[field_name])
            org.save(update_fields=changed)
    return org


@transaction.atomic
def seed_demo() -> dict[str, int]:
    orgs: dict[str, Organisation] = {}
    for pcn_name, pcn_code, practices in PCNS:
        pcn = orgs[pcn_code] = _organisation(pcn_name, OrganisationKind.PCN, pcn_code)
        for name, code, list_size in practices:
            orgs[code] = _organisation(
                name, OrganisationKind.PRACTICE, code, list_size=list_size, pcn=pcn
            )
    orgs["federation"] = _organisation(*FEDERATION)
    orgs["lmc"] = _organisation(*LMC)
    for name, kind in PARTNERS:
        orgs[kind] = _organisation(name, kind)
    for org in orgs.values():
        if org.kind in (OrganisationKind.PCN, OrganisationKind.FEDERATION, OrganisationKind.LMC):
            Seat.objects.get_or_create(organisation=org)

    User = get_user_model()
    superuser, created = User.objects.get_or_create(
        username="admin",
        defaults={"email": "admin@northdale.example", "is_staff": True, "is_superuser": True},
    )
    if created:
        superuser.set_password(DEMO_PASSWORD)
        superuser.save(update_fields=["password"])

    for login in LOGINS:
        user, created = User.objects.get_or_create(
            username=login.username, defaults={"email": f"{login.username}@northdale.example"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        person, _ = Person.objects.get_or_create(
            user=user, defaults={"full_name": login.name, "job_title": login.job_title}
        )
        organisation = orgs[login.organisation]
        person.organisations.add(organisation)
        if login.seat:
            seat = organisation.seat
            if seat.holder_id is None:
                seat.holder = person
                seat.save(update_fields=["holder"])
        for kind in login.roles:
            if not LeadershipRole.objects.active().filter(person=person, kind=kind).exists():
                role_assign(person=person, kind=kind)
        for code in login.acts_for:
            practice_contact_grant(user=user, practice=orgs[code])

    return {
        "organisations": Organisation.objects.count(),
        "practices": Organisation.objects.practices().count(),
        "people": Person.objects.count(),
    }
