"""UCDP GED's JSON API on loopback: paged, the access token sent as a header and never in
an error, events stored once however often the pages are read."""

from __future__ import annotations

import json
from datetime import date

import pytest
from werkzeug import Response

from geo.errors import FetchError
from geo.fetch import UCDPSource, run_source

WRITER = "test:ucdp"
TOKEN = "s3cret-token"


def ged(i: int) -> dict:
    return {"id": 1000 + i, "relid": f"UKR-2022-1-{i}", "type_of_violence": 1,
            "dyad_name": "Government of Russia - Government of Ukraine",
            "side_a": "Government of Russia", "side_b": "Government of Ukraine",
            "source_office": "Reuters", "source_date": "2022-03-02",
            "source_headline": f"Shelling report {i}", "where_prec": 1,
            "where_coordinates": "Kharkiv town", "where_description": "Kharkiv",
            "latitude": 49.99 + i / 1000, "longitude": 36.23, "country": "Ukraine",
            "event_clarity": 1, "date_prec": 1, "date_start": "2022-03-01",
            "date_end": "2022-03-01", "best": 3, "low": 2, "high": 5}


@pytest.fixture
def api(httpserver):
    pages = [[ged(0), ged(1)], [ged(2)]]
    seen = []

    def handler(request):
        seen.append(request)
        if request.headers.get("x-ucdp-access-token") != TOKEN:
            return Response("token required", status=401)
        page = int(request.args["page"])
        next_url = "x" if page + 1 < len(pages) else None
        return Response(json.dumps({"TotalCount": 3, "TotalPages": len(pages),
                                    "NextPageUrl": next_url, "Result": pages[page]}),
                        content_type="application/json")

    httpserver.expect_request("/api/gedevents/25.1").respond_with_handler(handler)
    httpserver.seen = seen
    return httpserver


def source(api, client, **options):
    return UCDPSource(client=client, base_url=api.url_for("/api/gedevents"), **options)


def test_pages_are_stored_and_a_rerun_adds_nothing(api, client, store):
    result = run_source(source(api, client, token=TOKEN, country=369,
                               start_date=date(2022, 2, 24)), store, written_by=WRITER)
    assert result.events_added == 3 and result.stored == ["page 0", "page 1"]
    first = api.seen[0]
    assert first.args["Country"] == "369" and first.args["StartDate"] == "2022-02-24"
    assert first.args["pagesize"] == "1000"
    events = store.events_between(date(2022, 1, 1), date(2022, 12, 31))
    assert {e.layer for e in events} == {"ucdp"} and len(events) == 3
    assert events[0].place.lat == pytest.approx(49.99, abs=0.01)
    again = run_source(source(api, client, token=TOKEN), store, written_by=WRITER)
    assert again.events_added == 0 and again.unchanged == ["page 0", "page 1"]
    assert any(layer.licence == "CC BY 4.0" for layer in store.layers())


def test_a_refused_token_is_an_error_that_never_shows_it(api, client, store):
    with pytest.raises(FetchError, match="HTTP 401") as info:
        run_source(source(api, client, token="wrong-" + TOKEN), store, written_by=WRITER)
    assert TOKEN not in str(info.value) and "page 0" in str(info.value)


def test_a_bad_event_names_result_and_field(httpserver, client, store):
    bad = ged(0)
    bad["latitude"] = "north"
    httpserver.expect_request("/api/gedevents/25.1").respond_with_data(
        json.dumps({"TotalPages": 1, "Result": [bad]}), content_type="application/json")
    with pytest.raises(FetchError, match="result 0, field 'latitude'"):
        run_source(UCDPSource(client=client, base_url=httpserver.url_for("/api/gedevents"),
                              on_invalid="raise"), store, written_by=WRITER)
    assert store.date_range() is None



def test_watch_runs_a_configured_ucdp_source_with_its_token_from_the_environment(
        api, tmp_path, monkeypatch, capsys):
    from dashboard.cli import main
    from geo.errors import SourceConfigError
    from geo.fetch.config import parse_config

    config = tmp_path / "sources.toml"
    config.write_text(f'[http]\nmin_interval = 0\n\n[sources.ged]\ntype = "ucdp"\n'
                      f'every = "1d"\nbase_url = "{api.url_for("/api/gedevents")}"\n'
                      f'country = 369\ntoken_env = "UCDP_TOKEN"\n')
    monkeypatch.delenv("UCDP_TOKEN", raising=False)
    unset = str(tmp_path / "unset.gpkg")
    assert main(["--store", unset, "watch", "--once", "--config", str(config)]) == 1
    assert "UCDP_TOKEN (token_env) is not set" in capsys.readouterr().err
    monkeypatch.setenv("UCDP_TOKEN", TOKEN)
    store = str(tmp_path / "s.gpkg")
    assert main(["--store", store, "watch", "--once", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "ged: 2 stored" in out and "events 3 added" in out and TOKEN not in out
    assert main(["--store", store, "sources", "--config", str(config)]) == 0
    assert capsys.readouterr().out.startswith("ged (ucdp, every 24.0 h): ok")
    with pytest.raises(SourceConfigError, match="field 'token_env'"):
        parse_config('[sources.g]\ntype = "ucdp"\nevery = "1d"\ntoken_env = "abc-123"\n')
