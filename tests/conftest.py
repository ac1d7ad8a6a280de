"""Test-wide set-up: the `test` settings profile, on a temporary data directory.

Nothing here fakes a component; tests that need the network-facing LLM use the fake provider that
ships in the library.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("ZHIBIAO_PROFILE", "test")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture
def settings(tmp_path):
    from assistant.settings import load_settings

    return load_settings(profile="test", data_dir=tmp_path / "data")
