"""frontline fetch / watch / sources end to end on loopback: validators and runs kept in
the store, kill -9 mid-run then resume, two watch processes at once, sources.toml errors."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.errors import SourceConfigError
from geo.fetch.config import parse_config
from geo.fetch.deepstate import stored_snapshots
from geo.fetch.state import StoreLedger
from geo.ingest import read_deepstate
from geo.store import GeoPackageStore
from tests.common import ROOT
from tests.fetch.conftest import DATA, FIXTURE_IDS, fixture_snapshots, write_config

EXAMPLE = ROOT / "sources.example.toml"


def cli(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "dashboard", "--store", str(store), *args]


def test_fetch_twice_second_run_is_one_conditional_request(deepstate_api, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    store = tmp_path / "s.gpkg"
    config = write_config(tmp_path, deepstate_api.base_url)
    args = ["--store", str(store), "fetch", "deepstate", "--base-url",
            deepstate_api.base_url, "--config", str(config)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "deepstate: 2 stored" in out and f"stored snapshot {FIXTURE_IDS[1]}" in out
    deepstate_api.server.clear_log()
    assert main(args) == 0  # a new process would do the same: validators are in the store
    out = capsys.readouterr().out
    assert "0 stored" in out and "1 request(s)" in out and "nothing new" in out
    (listing,) = deepstate_api.requests()
    assert listing.headers["If-None-Match"] == deepstate_api.etag()
    assert "ops@example.org" in listing.headers["User-Agent"]
    assert main(["--store", str(store), "sources", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("deepstate (deepstate, every 6.0 h): ok; last success 20")
    with GeoPackageStore(store) as s:
        runs = StoreLedger(s).runs("deepstate")
        assert [r.result for r in runs] == ["ok", "ok"]
        assert runs[1].counts["stored"] == 2 and runs[0].counts["stored"] == 0
        assert runs[0].written_by.startswith("cli:fetch")


def test_failed_fetch_is_recorded_and_shown(deepstate_api, tmp_path, capsys):
    deepstate_api.snapshots = {FIXTURE_IDS[0]: b'{"type": "FeatureCollection", "feat'}
    store = tmp_path / "s.gpkg"
    config = write_config(tmp_path, deepstate_api.base_url)
    assert main(["--store", str(store), "fetch", "deepstate", "--base-url",
                 deepstate_api.base_url, "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"deepstate: snapshot {FIXTURE_IDS[0]} http://" in err and "truncated" in err
    assert main(["--store", str(store), "sources", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "OVERDUE; last success never" in out and "(error)" in out
    assert "last error: deepstate: snapshot" in out


def test_kill_9_mid_run_then_resume(deepstate_api, tmp_path):
    deepstate_api.snapshots = fixture_snapshots()
    first, second = FIXTURE_IDS
    gate = threading.Event()
    deepstate_api.hold[f"/api/history/{second}/geojson"] = gate
    store = tmp_path / "s.gpkg"
    config = write_config(tmp_path, deepstate_api.base_url)
    proc = subprocess.Popen(cli(store, "fetch", "deepstate", "--base-url",
                                deepstate_api.base_url, "--config", str(config)),
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # the first snapshot is stored, the second asked
            if f"/api/history/{second}/geojson" in deepstate_api.arrived:
                break
            assert proc.poll() is None, proc.stderr.read().decode()
            time.sleep(0.05)
        else:
            pytest.fail("the second snapshot was never requested")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        gate.set()
        if proc.poll() is None:
            proc.kill()
    with GeoPackageStore(store) as s:
        assert set(stored_snapshots(s)) == {first}
        (running,) = StoreLedger(s).runs("deepstate")
        assert running.result == "running"  # the killed run says so
    del deepstate_api.hold[f"/api/history/{second}/geojson"]
    deepstate_api.server.clear_log()
    assert main(["--store", str(store), "fetch", "deepstate", "--base-url",
                 deepstate_api.base_url, "--config", str(config)]) == 0
    assert deepstate_api.snapshot_requests() == [second]
    expected = read_deepstate([DATA / f"{i}.geojson" for i in FIXTURE_IDS]).zone_reports
    with GeoPackageStore(store) as s:
        assert sorted(r.id for r in s.zone_reports()) == sorted(r.id for r in expected)
        ok, killed = StoreLedger(s).runs("deepstate")
        assert ok.result == "ok" and killed.result == "error"
        assert killed.error.startswith("interrupted")


def test_two_watch_processes_never_run_one_source_at_once(deepstate_api, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    gate = threading.Event()
    deepstate_api.hold[f"/api/history/{FIXTURE_IDS[0]}/geojson"] = gate
    store = tmp_path / "s.gpkg"
    config = write_config(tmp_path, deepstate_api.base_url)
    GeoPackageStore(store, create=True).close()
    first = subprocess.Popen(cli(store, "watch", "--once", "--config", str(config)), cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while f"/api/history/{FIXTURE_IDS[0]}/geojson" not in deepstate_api.arrived:
            # the first watch is inside its run, holding the lock
            assert time.monotonic() < deadline and first.poll() is None
            time.sleep(0.05)
        # the second watch is this test process (the lock is the store's, across processes)
        assert main(["--store", str(store), "watch", "--once", "--config", str(config)]) == 0
        assert "deepstate: locked: another process runs this source" in capsys.readouterr().out
    finally:
        gate.set()
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert "deepstate: 2 stored" in out
    assert deepstate_api.snapshot_requests().count(FIXTURE_IDS[0]) == 1
    with GeoPackageStore(store) as s:
        ledger = StoreLedger(s)
        assert [r.result for r in ledger.runs("deepstate")] == ["ok"]  # one run, not two
        assert ledger.locks() == []


def test_watch_once_runs_only_what_is_due(deepstate_api, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    store = tmp_path / "s.gpkg"
    config = write_config(tmp_path, deepstate_api.base_url, every="1h")
    assert main(["--store", str(store), "watch", "--once", "--config", str(config)]) == 0
    assert "deepstate: 2 stored" in capsys.readouterr().out
    deepstate_api.server.clear_log()
    assert main(["--store", str(store), "watch", "--once", "--config", str(config)]) == 0
    assert "deepstate: not due: next at" in capsys.readouterr().out
    assert deepstate_api.requests() == []


def test_sources_toml_errors_name_file_source_and_field(tmp_path, capsys):
    cases = {
        '[sources.ds]\ntype = "deepstate"\nevery = "often"\n': "[sources.ds], field 'every'",
        '[sources.ds]\ntype = "deepstate"\nevery = "10s"\n': "from 1 minute to 30 days",
        '[sources.ds]\ntype = "wms"\nevery = "1h"\n': "[sources.ds], field 'type'",
        '[sources.f]\ntype = "feed"\nevery = "1h"\nurls = ["file:///etc/passwd"]\n':
            "[sources.f], field 'urls'",
        '[sources.f]\ntype = "feed"\nevery = "1h"\nurls = ["https://x/"]\nlanguage = "eng"\n':
            "field 'language'",
        '[http]\ncontact = "a\\nb"\n': "[http], field 'contact'",
        '[http]\nmin_interval = -1\n': "[http], field 'min_interval'",
        '[sources.ds]\ntype = "deepstate"\nevery = "1h"\nbase = "x"\n': "unknown field",
        'not toml [': "not valid TOML",
    }
    for text, expected in cases.items():
        with pytest.raises(SourceConfigError, match=None) as info:
            parse_config(text, path="my.toml")
        assert str(info.value).startswith("my.toml") and expected in str(info.value), text
    missing = tmp_path / "none.toml"
    assert main(["--store", str(tmp_path / "s.gpkg"), "watch", "--once", "--config",
                 str(missing)]) == 1
    assert f"{missing}: no such file" in capsys.readouterr().err


def test_the_example_sources_file_parses():
    config = parse_config(EXAMPLE.read_text(encoding="utf-8"), path=str(EXAMPLE))
    assert {"deepstate"} <= set(config.sources)
    assert config.http.contact and all(s.every.total_seconds() >= 60
                                       for s in config.sources.values())
