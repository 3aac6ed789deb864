"""The ``frontline`` CLI: exit codes and output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from dashboard.cli import main
from geo.store import GeoPackageStore


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for command in ("seed", "serve", "info", "--store"):
        assert command in out


def test_seed_builds_then_refreshes_idempotently(tmp_path, capsys):
    path = tmp_path / "new" / "f.gpkg"
    assert main(["--store", str(path), "seed"]) == 0
    first = capsys.readouterr().out
    assert "zone reports added" in first and "data from 2023-01-" in first
    with GeoPackageStore(path) as store:
        version = store.data_version()
        counts = (len(store.zone_reports()), len(store.articles()))
    assert counts[0] >= 24 and counts[1] == 1
    assert main(["--store", str(path), "seed"]) == 0
    assert "0 articles, 0 events, 0 zone reports added" in capsys.readouterr().out
    with GeoPackageStore(path) as store:
        assert store.data_version() == version


def test_store_from_environment(tmp_path, monkeypatch, capsys):
    path = tmp_path / "env.gpkg"
    monkeypatch.setenv("FRONTLINE_STORE", str(path))
    assert main(["seed"]) == 0
    assert path.exists()
    assert main(["info"]) == 0
    assert str(path) in capsys.readouterr().out


def test_corrupt_store_exit_code_and_message_naming_file(tmp_path, capsys):
    path = tmp_path / "broken.gpkg"
    path.write_bytes(b"garbage" * 1000)
    assert main(["--store", str(path), "seed"]) == 1
    err = capsys.readouterr().err
    assert "broken.gpkg" in err and "error" in err
    assert path.read_bytes() == b"garbage" * 1000


def test_serve_refuses_a_missing_store(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "absent.gpkg"), "serve"]) == 1
    assert "absent.gpkg" in capsys.readouterr().err


def test_console_script_runs_without_streamlit_import(tmp_path):
    code = ("import sys; from dashboard.cli import main; main(['--help']) if False else None; "
            "import dashboard.cli; assert 'streamlit' not in sys.modules, 'CLI imported streamlit'")
    subprocess.run([sys.executable, "-c", code], check=True)
