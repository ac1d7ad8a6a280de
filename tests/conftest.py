"""Test-wide set-up: the `test` settings profile, on a temporary data directory.

Nothing here fakes a component; tests that need the network-facing LLM use the fake provider that
ships in the library.
"""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

os.environ.setdefault("ZHIBIAO_PROFILE", "test")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture
def settings(tmp_path):
    from assistant.settings import load_settings

    return load_settings(profile="test", data_dir=tmp_path / "data")


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return isinstance(address, str | bytes)  # unix sockets


@pytest.fixture
def loopback_only(monkeypatch):
    """Any socket connection outside loopback fails the test (the tool must work with no network)."""
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def refuse(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
            raise AssertionError(f"test tried to reach the network: {address!r}")

    def guard(sock, address):
        refuse(sock, address)
        return real_connect(sock, address)

    def guard_ex(sock, address):
        refuse(sock, address)
        return real_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard_ex)
