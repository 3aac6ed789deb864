"""Live sources into a named theatre, on loopback: ``fetch deepstate --theatre``, ``fetch feed
--theatre`` and ``theatre = "NAME"`` in ``sources.toml`` (checked before anything is fetched:
a theatre the store lacks, or one without DeepState's sides, stores nothing)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.errors import InputError, SourceConfigError
from geo.fetch import DeepStateSource, run_source
from geo.fetch.config import parse_config
from geo.fetch.deepstate import stored_snapshots
from geo.fetch.state import StoreLedger
from geo.store import GeoPackageStore
from geo.store.base import EventFilter
from geo.theatre import DEFAULT_THEATRE
from tests.common import MINIMAL_THEATRE_TOML
from tests.fetch.conftest import FIXTURE_IDS, fixture_snapshots, serve_feed, write_config

#: A theatre with DeepState's sides (russian, ukrainian, contested).
DONBAS_TOML = (MINIMAL_THEATRE_TOML.replace('name = "testland"', 'name = "donbas-2024"')
               .replace('id = "government"', 'id = "russian"')
               .replace('id = "rebels"', 'id = "ukrainian"'))


def _add(store: Path, tmp_path: Path, text: str, name: str) -> None:
    toml = tmp_path / f"{name}.toml"
    toml.write_text(text, encoding="utf-8")
    assert main(["--store", str(store), "theatre", "add", str(toml)]) == 0


@pytest.fixture
def theatres(tmp_path, capsys) -> Path:
    """A store with donbas-2024 (DeepState's sides) and testland (other sides)."""
    store = tmp_path / "s.gpkg"
    _add(store, tmp_path, DONBAS_TOML, "donbas")
    _add(store, tmp_path, MINIMAL_THEATRE_TOML, "testland")
    capsys.readouterr()
    return store


def test_fetch_deepstate_into_a_named_theatre(deepstate_api, theatres, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    config = write_config(tmp_path, deepstate_api.base_url)
    assert main(["--store", str(theatres), "fetch", "deepstate", "--base-url",
                 deepstate_api.base_url, "--config", str(config), "--theatre",
                 "Donbas 2024"]) == 0  # the id form of the name, as import takes it
    assert "deepstate: 2 stored" in capsys.readouterr().out
    with GeoPackageStore(theatres) as s:
        reports = s.zone_reports()
        assert reports and {r.theatre for r in reports} == {"donbas-2024"}
        assert {r.side for r in reports} <= {"russian", "ukrainian", "contested"}
        assert s.zone_reports(theatre=DEFAULT_THEATRE) == []
        assert set(stored_snapshots(s)) == set(FIXTURE_IDS)
        assert s.date_range("donbas-2024") is not None and s.date_range(DEFAULT_THEATRE) is None


def test_fetch_deepstate_refuses_a_theatre_without_its_sides(deepstate_api, theatres,
                                                            client, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    config = write_config(tmp_path, deepstate_api.base_url)
    args = ["--store", str(theatres), "fetch", "deepstate", "--base-url",
            deepstate_api.base_url, "--config", str(config)]
    assert main([*args, "--theatre", "testland"]) == 1
    err = capsys.readouterr().err
    assert "field '--theatre'" in err and "theatre 'testland' has no side 'russian'" in err
    assert "government, rebels, contested" in err
    assert main([*args, "--theatre", "nowhere"]) == 1
    err = capsys.readouterr().err
    assert "field '--theatre'" in err and "no theatre 'nowhere'" in err
    assert deepstate_api.requests() == []  # refused before any request
    with GeoPackageStore(theatres) as s:
        assert s.zone_reports() == []
        assert StoreLedger(s).runs("deepstate") == []  # and before any run is recorded
        # the library refuses it too, before fetching anything
        source = DeepStateSource(client=client, base_url=deepstate_api.base_url,
                                 theatre="testland")
        with pytest.raises(InputError, match="has no side 'russian'") as info:
            run_source(source, s, written_by="test")
        assert info.value.field == "theatre"
        assert s.zone_reports() == [] and client.requests == 0


def test_fetch_feed_into_a_named_theatre(httpserver, theatres, tmp_path, capsys):
    url = serve_feed(httpserver)
    config = tmp_path / "sources.toml"
    config.write_text('[http]\ncontact = "ops@example.org"\nmin_interval = 0\n')
    args = ["--store", str(theatres), "fetch", "feed", url, "--source", "wire", "--language",
            "en", "--config", str(config)]
    assert main([*args, "--theatre", "nowhere"]) == 1
    assert "field '--theatre'" in capsys.readouterr().err
    assert [r for r, _ in httpserver.log] == []
    assert main([*args, "--theatre", "testland"]) == 0
    assert "wire: 2 stored" in capsys.readouterr().out
    with GeoPackageStore(theatres) as s:
        ledger = StoreLedger(s)
        queued = ledger.queue()
        assert {p.event.place.name for p in queued} == {"Bakhmut", "Soledar"}
        assert {p.event.theatre for p in queued} == {"testland"}  # kept in the queue
        ledger.accept(queued[0], decided_by="user:analyst")  # stored where it was proposed
        span = (date(2023, 3, 1), date(2023, 3, 31))
        (accepted,) = s.events_between(*span)
        assert accepted.theatre == "testland" and accepted.id == queued[0].event.id
        assert s.events_between(*span, filters=EventFilter(theatre=DEFAULT_THEATRE)) == []


def test_fetch_feed_auto_accepted_events_are_stored_in_the_theatre(httpserver, theatres,
                                                                   tmp_path, capsys):
    url = serve_feed(httpserver)
    config = tmp_path / "sources.toml"
    config.write_text('[http]\ncontact = "ops@example.org"\nmin_interval = 0\n')
    assert main(["--store", str(theatres), "fetch", "feed", url, "--source", "wire",
                 "--language", "en", "--auto-accept", "0", "--theatre", "testland",
                 "--config", str(config)]) == 0
    with GeoPackageStore(theatres) as s:
        events = s.events_between(date(2023, 3, 1), date(2023, 3, 31))
        assert {e.place.name for e in events} == {"Bakhmut", "Soledar"}
        assert {e.theatre for e in events} == {"testland"}
        assert len(s.articles()) == 2


def test_fetch_feed_geoparses_for_the_theatre(httpserver, tmp_path, capsys):
    """The theatre's countries are tried first for an ambiguous name (Ana: Iraq), as
    ``ingest --theatre`` does."""
    store = tmp_path / "s.gpkg"
    _add(store, tmp_path, MINIMAL_THEATRE_TOML.replace(
        'title = "Battle of Testland, 2024"', 'title = "Iraq"\ncountries = ["IQ"]'), "iraq")
    url = serve_feed(httpserver, [("Fighting at Ana", "Fighting was reported in Ana on Monday, "
                                                 "the military said.")])
    config = tmp_path / "sources.toml"
    config.write_text('[http]\ncontact = "ops@example.org"\nmin_interval = 0\n')
    assert main(["--store", str(store), "fetch", "feed", url, "--source", "wire", "--language",
                 "en", "--config", str(config), "--theatre", "testland"]) == 0
    with GeoPackageStore(store) as s:
        queued = StoreLedger(s).queue()
    assert queued and {(p.event.place.country_code, p.event.theatre) for p in queued} == {
        ("IQ", "testland")}  # 'Anah, Iraq


def _watch_config(tmp_path: Path, base_url: str, theatre: str) -> Path:
    path = write_config(tmp_path, base_url)
    path.write_text(path.read_text(encoding="utf-8") + f'theatre = "{theatre}"\n',
                    encoding="utf-8")
    return path


def test_sources_toml_theatre_key(tmp_path):
    good = parse_config('[sources.ds]\ntype = "deepstate"\nevery = "1h"\n'
                        'theatre = "Donbas 2024"\n[sources.f]\ntype = "feed"\nevery = "1h"\n'
                        'urls = ["https://x/"]\ntheatre = "testland"\n'
                        '[sources.u]\ntype = "ucdp"\nevery = "7d"\n', path="my.toml")
    assert good.sources["ds"].options["theatre"] == "donbas-2024"
    assert good.sources["f"].options["theatre"] == "testland"
    assert "theatre" not in good.sources["u"].options  # the default theatre
    for bad in ("5", '""', '"../etc"', '["testland"]'):
        with pytest.raises(SourceConfigError) as info:
            parse_config(f'[sources.ds]\ntype = "deepstate"\nevery = "1h"\ntheatre = {bad}\n',
                         path="my.toml")
        assert str(info.value).startswith("my.toml: [sources.ds], field 'theatre'"), bad


def test_watch_writes_into_the_configured_theatre(deepstate_api, theatres, tmp_path, capsys):
    deepstate_api.snapshots = fixture_snapshots()
    config = _watch_config(tmp_path, deepstate_api.base_url, "donbas-2024")
    assert main(["--store", str(theatres), "watch", "--once", "--config", str(config)]) == 0
    assert "deepstate: 2 stored" in capsys.readouterr().out
    with GeoPackageStore(theatres) as s:
        assert {r.theatre for r in s.zone_reports()} == {"donbas-2024"}


@pytest.mark.parametrize(("theatre", "expected"), [
    ("nowhere", "no theatre 'nowhere' in the store"),
    ("testland", "theatre 'testland' has no side 'russian'"),
])
def test_watch_refuses_a_bad_theatre_naming_file_and_key(deepstate_api, theatres, tmp_path,
                                                         capsys, theatre, expected):
    deepstate_api.snapshots = fixture_snapshots()
    config = _watch_config(tmp_path, deepstate_api.base_url, theatre)
    assert main(["--store", str(theatres), "watch", "--once", "--config", str(config)]) == 1
    err = capsys.readouterr().err
    assert f"{config}: [sources.deepstate], field 'theatre': " in err and expected in err
    assert deepstate_api.requests() == []
    with GeoPackageStore(theatres) as s:
        assert s.zone_reports() == [] and StoreLedger(s).runs("deepstate") == []
