"""The named personas every test can use, in a small place.

Like healthchecks' alice/bob/charlie: a gatekeeper, a chair, a PCN clinical director, a
practice contact, a representative, admin support, a system partner and an outsider, with
the organisations they belong to. Later issues add their objects in their own fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from members.models import Organisation, OrganisationKind, RoleKind
from members.services import practice_contact_grant, role_assign

from .factories import (
    OrganisationFactory,
    PCNFactory,
    PersonFactory,
    PracticeFactory,
    SeatFactory,
    UserFactory,
)

ROLES = (
    "anonymous",
    "practice_contact",
    "pcn_clinical_director",
    "gatekeeper",
    "chair",
    "representative",
    "admin_support",
    "system_partner",
)


@dataclass
class World:
    pcn: Organisation
    other_pcn: Organisation
    practice: Organisation
    other_practice: Organisation
    federation: Organisation
    lmc: Organisation
    icb: Organisation
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    extras: dict = field(default_factory=dict)

    def user(self, role: str):
        return self.users.get(role)


def build_world() -> World:
    pcn = PCNFactory(name="Riverside PCN")
    other_pcn = PCNFactory(name="Hillcrest PCN")
    world = World(
        pcn=pcn,
        other_pcn=other_pcn,
        practice=PracticeFactory(name="The Park Surgery", pcn=pcn, list_size=11000),
        other_practice=PracticeFactory(name="Bridge End Surgery", pcn=other_pcn, list_size=5000),
        federation=OrganisationFactory(kind=OrganisationKind.FEDERATION, name="The Federation"),
        lmc=OrganisationFactory(kind=OrganisationKind.LMC, name="The LMC"),
        icb=OrganisationFactory(kind=OrganisationKind.ICB, name="The ICB"),
    )

    def person(role: str, name: str, organisation: Organisation):
        user = UserFactory(username=role.replace("_", "-"))
        someone = PersonFactory(user=user, full_name=name, organisations=[organisation])
        world.users[role] = user
        world.people[role] = someone
        return someone

    cd = person("pcn_clinical_director", "Dr Tom Okafor", pcn)
    SeatFactory(organisation=pcn, holder=cd)
    chair = person("chair", "Dr Priya Shah", other_pcn)
    SeatFactory(organisation=other_pcn, holder=chair)
    SeatFactory(organisation=world.lmc, holder=None)
    SeatFactory(organisation=world.federation, holder=None)
    role_assign(person=chair, kind=RoleKind.CHAIR)
    role_assign(person=person("gatekeeper", "Ruth Adeyemi", world.lmc), kind=RoleKind.GATEKEEPER)
    role_assign(
        person=person("representative", "Dr Aisha Rahman", world.practice),
        kind=RoleKind.REPRESENTATIVE,
    )
    role_assign(
        person=person("admin_support", "Karen Doyle", world.federation),
        kind=RoleKind.ADMIN_SUPPORT,
    )
    contact = person("practice_contact", "Linda Price", world.practice)
    practice_contact_grant(user=contact.user, practice=world.practice)
    person("system_partner", "Neil Carter", world.icb)
    world.users["outsider"] = UserFactory(username="outsider")
    return world
