"""AppTest: what the app stores records who wrote it, the identity of the sign-in
(``dashboard.auth.gate.current_writer``), in the rows and in the audit table."""

from __future__ import annotations

import getpass
import shutil
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth.roles import Role
from dashboard.auth.users import UsersFile
from geo.store import GeoPackageStore

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")
PASSWORD = "another-s3cret-of-the-analyst"


@pytest.fixture
def store_copy(seeded_store_path, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "copy.gpkg"
    shutil.copy(seeded_store_path, path)
    monkeypatch.setenv("FRONTLINE_STORE", str(path))
    monkeypatch.setenv("FRONTLINE_USERS_FILE", str(tmp_path / "users.json"))
    for name in ("FRONTLINE_READ_ONLY", "FRONTLINE_LOCAL_ANALYST"):
        monkeypatch.delenv(name, raising=False)
    return path


def _zone_save_script() -> None:
    """The zone editor's save, as the app calls it."""
    from datetime import date

    from dashboard.environment import store_location
    from dashboard.zone_editor import _save
    from geo.models import Side
    from geo.store import open_store

    with open_store(store_location()) as store:
        _save(store, {"type": "Polygon", "coordinates": [[[37.90, 48.55], [37.95, 48.55],
              [37.95, 48.60], [37.90, 48.60], [37.90, 48.55]]]}, side=Side.RUSSIAN,
              valid_from=date(2023, 5, 20), zone_id="drawn-by-me", source="my notes",
              note="", on_invalid="fix", others=[])


def test_drawn_zone_records_the_local_analyst(store_copy, monkeypatch):
    monkeypatch.setenv("FRONTLINE_LOCAL_ANALYST", "1")
    at = AppTest.from_function(_zone_save_script, default_timeout=60).run()
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
