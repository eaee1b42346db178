"""Fixtures of the hardening suite."""

from __future__ import annotations

import pytest


@pytest.fixture
def setups():
    """Per test: each endpoint's signed-in client and form, read once for all its examples."""
    return {}
