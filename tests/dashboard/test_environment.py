"""Settings from the environment are read by the entry points and passed to the core."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import cli, frame
from dashboard.environment import CACHE_ENV, configure_gazetteer_cache, gazetteer_cache_dir
from geo import gazetteer
from geo.lru import LRUCache
from layers import events


@pytest.fixture(autouse=True)
def _restore_cache_dir():
    yield
    gazetteer.set_cache_dir(None)


def test_cache_dir_from_the_environment():
    assert gazetteer_cache_dir({CACHE_ENV: "/x/cache"}) == Path("/x/cache")
    assert gazetteer_cache_dir({CACHE_ENV: "/x/cache", "XDG_CACHE_HOME": "/y"}) == \
        Path("/x/cache")
    assert gazetteer_cache_dir({"XDG_CACHE_HOME": "/y"}) == Path("/y/frontline")
    assert gazetteer_cache_dir({}) is None


def test_configure_passes_the_directory_to_the_gazetteer(tmp_path):
    assert configure_gazetteer_cache({CACHE_ENV: str(tmp_path)}) == tmp_path
    assert gazetteer.cache_path().parent == tmp_path
    configure_gazetteer_cache({})
    assert gazetteer.resolve_cache_dir() == gazetteer.DEFAULT_CACHE_DIR.expanduser()
    assert gazetteer.cache_path(tmp_path / "other").parent == tmp_path / "other"


def test_the_cli_honours_the_cache_variable(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "gaz"))
    cli.main(["--store", str(tmp_path / "absent.gpkg"), "info"])  # fails: no such store
    capsys.readouterr()
    assert gazetteer.resolve_cache_dir() == tmp_path / "gaz"


def test_the_frame_and_event_caches_use_the_shared_lru_with_their_bounds():
    assert isinstance(frame._front_cache, LRUCache) and frame._front_cache.maxsize == 256
    assert isinstance(events._features, LRUCache) and events._features.maxsize == 100_000
