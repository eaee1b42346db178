"""Importing a place from NHS England's practice registers: hand-made files in the published
shapes, including the awkward cases."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from members.importer import ImportRefused, Scope, registers_import
from members.importer.reading import parse_date, readable_name
from members.models import ImportRun, ListSize, Organisation, OrganisationKind, Seat

FILES = Path(__file__).parent / "registers"
APRIL = {"map_source": FILES / "map-2026-04.csv", "patients_source": FILES / "patients-2026-04.csv"}
MAY = {"map_source": FILES / "map-2026-05.csv", "patients_source": FILES / "patients-2026-05.csv"}
AREA = Scope.of(sub_icbs=["16C"])

pytestmark = pytest.mark.django_db


def _state() -> list:
    return list(
        Organisation.objects.order_by("ods_code").values_list(
            "ods_code", "name", "pcn__ods_code", "list_size", "list_size_as_of", "is_active"
        )
    ) + list(ListSize.objects.order_by("id").values_list("practice__ods_code", "as_of", "patients"))


@pytest.mark.parametrize(
    ("published", "readable"),
    [
        ("THE DENSHAM SURGERY", "The Densham Surgery"),
        ("ST JOHN'S MEDICAL CENTRE", "St John's Medical Centre"),
        ("O'BRIEN FAMILY PRACTICE", "O'Brien Family Practice"),
        ("DENSHAM & DISTRICT PCN", "Densham & District PCN"),
        ("RIVERSIDE AND MOOR PCN", "Riverside and Moor PCN"),
        ("HEALTH CENTRE (DR SMITH-JONES)", "Health Centre (Dr Smith-Jones)"),
        ("NHS GP HEALTH CENTRE", "NHS GP Health Centre"),
    ],
)
def test_readable_names(published, readable):
    assert readable_name(published) == readable


@pytest.mark.parametrize(
    "text", ["01-Apr-26", "2026-04-01", "01/04/2026", "01-APR-2026", "01APR2026"]
)
def test_the_date_shapes_the_publication_has_used(text):
    assert parse_date(text).isoformat() == "2026-04-01"


def test_first_import_creates_the_pcns_and_practices_in_scope():
    run = registers_import(**APRIL, scope=AREA)
    assert run.status == ImportRun.Status.DONE
    park = Organisation.objects.get(ods_code="A81001")
    assert (park.name, park.published_name, park.postcode) == (
        "The Densham Surgery",
        "THE DENSHAM SURGERY",
        "TS1 1AA",
    )
    assert (park.list_size, park.list_size_as_of.isoformat()) == (8120, "2026-04-01")
    assert (park.pcn.ods_code, park.pcn.name) == ("U11111", "Densham & District PCN")
    assert (park.sub_icb_code, park.icb_code) == ("16C", "QHM")
    assert Organisation.objects.get(ods_code="A81004").list_size == 12  # very small practice
    assert not Organisation.objects.filter(ods_code__in=["B99999", "U33333", "A81005"]).exists()
    assert Seat.objects.filter(organisation__ods_code__in=["U11111", "U22222"]).count() == 2
    assert run.summary["practices_added"] == 4 and run.summary["pcns_added"] == 2
    assert run.summary["patients"] == 8120 + 12500 + 5400 + 12
    messages = {(p["line"], p["message"]) for p in run.problems}
    assert (6, "A81005 sits in no PCN (“”); left out.") in messages
    assert (7, "“XX123” is not a practice code; left out.") in messages
    for org in Organisation.objects.all():
        org.full_clean()


def test_running_the_same_files_twice_changes_nothing():
    registers_import(**APRIL, scope=AREA)
    before = _state()
    run = registers_import(**APRIL, scope=AREA)
    assert _state() == before
    assert run.summary["practices_unchanged"] == 4 and run.summary["pcns_unchanged"] == 2
    assert run.changes == []


def test_dry_run_writes_nothing_but_the_run():
    run = registers_import(**APRIL, scope=AREA, dry_run=True)
    assert run.status == ImportRun.Status.DRY_RUN
    assert Organisation.objects.count() == 0
    assert run.summary["practices_added"] == 4
    assert {c["code"] for c in run.changes if c["kind"] == "practice"} == {
        "A81001",
        "A81002",
        "A81003",
        "A81004",
    }


def test_next_month_moves_closes_adds_and_updates_without_deleting():
    registers_import(**APRIL, scope=AREA)
    run = registers_import(**MAY, scope=AREA)
    s = run.summary
    assert (s["practices_added"], s["practices_moved"], s["practices_inactivated"]) == (1, 1, 1)
    moved = Organisation.objects.get(ods_code="A81002")
    assert moved.pcn.ods_code == "U22222" and moved.list_size == 12650
    closed = Organisation.objects.get(ods_code="A81003")
    assert closed.is_active is False and closed.list_size == 5400  # kept, never deleted
    assert Organisation.objects.get(ods_code="A81006").name == "Newtown Health Centre"
    tiny = Organisation.objects.get(ods_code="A81004")
    assert tiny.list_size == 12 and tiny.list_size_as_of.isoformat() == "2026-04-01"
    assert any("“n/a” is not a number" in p["message"] for p in run.problems)
    history = list(
        ListSize.objects.filter(practice__ods_code="A81001").values_list("as_of", "patients")
    )
    assert [(d.isoformat(), n) for d, n in history] == [("2026-05-01", 8200), ("2026-04-01", 8120)]
    details = {c["code"]: c["detail"] for c in run.changes}
    assert details["A81002"] == "U11111 → U22222"
    assert details["A81001"] == "list size 8,120 → 8,200"


def test_scope_by_icb_and_by_pcn():
    registers_import(**APRIL, scope=Scope.of(pcns=["U22222"]))
    assert set(Organisation.objects.practices().values_list("ods_code", flat=True)) == {
        "A81003",
        "A81004",
    }
    registers_import(**APRIL, scope=Scope.of(icbs=["QXX"]))
    assert Organisation.objects.filter(ods_code="B99999").exists()


def test_scope_must_be_one_kind():
    with pytest.raises(ImportRefused, match="Choose one scope"):
        Scope.of(sub_icbs=["16C"], icbs=["QHM"])
    with pytest.raises(ImportRefused):
        Scope.of()


def test_zipped_files_are_read_as_plain_ones():
    def zipped(path: Path) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.write(path, path.name)
        return buffer.getvalue()

    run = registers_import(
        map_source=zipped(APRIL["map_source"]),
        patients_source=zipped(APRIL["patients_source"]),
        scope=AREA,
    )
    assert run.summary["practices_added"] == 4


def test_renamed_columns_are_refused_naming_them():
    run = registers_import(
        map_source=FILES / "map-renamed-columns.csv",
        patients_source=APRIL["patients_source"],
        scope=AREA,
    )
    assert run.status == ImportRun.Status.FAILED
    assert run.error.startswith("The practice map file lacks the columns PRACTICE_NAME, PCN_CODE")
    assert Organisation.objects.count() == 0


def test_patients_from_another_month_are_refused_unless_allowed():
    mixed = {"map_source": MAY["map_source"], "patients_source": APRIL["patients_source"]}
    run = registers_import(**mixed, scope=AREA)
    assert run.status == ImportRun.Status.FAILED
    assert "April 2026 but the practice map is for May 2026" in run.error
    assert Organisation.objects.count() == 0
    assert registers_import(**mixed, scope=AREA, allow_month_mismatch=True).status == "done"


def test_damaged_zip_and_empty_file_are_refused_with_a_message():
    for source, message in [(b"PK\x03\x04garbage", "damaged zip"), (b"", "is empty")]:
        run = registers_import(map_source=source, patients_source=source, scope=AREA)
        assert message in run.error


def test_an_import_that_fails_midway_writes_nothing(monkeypatch):
    import members.importer.planning as planning

    original = planning.ListSize.objects.bulk_create

    def explode(*args, **kwargs):
        original(*args, **kwargs)
        raise RuntimeError("disk full")

    monkeypatch.setattr(planning.ListSize.objects, "bulk_create", explode)
    with pytest.raises(RuntimeError):
        registers_import(**APRIL, scope=AREA)
    assert Organisation.objects.count() == 0 and ListSize.objects.count() == 0
    assert ImportRun.objects.get().status == ImportRun.Status.FAILED


def test_the_refresh_never_touches_what_points_at_a_closed_practice():
    registers_import(**APRIL, scope=AREA)
    from members.services import practice_contact_grant
    from tests.factories import UserFactory

    user = UserFactory()
    practice_contact_grant(user=user, practice=Organisation.objects.get(ods_code="A81003"))
    registers_import(**MAY, scope=AREA)
    assert user.has_perm("members.act_for_practice", Organisation.objects.get(ods_code="A81003"))


def test_import_queries_are_bounded_per_batch(django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        registers_import(**APRIL, scope=AREA)
    with django_assert_max_num_queries(30):
        registers_import(**MAY, scope=AREA)


def test_command_prints_the_summary_and_records_the_run(capsys):
    call_command(
        "import_registers",
        "--map",
        str(APRIL["map_source"]),
        "--patients",
        str(APRIL["patients_source"]),
        "--sub-icb",
        "16C",
        "--dry-run",
    )
    out = capsys.readouterr().out
    assert "Dry run (nothing written)" in out
    assert "Practices: 4 added" in out and "map line 7" in out
    assert Organisation.objects.count() == 0 and ImportRun.objects.count() == 1


def test_command_refuses_with_one_clear_message():
    with pytest.raises(CommandError, match="lacks the columns"):
        call_command(
            "import_registers",
            "--map",
            str(FILES / "map-renamed-columns.csv"),
            "--patients",
            str(APRIL["patients_source"]),
            "--icb",
            "QHM",
        )
    with pytest.raises(CommandError, match="cannot be read|No such file"):
        call_command(
            "import_registers",
            "--map",
            "/nowhere.csv",
            "--patients",
            "/nowhere.csv",
            "--icb",
            "QHM",
        )


def test_imported_practices_are_practices_of_the_directory():
    registers_import(**APRIL, scope=AREA)
    assert Organisation.objects.filter(kind=OrganisationKind.PCN, is_active=True).count() == 2


def test_a_large_import_and_its_refresh_take_a_bounded_number_of_queries_per_batch(
    django_assert_max_num_queries,
):
    from members.importer.synthetic import synthetic_registers

    icbs = [f"Q{n:02d}" for n in range(42)]
    april = synthetic_registers(practices=2500, pcns=500)
    may = synthetic_registers(practices=2500, pcns=500, month=5, churn=True)
    # About 15 fixed queries, then a few per batch: 1,000 rows on PostgreSQL; on SQLite a batch
    # is as many rows as its 999 query parameters allow.
    import math

    from django.db import connection

    fields = [f for f in Organisation._meta.concrete_fields if not f.primary_key]
    batch = min(1000, connection.ops.bulk_batch_size(fields, range(2500)))
    bound = 15 + 4 * math.ceil(2500 / min(batch, 250))
    with django_assert_max_num_queries(bound):
        first = registers_import(
            map_source=april[0], patients_source=april[1], scope=Scope.of(icbs=icbs)
        )
    assert first.summary["practices_added"] == 2500 and first.summary["pcns_added"] == 500
    with django_assert_max_num_queries(bound):
        refresh = registers_import(
            map_source=may[0], patients_source=may[1], scope=Scope.of(icbs=icbs)
        )
    s = refresh.summary
    assert s["practices_added"] == 12 and s["practices_inactivated"] == 12
    assert s["practices_moved"] > 0 and s["practices_updated"] > 2000
    assert ListSize.objects.count() == 2500 + 2500
