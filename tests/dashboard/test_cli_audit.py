"""`frontline audit [--since D] [--user U]`: who wrote what, newest first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.models import Event, EventKind, Place
from geo.store import Batch, GeoPackageStore

ACLED = Path(__file__).parents[1] / "data" / "events" / "acled_sample.csv"
SPAN = (date(2000, 1, 1), date(2100, 1, 1))


def _as(monkeypatch: pytest.MonkeyPatch, user: str) -> None:
    """The OS user a CLI command records (getpass reads LOGNAME first)."""
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, user)


def _rows(out: str) -> list[str]:
    lines = out.strip().splitlines()
    assert lines[0].split() == ["WHEN", "(UTC)", "WHO", "WHAT", "ADDED", "BATCH"]
    return lines[1:]


@pytest.fixture
def store(tmp_path, monkeypatch, capsys) -> str:
    """A store seeded by ana, then an ACLED import by bob (and a dry run, not recorded)."""
    path = str(tmp_path / "s.gpkg")
    _as(monkeypatch, "ana")
    assert main(["--store", path, "seed"]) == 0
    _as(monkeypatch, "bob")
    assert main(["--store", path, "import", "events", str(ACLED), "--dry-run"]) == 0
    assert main(["--store", path, "import", "events", str(ACLED)]) == 0
    capsys.readouterr()
    return path


def test_audit_lists_each_write_newest_first(store, capsys):
    assert main(["--store", store, "audit"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 2  # the dry run stored nothing and is not listed
    imported, seeded = rows
    assert "cli:import (bob)" in imported and "[acled]" in imported and "5 events" in imported
    assert "cli:seed (ana)" in seeded and "[seed]" in seeded
    assert "1 article, 79 events, 57 zones" in seeded  # Bakhmut and Mosul seeds
    # the batch id shown is the one stamped on the rows that write stored
    with GeoPackageStore(store) as s:
        writers = {(e.layer, e.written_by, e.batch_id) for e in s.events_between(*SPAN)}
    assert writers == {("acled", "cli:import (bob)", imported.split()[-1]),
                       ("seed", "cli:seed (ana)", seeded.split()[-1])}


def test_audit_user_is_an_exact_match(store, capsys):
    assert main(["--store", store, "audit", "--user", "cli:seed (ana)"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 1 and "cli:seed (ana)" in rows[0]
    assert main(["--store", store, "audit", "--user", "ana"]) == 0
    assert "no writes recorded matching --since/--user" in capsys.readouterr().out


def test_audit_since_a_day(store, capsys):
    today = datetime.now(UTC).date()
    assert main(["--store", store, "audit", "--since", today.isoformat()]) == 0
    assert len(_rows(capsys.readouterr().out)) == 2
    tomorrow = (today + timedelta(days=1)).isoformat()
    assert main(["--store", store, "audit", "--since", tomorrow]) == 0
    assert "no writes recorded" in capsys.readouterr().out
    assert main(["--store", store, "audit", "--since", today.isoformat(), "--user",
                 "cli:import (bob)"]) == 0
    rows = _rows(capsys.readouterr().out)
    assert len(rows) == 1 and "cli:import (bob)" in rows[0]


def test_audit_bad_since_names_the_option(store, capsys):
    assert main(["--store", store, "audit", "--since", "2023-13-01"]) == 1
    assert "--since" in capsys.readouterr().err


def test_audit_of_an_empty_store_and_a_missing_one(tmp_path, capsys):
    path = tmp_path / "empty.gpkg"
    GeoPackageStore(path, create=True).close()
    assert main(["--store", str(path), "audit"]) == 0
    assert "no writes recorded" in capsys.readouterr().out
    assert main(["--store", str(tmp_path / "absent.gpkg"), "audit"]) == 1
    assert "absent.gpkg" in capsys.readouterr().err
    assert not (tmp_path / "absent.gpkg").exists()


def test_audit_shows_a_hostile_writer_inert(tmp_path, capsys):
    """Control characters in a writer (an identity from a sign-in provider) cannot drive the
    terminal or forge a row."""
    path = tmp_path / "s.gpkg"
    hostile = "user:\x1b[2J\x1b[31mroot\nFAKE ROW"
    with GeoPackageStore(path, create=True) as s:
        s.write(Batch(events=[Event(date(2023, 3, 1), Place("Bakhmut", 48.6, 38.0),
                                    EventKind.OTHER, "x", "s")], written_by=hostile))
    assert main(["--store", str(path), "audit"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and len(_rows(out)) == 1
    assert "user:\\x1b[2J\\x1b[31mroot\\x0aFAKE ROW" in out
    assert main(["--store", str(path), "audit", "--user", hostile]) == 0  # exact match
    assert len(_rows(capsys.readouterr().out)) == 1
