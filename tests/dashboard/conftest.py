"""Fixtures of the app's sign-in and audit AppTests."""

from __future__ import annotations

import os
import select
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

import pytest

from dashboard.cli import main


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


class PipedMain:
    """``frontline ARGV`` in a thread of this process, its stdin and stdout OS pipes (block
    buffered, as for a child process: a line reaches the reader only when the command
    flushes it). Cheaper than a child process, which builds the geoparser again."""

    def __init__(self, argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
        in_read, in_write = os.pipe()
        self._out, out_write = os.pipe()
        self._pending = b""
        self._stdin = open(in_read, encoding="utf-8")  # noqa: SIM115 (closed by the thread)
        self._stdout = open(out_write, "w", encoding="utf-8")  # noqa: SIM115
        self.stdin: TextIO = open(in_write, "w", encoding="utf-8")  # noqa: SIM115
        monkeypatch.setattr(sys, "stdin", self._stdin)
        monkeypatch.setattr(sys, "stdout", self._stdout)
        self.code: list[int | BaseException] = []
        self._thread = threading.Thread(target=self._main, args=(argv,), daemon=True)
        self._thread.start()

    def _main(self, argv: list[str]) -> None:
        try:
            self.code.append(main(argv))
        except BaseException as exc:  # noqa: BLE001 (reported by wait())
            self.code.append(exc)
        finally:
            self._stdout.close()
            self._stdin.close()

    def readline(self, timeout_s: float = 30) -> str:
        """The next output line ('' at the end); fails if none is flushed within
        ``timeout_s``."""
        while b"\n" not in self._pending:
            if not select.select([self._out], [], [], timeout_s)[0]:
                pytest.fail(f"no output line within {timeout_s} s")
            chunk = os.read(self._out, 65536)
            if not chunk:
                break
            self._pending += chunk
        line, newline, self._pending = self._pending.partition(b"\n")
        return (line + newline).decode("utf-8")

    def wait(self, timeout_s: float = 30) -> int | BaseException:
        """The exit code (or what the command raised)."""
        self._thread.join(timeout_s)
        assert not self._thread.is_alive(), f"still running after {timeout_s} s"
        return self.code[0]

    def close(self) -> None:
        if not self.stdin.closed:
            self.stdin.close()
        os.close(self._out)


@pytest.fixture
def piped_main(monkeypatch) -> Iterator[Callable[[list[str]], PipedMain]]:
    """``piped_main(argv)``: a :class:`PipedMain` (closed after the test)."""
    started: list[PipedMain] = []

    def start(argv: list[str]) -> PipedMain:
        started.append(PipedMain(argv, monkeypatch))
        return started[-1]

    yield start
    for run in started:
        run.close()
