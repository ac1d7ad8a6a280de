"""Integration tests run with no network: any socket connection outside loopback fails the test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_network(loopback_only):
    """The guard itself is `loopback_only` in tests/conftest.py."""
