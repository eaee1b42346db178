"""Reading NHS England's "Patients Registered at a GP Practice" files as they are published.

Plain or zipped CSV, any line endings, a BOM or not, UTF-8 or Windows-1252, dates in the
several shapes the publication has used. Rows that cannot be placed are reported with their
line number, never allowed to stop the rest.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MAP_REQUIRED = (
    "EXTRACT_DATE",
    "PRACTICE_CODE",
    "PRACTICE_NAME",
    "PRACTICE_POSTCODE",
    "PCN_CODE",
    "PCN_NAME",
    "SUB_ICB_LOCATION_CODE",
    "SUB_ICB_LOCATION_NAME",
    "ICB_CODE",
    "ICB_NAME",
)
PATIENTS_REQUIRED = ("EXTRACT_DATE", "CODE", "SEX", "AGE", "NUMBER_OF_PATIENTS")

PRACTICE_CODE = re.compile(r"^[A-Z][0-9]{5}$")
PCN_CODE = re.compile(r"^U[0-9]{5}$")
DATE_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d%b%Y", "%d-%m-%Y", "%Y%m%d")
KEEP_UPPER = {"PCN", "NHS", "GP", "GPS", "UK", "ICB", "LLP", "CIC", "HMP", "PMS", "APMS", "UTC"}
SMALL_WORDS = {"and", "of", "the", "at", "on", "in", "for", "by", "upon", "with"}


class ImportRefused(Exception):
    """The files cannot be imported at all; the message says why, in one sentence."""


@dataclass
class Problem:
    file: str
    line: int
    message: str

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass
class PracticeRow:
    line: int
    code: str
    published_name: str
    postcode: str
    pcn_code: str
    pcn_name: str
    sub_icb_code: str
    sub_icb_name: str
    icb_code: str
    icb_name: str


@dataclass
class Registers:
    extract_date: dt.date
    practices: dict[str, PracticeRow]
    list_sizes: dict[str, int]
    patients_date: dt.date
    problems: list[Problem] = field(default_factory=list)


def parse_date(value: str) -> dt.date:
    text = value.strip()
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.title() if "%b" in fmt else text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{value}” is not a date this importer knows")


def readable_name(published: str) -> str:
    """THE DENSHAM SURGERY → The Densham Surgery; ST JOHN'S → St John's; keeps NHS, PCN, GP."""
    words = published.strip().split()
    result = []
    for index, word in enumerate(words):
        bare = re.sub(r"[^A-Za-z]", "", word).upper()
        if bare in KEEP_UPPER and word.upper().strip("()&,.-") == bare:
            result.append(word.upper())
        elif index > 0 and word.lower() in SMALL_WORDS:
            result.append(word.lower())
        else:
            result.append(_capitalise(word))
    return " ".join(result)


def _capitalise(word: str) -> str:
    def part(match: re.Match) -> str:
        text = match.group(0)
        return text[:1].upper() + text[1:].lower()

    # Letters after an apostrophe stay lower when they are a suffix (JOHN'S), capitalised
    # when they are a name (O'BRIEN).
    word = re.sub(r"[A-Za-z]+", part, word)
    return re.sub(r"'([A-Z])(?=[a-z]{0,1}\b)", lambda m: "'" + m.group(1).lower(), word)


def open_text(source: str | Path | bytes, label: str) -> io.TextIOBase:
    """A text stream over a plain or zipped CSV (the first .csv inside a zip)."""
    try:
        raw = source if isinstance(source, bytes) else Path(source).read_bytes()
    except OSError as error:
        raise ImportRefused(f"The {label} file cannot be read: {error.strerror}.") from None
    if raw[:4] == b"PK\x03\x04":
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile as error:
            raise ImportRefused(f"The {label} file is a damaged zip file.") from error
        members = [name for name in archive.namelist() if name.lower().endswith(".csv")]
        if not members:
            raise ImportRefused(f"The {label} zip file holds no .csv file.")
        info = archive.getinfo(members[0])
        if info.file_size > 2_000_000_000:
            raise ImportRefused(f"The {label} zip file unpacks to more than 2 GB.")
        raw = archive.read(members[0])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    return io.StringIO(text, newline="")


def _rows(
    stream: io.TextIOBase, label: str, required: tuple[str, ...]
) -> Iterator[tuple[int, dict]]:
    reader = csv.reader(stream)
    try:
        header = next(reader)
    except StopIteration:
        raise ImportRefused(f"The {label} file is empty.") from None
    columns = [name.strip().strip('"').upper() for name in header]
    missing = [name for name in required if name not in columns]
    if missing:
        raise ImportRefused(
            f"The {label} file lacks the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}: is it the right file from NHS England's publication?"
        )
    for line, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        yield (
            line,
            {
                name: (values[i].strip() if i < len(values) else "")
                for i, name in enumerate(columns)
            },
        )


@dataclass(frozen=True)
class Scope:
    sub_icbs: frozenset[str] = frozenset()
    icbs: frozenset[str] = frozenset()
    pcns: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        chosen = [bool(self.sub_icbs), bool(self.icbs), bool(self.pcns)]
        if sum(chosen) != 1:
            raise ImportRefused("Choose one scope: sub-ICB locations, ICBs or PCNs, with codes.")

    @classmethod
    def of(cls, *, sub_icbs=(), icbs=(), pcns=()) -> Scope:
        def clean(codes) -> frozenset[str]:
            return frozenset(code.strip().upper() for code in codes if code.strip())

        return cls(clean(sub_icbs), clean(icbs), clean(pcns))

    def covers(self, *, sub_icb: str, icb: str, pcn: str) -> bool:
        return sub_icb in self.sub_icbs or icb in self.icbs or pcn in self.pcns

    def as_dict(self) -> dict:
        return {
            k: sorted(v)
            for k, v in (("sub_icb", self.sub_icbs), ("icb", self.icbs), ("pcn", self.pcns))
            if v
        }


def read_registers(
    *,
    map_source,
    patients_source,
    scope: Scope,
    allow_month_mismatch: bool = False,
    progress=None,
) -> Registers:
    problems: list[Problem] = []
    practices: dict[str, PracticeRow] = {}
    map_date = None
    for line, row in _rows(open_text(map_source, "practice map"), "practice map", MAP_REQUIRED):
        if map_date is None:
            try:
                map_date = parse_date(row["EXTRACT_DATE"])
            except ValueError as error:
                raise ImportRefused(f"The practice map's EXTRACT_DATE: {error}.") from None
        code, pcn = row["PRACTICE_CODE"].upper(), row["PCN_CODE"].upper()
        if not scope.covers(
            sub_icb=row["SUB_ICB_LOCATION_CODE"].upper(), icb=row["ICB_CODE"].upper(), pcn=pcn
        ):
            continue
        if not PRACTICE_CODE.match(code):
            problems.append(Problem("map", line, f"“{code}” is not a practice code; left out."))
        elif code in practices:
            problems.append(Problem("map", line, f"{code} appears twice; the first row is used."))
        elif not PCN_CODE.match(pcn) or pcn == "U00000":
            problems.append(Problem("map", line, f"{code} sits in no PCN (“{pcn}”); left out."))
        elif not row["PRACTICE_NAME"]:
            problems.append(Problem("map", line, f"{code} has no name; left out."))
        else:
            practices[code] = PracticeRow(
                line,
                code,
                row["PRACTICE_NAME"],
                row["PRACTICE_POSTCODE"].upper(),
                pcn,
                row["PCN_NAME"],
                row["SUB_ICB_LOCATION_CODE"].upper(),
                row["SUB_ICB_LOCATION_NAME"],
                row["ICB_CODE"].upper(),
                row["ICB_NAME"],
            )
        if progress and line % 1000 == 0:
            progress(line)
    if map_date is None:
        raise ImportRefused("The practice map file has no rows.")

    list_sizes: dict[str, int] = {}
    patients_date = None
    for line, row in _rows(open_text(patients_source, "patients"), "patients", PATIENTS_REQUIRED):
        if patients_date is None:
            try:
                patients_date = parse_date(row["EXTRACT_DATE"])
            except ValueError as error:
                raise ImportRefused(f"The patients file's EXTRACT_DATE: {error}.") from None
            if not allow_month_mismatch and (patients_date.year, patients_date.month) != (
                map_date.year,
                map_date.month,
            ):
                raise ImportRefused(
                    f"The patients file is for {patients_date:%B %Y} but the practice map is for "
                    f"{map_date:%B %Y}. Use the same month's files (or allow the mismatch)."
                )
        if row.get("TYPE", "GP").upper() not in ("GP", ""):
            continue
        if row["SEX"].upper() != "ALL" or row["AGE"].upper() != "ALL":
            continue
        code = row["CODE"].upper()
        if code not in practices:
            continue
        count = row["NUMBER_OF_PATIENTS"].replace(",", "")
        if not count.isdigit() or int(count) == 0:
            problems.append(
                Problem(
                    "patients",
                    line,
                    f"{code}: “{row['NUMBER_OF_PATIENTS']}” is not a "
                    "number of patients; list size left as it was.",
                )
            )
            continue
        list_sizes[code] = int(count)
        if progress and line % 1000 == 0:
            progress(line)
    if patients_date is None:
        raise ImportRefused("The patients file has no rows.")
    return Registers(map_date, practices, list_sizes, patients_date, problems)
