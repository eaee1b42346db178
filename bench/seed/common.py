"""What every part of the benchmark seed shares: sizes, the personas, the bulk insert."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

BATCH = 5000
SEEDED_AT = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
PASSWORD = "bench-password-not-secret"
CONTACTS_PER_PRACTICE = 3
# Personas the benchmark logs in as: username -> role description.
PERSONAS = {
    "bench-chair": "chair",
    "bench-gatekeeper": "gatekeeper",
    "bench-representation-lead": "representation lead",
    "bench-admin-support": "admin support",
    "bench-representative": "representative",
    "bench-pcn-clinical-director": "PCN clinical director (seat holder)",
    "bench-practice-contact": "practice contact",
    "bench-system-partner": "system partner",
}


@dataclass
class Counts:
    scale: float
    figures: dict[str, int] = field(default_factory=dict)

    def n(self, full: int) -> int:
        return max(1, round(full * self.scale))


def bulk(model, rows: list, **kwargs) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH, **kwargs)
