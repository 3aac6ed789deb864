"""Fixtures of the app's sign-in and audit AppTests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture
def store_copy(seeded_store_path, tmp_path, monkeypatch) -> Path:
    """A copy of the seeded store as the app's store, a private users file, no write mode
    inherited from the environment."""
    path = tmp_path / "copy.gpkg"
    shutil.copy(seeded_store_path, path)
    monkeypatch.setenv("FRONTLINE_STORE", str(path))
    monkeypatch.setenv("FRONTLINE_USERS_FILE", str(tmp_path / "users.json"))
    for name in ("FRONTLINE_READ_ONLY", "FRONTLINE_LOCAL_ANALYST"):
        monkeypatch.delenv(name, raising=False)
    return path


@pytest.fixture
def cheap_password_hashing(monkeypatch) -> None:
    """argon2id at its lowest cost (one pass over 8 KiB) for the tests of sign-in flows and
    user commands: each hash at the real cost (RFC 9106 low-memory profile, 64 MiB) takes
    0.1-0.3 s of CPU, some 25 per run. The real profile is checked in test_auth.py."""
    from argon2 import PasswordHasher

    monkeypatch.setattr("dashboard.auth.users._HASHER",
                        PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr("dashboard.auth.users._DUMMY", [])
