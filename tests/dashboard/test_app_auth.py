"""AppTest: the app is read-only unless a signed-in analyst is present; the guard sits where
the write happens, so crafted widget or session state cannot reach a write."""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.gate import LIMITER, TOKEN_KEY
from dashboard.auth.limiter import MAX_PER_USER
from dashboard.auth.roles import Role
from dashboard.auth.sessions import SessionRegistry
from dashboard.auth.users import UsersFile
from dashboard.panels import WRITE_PANELS
from geo.store import GeoPackageStore
from tests.common import zone_save_script

pytestmark = pytest.mark.usefixtures("cheap_password_hashing")  # conftest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "s3cret-password-of-analyst"
SQUARE = {"type": "Polygon", "coordinates": [[[37.90, 48.55], [37.95, 48.55], [37.95, 48.60],
                                              [37.90, 48.60], [37.90, 48.55]]]}


def _users(tmp_path: Path) -> UsersFile:
    return UsersFile(tmp_path / "users.json")


def _panels(at: AppTest) -> list[str]:
    return list(at.button_group(key="panel").options)


def _plain(markdown: str) -> str:
    """An element's text without the escaping of :func:`dashboard.safe.md`."""
    return markdown.replace("\\", "")


def _zone_count(path: Path) -> int:
    with GeoPackageStore(path) as store:
        return len(store.zone_reports())


def _sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="auth_user").input(name)
    at.text_input(key="auth_password").input(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def test_no_user_configured_is_read_only_and_says_how_to_add_one(store_copy):
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert not set(WRITE_PANELS) & set(_panels(at))
    assert any("frontline users add" in i.value for i in at.sidebar.info)


def test_read_only_hides_write_panels_even_for_a_local_analyst(store_copy, monkeypatch):
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert set(WRITE_PANELS) <= set(_panels(at))  # the local analyst writes...
    monkeypatch.setenv("FRONTLINE_READ_ONLY", "1")
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert not set(WRITE_PANELS) & set(_panels(at))  # ...unless the server is read-only
    assert any("--read-only" in c.value for c in at.sidebar.caption)


def test_crafted_panel_and_session_state_reach_no_write(store_copy, tmp_path):
    _users(tmp_path).add("alice", PASSWORD, Role.ANALYST)
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.session_state["panel"] = "Draw a zone"
    at.session_state[TOKEN_KEY] = "forged-token"
    at.run()
    assert not at.exception
    assert at.session_state["panel"] == "Events"
    assert not [b for b in at.button if b.key in ("draw_save", "review_save")]
    assert TOKEN_KEY not in at.session_state




def test_write_functions_check_the_role_themselves(store_copy, monkeypatch):
    before = _zone_count(store_copy)
    at = AppTest.from_function(zone_save_script, args=("crafted", "crafted"),
                               default_timeout=60).run()
    assert any("only a signed-in analyst can write" in _plain(e.value) for e in at.error)
    assert _zone_count(store_copy) == before
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")
    at = AppTest.from_function(zone_save_script, args=("crafted", "crafted"),
                               default_timeout=60).run()
    assert not at.error, [e.value for e in at.error]
    assert _zone_count(store_copy) == before + 1


def test_analyst_signs_in_saves_and_signs_out(store_copy, tmp_path):
    _users(tmp_path).add("alice", PASSWORD, Role.ANALYST)
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not set(WRITE_PANELS) & set(_panels(at))
    _sign_in(at, "Alice", PASSWORD)
    assert not at.exception
    assert any("user:alice" in _plain(c.value) for c in at.sidebar.caption)
    assert set(WRITE_PANELS) <= set(_panels(at))
    assert PASSWORD not in repr(at.session_state)  # the form cleared the field
    at.session_state["panel"] = "Review an article"
    at.run()
    at.text_area(key="review_text").input(
        "Russian forces shelled Bakhmut on 12 March, officials said.").run()
    at.text_input(key="review_source").input("Test wire").run()
    at.button(key="review_save").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    with GeoPackageStore(store_copy) as store:
        assert [e for e in store.events_between(date(2023, 1, 1), date(2023, 12, 31))
                if e.source == "Test wire"]
    at.button(key="auth_sign_out").click().run()
    assert not set(WRITE_PANELS) & set(_panels(at))
    assert at.session_state["panel"] == "Events"


def test_wrong_password_is_refused_counted_logged_without_it(store_copy, tmp_path, caplog):
    _users(tmp_path).add("bob", PASSWORD, Role.ANALYST)
    before = LIMITER.failures(user="bob")
    at = AppTest.from_file(APP, default_timeout=90).run()
    with caplog.at_level(logging.INFO):
        _sign_in(at, "bob", "not-the-password")
    assert any("wrong user name or password" in _plain(e.value) for e in at.sidebar.error)
    assert LIMITER.failures(user="bob") == before + 1
    assert not set(WRITE_PANELS) & set(_panels(at))
    assert "sign-in refused for bob" in caplog.text
    assert "not-the-password" not in caplog.text
    for _ in range(MAX_PER_USER - 1 - before):
        _sign_in(at, "bob", "not-the-password")
    _sign_in(at, "bob", PASSWORD)  # locked out: even the right password is refused
    assert any("too many failed sign-ins" in _plain(e.value) for e in at.sidebar.error)
    assert not set(WRITE_PANELS) & set(_panels(at))
    assert PASSWORD not in caplog.text and "not-the-password" not in caplog.text


def test_a_viewer_signs_in_but_cannot_write(store_copy, tmp_path):
    _users(tmp_path).add("vera", PASSWORD, Role.VIEWER)
    at = _sign_in(AppTest.from_file(APP, default_timeout=90).run(), "vera", PASSWORD)
    assert any("user:vera" in _plain(c.value) for c in at.sidebar.caption)
    assert not set(WRITE_PANELS) & set(_panels(at))


def test_sessions_expire_and_a_new_password_ends_them(store_copy, tmp_path, monkeypatch):
    clock = [1000.0]  # the sessions' clock, moved by hand instead of sleeping
    monkeypatch.setattr("dashboard.auth.gate.SESSIONS", SessionRegistry(clock=lambda: clock[0]))
    users = _users(tmp_path)
    users.add("dora", PASSWORD, Role.ANALYST)
    at = AppTest.from_file(APP, default_timeout=90)
    at.secrets["frontline"] = {"session_minutes": 0.05}  # 3 s
    _sign_in(at.run(), "dora", PASSWORD)
    assert set(WRITE_PANELS) <= set(_panels(at))
    clock[0] += 2.9
    at.run()
    assert set(WRITE_PANELS) <= set(_panels(at))  # not yet
    clock[0] += 0.2
    at.run()
    assert not set(WRITE_PANELS) & set(_panels(at))
    assert any("session has ended" in i.value for i in at.sidebar.info)
    at.secrets["frontline"] = {}
    _sign_in(at, "dora", PASSWORD)
    assert set(WRITE_PANELS) <= set(_panels(at))
    users.set_password("dora", "a brand new password")
    at.run()
    assert not set(WRITE_PANELS) & set(_panels(at))
