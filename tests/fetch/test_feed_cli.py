"""frontline fetch feed end to end: articles counted by frontline info, events in the
review queue kept in the store, nothing added by a re-run."""

from __future__ import annotations

from dashboard.cli import main
from geo.fetch.state import StoreLedger
from geo.store import GeoPackageStore
from tests.fetch.conftest import serve_feed


def test_fetch_feed_stores_articles_and_queues_events(httpserver, tmp_path, capsys):
    url = serve_feed(httpserver, headers={"ETag": '"r1"'})
    store = tmp_path / "s.gpkg"
    config = tmp_path / "sources.toml"
    config.write_text('[http]\ncontact = "ops@example.org"\nmin_interval = 0\n')
    args = ["--store", str(store), "fetch", "feed", url, "--source", "wire",
            "--language", "en", "--config", str(config)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "wire: 2 stored" in out and "articles 2 added" in out
    assert main(["--store", str(store), "info"]) == 0
    assert "articles: 2" in capsys.readouterr().out
    with GeoPackageStore(store) as s:
        queued = StoreLedger(s).queue()
        assert {p.event.place.name for p in queued} == {"Bakhmut", "Soledar"}
        assert all(p.source == "feed-wire" and p.written_by.startswith("cli:fetch")
                   for p in queued)
        assert s.date_range() is None  # no event on the map before review
    assert main(args) == 0
    assert "0 stored" in capsys.readouterr().out
    with GeoPackageStore(store) as s:
        assert len(s.articles()) == 2 and len(StoreLedger(s).queue()) == 2


def test_bad_feed_options_are_usage_errors(tmp_path, capsys):
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "fetch", "feed", "http://127.0.0.1:9/x", "--source",
                 "../x"]) == 2
    assert "source name" in capsys.readouterr().err
