"""``frontline users add|remove|list|passwd`` and the sign-in options of ``frontline serve``."""

from __future__ import annotations

import io
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dashboard.auth.roles import Role
from dashboard.auth.users import UsersFile
from dashboard.cli import main
from tests.common import ROOT, free_port, wait_for_http

pytestmark = pytest.mark.usefixtures("cheap_password_hashing")  # conftest


def _run(argv: list[str], monkeypatch, stdin: str = "") -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(argv)


@pytest.fixture
def store_args(tmp_path, monkeypatch) -> list[str]:
    monkeypatch.delenv("FRONTLINE_USERS_FILE", raising=False)
    return ["--store", str(tmp_path / "f.gpkg")]


def test_add_list_passwd_remove(store_args, tmp_path, monkeypatch, capsys):
    path = tmp_path / "f.users.json"  # beside the store, where the app looks
    assert _run([*store_args, "users", "add", "Alice", "--role", "admin", "--password-stdin"],
                monkeypatch, "first password\n") == 0
    assert f"added alice (admin) to {path}" in capsys.readouterr().out
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert _run([*store_args, "users", "add", "bob", "--password-stdin"], monkeypatch,
                "bob's password\r\n") == 0
    assert UsersFile(path).verify("bob", "bob's password").role is Role.ANALYST
    capsys.readouterr()
    assert _run([*store_args, "users", "list"], monkeypatch) == 0
    assert capsys.readouterr().out.split() == ["alice", "admin", "bob", "analyst"]
    assert _run([*store_args, "users", "passwd", "bob", "--role", "viewer",
                 "--password-stdin"], monkeypatch, "bob's new password\n") == 0
    assert UsersFile(path).verify("bob", "bob's password") is None
    assert UsersFile(path).verify("bob", "bob's new password").role is Role.VIEWER
    assert _run([*store_args, "users", "remove", "bob"], monkeypatch) == 0
    assert list(UsersFile(path).users()) == ["alice"]
    assert "first password" not in path.read_text()


def test_users_file_option_and_environment(tmp_path, monkeypatch, capsys):
    target = tmp_path / "elsewhere" / "users.json"
    monkeypatch.setenv("FRONTLINE_USERS_FILE", str(target))
    assert _run(["users", "add", "carol", "--password-stdin"], monkeypatch,
                "carol's password\n") == 0
    assert list(UsersFile(target).users()) == ["carol"]
    other = tmp_path / "other.json"
    assert _run(["users", "--file", str(other), "list"], monkeypatch) == 0
    assert "no users in" in capsys.readouterr().out and not other.exists()


def test_errors_name_the_problem_and_never_echo_a_password(store_args, monkeypatch, capsys):
    assert _run([*store_args, "users", "add", "dan", "--password-stdin"], monkeypatch,
                "short\n") == 1
    err = capsys.readouterr().err
    assert "8 to 1024 characters" in err and "short" not in err.replace("short\n", "")
    assert _run([*store_args, "users", "add", "dan"], monkeypatch, "from a pipe\n") == 1
    assert "--password-stdin" in capsys.readouterr().err  # no terminal: never a silent read
    assert _run([*store_args, "users", "add", "dan", "--password-stdin"], monkeypatch,
                "dan's password\n") == 0
    assert _run([*store_args, "users", "add", "DAN", "--password-stdin"], monkeypatch,
                "dan's password\n") == 1
    assert "already exists" in capsys.readouterr().err
    assert _run([*store_args, "users", "remove", "erin"], monkeypatch) == 1
    assert "no user 'erin'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as info:  # a password is never an argument
        _run([*store_args, "users", "add", "fay", "--password", "on-the-command-line"],
             monkeypatch)
    assert info.value.code == 2
    with pytest.raises(SystemExit) as info:
        _run([*store_args, "users", "add", "fay", "--role", "root"], monkeypatch)
    assert info.value.code == 2


def test_local_analyst_refused_off_loopback(tmp_path, monkeypatch, capsys):
    code = _run(["--store", str(tmp_path / "none.gpkg"), "serve", "--local-analyst",
                 "--address", "0.0.0.0"], monkeypatch)
    assert code == 2
    err = capsys.readouterr().err
    assert "--local-analyst" in err and "loopback" in err and "0.0.0.0" in err


def _child(pid: int, timeout_s: float = 30) -> int:
    """``pid``'s first child process (the Streamlit server, started by
    ``dashboard.serve_main``), once it runs: until its exec the forked child still has the
    CLI's command line and environment."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        if children and b"dashboard.serve_main" in Path(
                f"/proc/{children[0]}/cmdline").read_bytes():
            return int(children[0])
        time.sleep(0.05)
    raise TimeoutError("frontline serve started no server")


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


def test_serve_passes_read_only_and_drops_an_inherited_local_analyst(seeded_store_path,
                                                                     tmp_path):
    store = tmp_path / "s.gpkg"
    shutil.copy(seeded_store_path, store)
    port = free_port()
    env = dict(os.environ, FRONTLINE_LOCAL_ANALYST="1")
    env.pop("FRONTLINE_READ_ONLY", None)
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.cli", "--store", str(store),
                             "serve", "--read-only", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = None
    try:
        server = _child(proc.pid)
        server_env = _environ(server)
        assert server_env.get("FRONTLINE_READ_ONLY") == "1"
        assert "FRONTLINE_LOCAL_ANALYST" not in server_env  # only --local-analyst grants it
        wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", 60, proc)
        # a service manager (or `timeout`) stops the CLI: the server must stop with it
        proc.send_signal(signal.SIGTERM)
        proc.wait(20)
        deadline = time.monotonic() + 20
        while Path(f"/proc/{server}").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not Path(f"/proc/{server}").exists(), "the server outlived frontline serve"
    finally:
        if proc.poll() is None:
            if server is not None:
                os.kill(server, signal.SIGTERM)
            proc.kill()
            proc.wait(20)
