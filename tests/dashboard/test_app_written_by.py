"""AppTest: what the app stores records who wrote it, the identity of the sign-in
(``dashboard.auth.gate.current_writer``), in the rows and in the audit table."""

from __future__ import annotations

import getpass
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.roles import Role
from dashboard.auth.users import UsersFile
from geo.store import GeoPackageStore
from tests.common import zone_save_script

pytestmark = pytest.mark.usefixtures("cheap_password_hashing")  # conftest

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "another-s3cret-of-the-analyst"




def test_drawn_zone_records_the_local_analyst(store_copy, monkeypatch):
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")
    at = AppTest.from_function(zone_save_script, args=("drawn-by-me", "my notes"),
                               default_timeout=60).run()
    assert not at.error, [e.value for e in at.error]
    writer = f"local-analyst:{getpass.getuser()}"
    with GeoPackageStore(store_copy) as store:
        (zone,) = [z for z in store.zone_reports() if z.zone_id == "drawn-by-me"]
        newest = store.audit()[0]
    assert (zone.layer, zone.written_by, zone.batch_id) == ("drawn", writer, newest.batch_id)
    assert (newest.written_by, newest.zones, newest.layers) == (writer, 1, ("drawn",))


def test_reviewed_article_records_the_signed_in_user(store_copy, tmp_path):
    UsersFile(tmp_path / "users.json").add("alice", PASSWORD, Role.ANALYST)
    at = AppTest.from_file(APP, default_timeout=90).run()
    at.text_input(key="auth_user").input("alice")
    at.text_input(key="auth_password").input(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    at.run()
    at.session_state["panel"] = "Review an article"
    at.run()
    at.text_area(key="review_text").input(
        "Russian forces shelled Bakhmut on 12 March, officials said.").run()
    at.text_input(key="review_source").input("Audit wire").run()
    at.button(key="review_save").click().run()
    assert not at.exception
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    with GeoPackageStore(store_copy) as store:
        events = [e for e in store.events_between(date(2023, 1, 1), date(2023, 12, 31))
                  if e.source == "Audit wire"]
        (article,) = [a for a in store.articles() if a.source == "Audit wire"]
        newest = store.audit()[0]
    assert events and {(e.written_by, e.batch_id) for e in events} == {
        ("user:alice", newest.batch_id)}
    assert (article.written_by, article.batch_id) == ("user:alice", newest.batch_id)
    assert (newest.written_by, newest.articles, newest.events) == (
        "user:alice", 1, len(events))
