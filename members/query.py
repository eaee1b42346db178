"""Reading values people (or forgers) put in a query string."""

from __future__ import annotations


def whole_number(text: str) -> int | None:
    """An id typed or forged in a query: plain digits that fit the database, or None."""
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 18 else None
