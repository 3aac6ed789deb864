"""Signing in and out in a real browser, through Streamlit's st.login against a real OpenID
Connect provider on loopback (oidc-provider-mock), and with a local user; the app served
by ``frontline serve`` from a folder holding its ``.streamlit/secrets.toml``."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dashboard.auth.roles import Role
from dashboard.auth.users import UsersFile
from tests.common import ROOT, free_port, require_chromium, wait_for_http

ANALYST = "alice@example.org"
PASSWORD = "local analyst password"
SESSION_S = 20  # the OpenID Connect test's session length


@contextmanager
def oidc_provider() -> Iterator[str]:
    """A real OpenID Connect provider on 127.0.0.1 (in a thread); yields its base URL."""
    import werkzeug.serving
    from oidc_provider_mock import app

    server = werkzeug.serving.make_server("127.0.0.1", 0, app(require_nonce=True),
                                          threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)
        server.server_close()


@contextmanager
def served(store: Path, folder: Path, secrets_toml: str, *extra: str,
           env: dict[str, str] | None = None) -> Iterator[tuple[str, Path]]:
    """``frontline serve`` run from ``folder`` (its .streamlit/secrets.toml); yields the
    URL and the server log."""
    require_chromium()
    port = free_port()
    (folder / ".streamlit").mkdir(parents=True, exist_ok=True)
    (folder / ".streamlit" / "secrets.toml").write_text(secrets_toml.replace("__PORT__",
                                                                             str(port)))
    log_path = folder / "streamlit.log"
    run_env = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    for name in ("FRONTLINE_READ_ONLY", "FRONTLINE_LOCAL_ANALYST"):
        run_env.pop(name, None)
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "dashboard.cli", "--store", str(store), "serve",
             "--port", str(port), *extra], cwd=folder, env=run_env, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_for_http(f"http://127.0.0.1:{port}/_stcore/health", 60, proc)
            yield f"http://127.0.0.1:{port}", log_path
        finally:
            os.killpg(proc.pid, 15)  # the CLI and the Streamlit server it started
            proc.wait(20)


@pytest.fixture
def store(seeded_store_path, tmp_path) -> Path:
    path = tmp_path / "store.gpkg"
    shutil.copy(seeded_store_path, path)
    return path


def _read_only(page) -> None:
    page.get_by_text("Read-only until", exact=False).wait_for(timeout=30_000)
    assert page.get_by_text("Review an article", exact=True).count() == 0
    assert page.get_by_text("Draw a zone", exact=True).count() == 0


def test_oidc_sign_in_and_out(store, tmp_path, offline_page, monkeypatch):
    monkeypatch.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback
    with oidc_provider() as provider:
        config = f"""
[auth]
redirect_uri = "http://127.0.0.1:__PORT__/oauth2callback"
cookie_secret = "{secrets.token_hex(32)}"
client_id = "frontline-test"
client_secret = "{secrets.token_hex(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"

[frontline]
oidc_analysts = ["{ANALYST}"]
session_minutes = {SESSION_S / 60}
"""
        with served(store, tmp_path / "site", config) as (url, log_path):
            page = offline_page
            page.goto(url)
            _read_only(page)
            _oidc_sign_in(page, provider)
            assert page.url.startswith(url) and "code=" not in page.url
            page.get_by_role("button", name="Sign out").click()
            _end_provider_session(page, provider)
            _read_only(page)
            signed_in = _oidc_sign_in(page, provider)
            page.wait_for_timeout(max(0.0, signed_in + SESSION_S + 1 - time.monotonic()) * 1000)
            page.reload()  # Streamlit's identity cookie outlives our session: no matter
            _end_provider_session(page, provider)
            _read_only(page)
            # Only the provider's own sign-in page asked for something off loopback.
            assert [u for u in page.blocked_requests if "picocss" not in u] == []
            log_text = log_path.read_text()
            assert f"signed in: oidc:{ANALYST} (analyst)" in log_text
            assert "signed out: oidc:" in log_text
            assert f"OpenID Connect session of oidc:{ANALYST} expired" in log_text
            assert "client_secret" not in log_text and "code=" not in log_text


def _end_provider_session(page, provider: str) -> None:
    """st.logout ends the session at the provider too (its confirmation form), which sends
    the browser back to the app."""
    page.wait_for_url(lambda u: u.startswith(f"{provider}/oauth2/end_session"),
                      timeout=30_000)
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(lambda u: not u.startswith(provider), timeout=30_000)


def _oidc_sign_in(page, provider: str) -> float:
    """Sign in through the provider's form; returns when the app showed the analyst."""
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda u: u.startswith(provider), timeout=30_000)
    started = time.monotonic()
    page.fill("input[name=sub]", ANALYST)
    page.get_by_role("button", name="Authorize", exact=True).click()
    page.get_by_text(f"Signed in as oidc:{ANALYST}").wait_for(timeout=30_000)
    page.get_by_text("Review an article", exact=True).wait_for(timeout=30_000)
    return started


def test_local_user_sign_in_and_out(store, tmp_path, offline_page):
    users = tmp_path / "users.json"
    UsersFile(users).add("alice", PASSWORD, Role.ANALYST)
    with served(store, tmp_path / "site", "", env={"FRONTLINE_USERS_FILE": str(users)}
                ) as (url, log_path):
        page = offline_page
        page.goto(url)
        _read_only(page)
        page.get_by_role("textbox", name="User").fill("alice")
        page.get_by_role("textbox", name="Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("wrong user name or password").wait_for(timeout=30_000)
        page.get_by_role("textbox", name="User").fill("alice")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as user:alice").wait_for(timeout=30_000)
        page.get_by_text("Draw a zone", exact=True).wait_for(timeout=30_000)
        assert PASSWORD not in page.url
        page.get_by_role("button", name="Sign out").click()
        _read_only(page)
        log_text = log_path.read_text()
        assert "sign-in refused for alice" in log_text and "signed in: user:alice" in log_text
        assert PASSWORD not in log_text and "wrong password" not in log_text
