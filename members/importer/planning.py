"""Comparing the registers with what is stored, and writing the difference in bulk.

`plan_import` reads the stored PCNs and practices in two queries and works out every change;
`apply_plan` writes it with bulk operations in one transaction, so a national file costs a
bounded number of queries per batch of 1,000 rows, and a failure writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from ..models import ListSize, Organisation, OrganisationKind, Seat
from .reading import Problem, Registers, Scope, readable_name

BATCH = 1000
UPDATE_BATCH = 250  # bulk_update's CASE expressions cost more than linearly with the batch
PCN_FIELDS = [
    "name",
    "published_name",
    "sub_icb_code",
    "sub_icb_name",
    "icb_code",
    "icb_name",
    "is_active",
]


@dataclass
class Plan:
    registers: Registers
    new_pcns: list[Organisation] = field(default_factory=list)
    changed_pcns: list[Organisation] = field(default_factory=list)
    new_practices: list[Organisation] = field(default_factory=list)
    changed_practices: list[Organisation] = field(default_factory=list)
    inactivated_ids: list[int] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    left_out: set = field(default_factory=set)
    list_size_of: dict = field(default_factory=dict)

    def summary(self) -> dict:
        active = [p for p in self.registers.practices if p not in self.left_out]
        return {
            **self.counts,
            "pcns": len({self.registers.practices[c].pcn_code for c in active}),
            "practices": len(active),
            "patients": sum(self.list_size_of.get(code, 0) for code in active),
            "problems": len(self.problems),
            "extract_date": self.registers.extract_date.isoformat(),
        }


def _scope_q(scope: Scope, *, practice: bool) -> Q:
    if scope.sub_icbs:
        return Q(sub_icb_code__in=scope.sub_icbs)
    if scope.icbs:
        return Q(icb_code__in=scope.icbs)
    return Q(pcn__ods_code__in=scope.pcns) if practice else Q(ods_code__in=scope.pcns)


def _note(plan: Plan, action: str, kind: str, org: Organisation, detail: str = "") -> None:
    plan.counts[f"{kind}s_{action}"] = plan.counts.get(f"{kind}s_{action}", 0) + 1
    if action != "unchanged":
        plan.changes.append(
            {
                "action": action,
                "kind": kind,
                "code": org.ods_code,
                "name": org.name,
                "detail": detail,
            }
        )


def _assign(org: Organisation, values: dict) -> list[str]:
    changed = [name for name, value in values.items() if getattr(org, name) != value]
    for name in changed:
        setattr(org, name, values[name])
    return changed


def plan_import(registers: Registers, scope: Scope) -> Plan:
    plan = Plan(registers=registers, problems=list(registers.problems))
    for key in ("pcns", "practices"):
        for action in ("added", "updated", "moved", "inactivated", "unchanged"):
            plan.counts[f"{key}_{action}"] = 0
    rows = registers.practices
    pcn_codes = {row.pcn_code for row in rows.values()}
    stored_pcns = {
        org.ods_code: org
        for org in Organisation.objects.filter(kind=OrganisationKind.PCN).filter(
            Q(ods_code__in=pcn_codes) | (_scope_q(scope, practice=False) & ~Q(sub_icb_code=""))
        )
    }
    stored = {
        org.ods_code: org
        for org in Organisation.objects.filter(kind=OrganisationKind.PRACTICE)
        .filter(Q(ods_code__in=rows) | (_scope_q(scope, practice=True) & ~Q(sub_icb_code="")))
        .select_related("pcn")
    }

    # PCNs: one row per PCN, taken from its first practice.
    first_row = {}
    for row in rows.values():
        first_row.setdefault(row.pcn_code, row)
    for code, row in sorted(first_row.items()):
        values = {
            "name": readable_name(row.pcn_name),
            "published_name": row.pcn_name,
            "sub_icb_code": row.sub_icb_code,
            "sub_icb_name": row.sub_icb_name,
            "icb_code": row.icb_code,
            "icb_name": row.icb_name,
            "is_active": True,
        }
        if code not in stored_pcns:
            org = Organisation(kind=OrganisationKind.PCN, ods_code=code, **values)
            plan.new_pcns.append(org)
            _note(plan, "added", "pcn", org)
        elif changed := _assign(stored_pcns[code], values):
            plan.changed_pcns.append(stored_pcns[code])
            _note(plan, "updated", "pcn", stored_pcns[code], ", ".join(changed))
        else:
            _note(plan, "unchanged", "pcn", stored_pcns[code])
    for code, org in stored_pcns.items():
        if code not in first_row and org.is_active and org.sub_icb_code:
            org.is_active = False
            plan.inactivated_ids.append(org.id)
            _note(plan, "inactivated", "pcn", org, "no longer in the register")

    # Practices.
    pcn_name = {code: readable_name(row.pcn_name) for code, row in first_row.items()}
    for code, row in rows.items():
        org = stored.get(code)
        size = registers.list_sizes.get(code) or (org.list_size if org else None)
        if size is None:
            plan.left_out.add(code)
            plan.problems.append(
                Problem("patients", 0, f"{code} has no list size in the patients file; left out.")
            )
            continue
        plan.list_size_of[code] = size
        values = {
            "name": readable_name(row.published_name),
            "published_name": row.published_name,
            "postcode": row.postcode,
            "sub_icb_code": row.sub_icb_code,
            "sub_icb_name": row.sub_icb_name,
            "icb_code": row.icb_code,
            "icb_name": row.icb_name,
            "is_active": True,
            "list_size": size,
            "list_size_as_of": registers.patients_date
            if code in registers.list_sizes
            else (org.list_size_as_of if org else None),
        }
        if org is None:
            org = Organisation(kind=OrganisationKind.PRACTICE, ods_code=code, **values)
            org._pcn_code = row.pcn_code
            plan.new_practices.append(org)
            _note(plan, "added", "practice", org, f"in {pcn_name[row.pcn_code]}")
            continue
        old_pcn = org.pcn.ods_code if org.pcn_id else None
        old_size = org.list_size
        changed = _assign(org, values)
        org._pcn_code = row.pcn_code
        org._changed = {*changed, *(["pcn_id"] if old_pcn != row.pcn_code else [])}
        if old_pcn != row.pcn_code:
            plan.changed_practices.append(org)
            _note(plan, "moved", "practice", org, f"{old_pcn} → {row.pcn_code}")
        elif changed:
            plan.changed_practices.append(org)
            detail = (
                f"list size {old_size:,} → {size:,}"
                if changed == ["list_size", "list_size_as_of"] or changed == ["list_size"]
                else ", ".join(changed)
            )
            _note(plan, "updated", "practice", org, detail)
        else:
            _note(plan, "unchanged", "practice", org)
    for code, org in stored.items():
        if code not in rows and org.is_active and org.sub_icb_code:
            plan.inactivated_ids.append(org.id)
            _note(plan, "inactivated", "practice", org, "no longer in the register")
    return plan


@transaction.atomic
def apply_plan(plan: Plan) -> None:
    Organisation.objects.bulk_create(plan.new_pcns, batch_size=BATCH)
    Organisation.objects.bulk_update(plan.changed_pcns, PCN_FIELDS, batch_size=BATCH)
    pcn_codes = {org._pcn_code for org in plan.new_practices + plan.changed_practices}
    pcn_ids = dict(
        Organisation.objects.filter(kind=OrganisationKind.PCN, ods_code__in=pcn_codes).values_list(
            "ods_code", "id"
        )
    )
    Seat.objects.bulk_create(
        [
            Seat(organisation_id=pcn_ids[org.ods_code])
            for org in plan.new_pcns
            if org.ods_code in pcn_ids
        ],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    for org in plan.new_practices + plan.changed_practices:
        org.pcn_id = pcn_ids[org._pcn_code]
    Organisation.objects.bulk_create(plan.new_practices, batch_size=BATCH)
    # Update each practice's changed fields only: a month's refresh mostly moves list sizes,
    # and bulk_update's CASE per field grows with every field it has to carry.
    by_fields: dict[tuple[str, ...], list[Organisation]] = {}
    for org in plan.changed_practices:
        by_fields.setdefault(tuple(sorted(org._changed)), []).append(org)
    for fields, orgs in by_fields.items():
        Organisation.objects.bulk_update(orgs, list(fields), batch_size=UPDATE_BATCH)
    if plan.inactivated_ids:
        Organisation.objects.filter(id__in=plan.inactivated_ids).update(is_active=False)
        Seat.objects.filter(organisation_id__in=plan.inactivated_ids).update(is_active=False)
    sizes = plan.registers.list_sizes
    ids = dict(
        Organisation.objects.filter(kind=OrganisationKind.PRACTICE, ods_code__in=sizes).values_list(
            "ods_code", "id"
        )
    )
    ListSize.objects.bulk_create(
        [
            ListSize(practice_id=ids[code], as_of=plan.registers.patients_date, patients=size)
            for code, size in sizes.items()
            if code in ids and code not in plan.left_out
        ],
        update_conflicts=True,
        unique_fields=["practice", "as_of"],
        update_fields=["patients"],
        batch_size=BATCH,
    )
