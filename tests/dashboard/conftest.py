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
