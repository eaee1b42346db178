"""CSV exports that a spreadsheet cannot be tricked into running (formula injection)."""

from __future__ import annotations

import csv
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would read as a formula gets a leading apostrophe; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    def __init__(self, stream) -> None:
        self._writer = csv.writer(stream)

    def writerow(self, row) -> None:
        self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


def csv_response(filename: str) -> tuple[HttpResponse, SafeWriter]:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response, SafeWriter(response)
