"""``frontline extract``: JSON lines in, proposed events out, streaming, bad input (issue 15)."""

from __future__ import annotations

import io
import json
from argparse import Namespace

from dashboard.cli import build_parser
from dashboard.commands.extract import _run as extract_run

EVENT_KEYS = {"day", "kind", "place", "claim_status", "claimed_by", "actors", "quote",
              "precision"}


def run_extract(lines: list[bytes]) -> list[dict]:
    out = io.StringIO()
    assert extract_run(Namespace(store=None), stdin=io.BytesIO(b"\n".join(lines)),
                       stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_output_format():
    text = ("Russia's defence ministry claimed its troops had taken Marinka on Tuesday, a claim "
            "Kyiv denied. Xi Jinping arrived in Moscow on Monday for a state visit from 18 to 20 "
            "September. Vladimir Putin will visit Minsk next week, the Kremlin said.")
    (record,) = run_extract([json.dumps({"id": "a1", "text": text, "date": "2023-09-20",
                                         "title": "Marinka"}).encode()])
    assert record["id"] == "a1" and "error" not in record
    events = {e["place"]["name"]: e for e in record["events"]}
    assert set(events) == {"Mar'yinka", "Moscow", "Minsk"}
    for event in record["events"]:
        assert EVENT_KEYS <= set(event) <= EVENT_KEYS | {"end_day", "denied_by"}
        assert set(event["place"]) == {"name", "lat", "lon"}
        start, end = event["quote"]["start"], event["quote"]["end"]
        assert 0 <= start < end <= len(text) and event["place"]["name"] != "Kyiv"
    marinka = events["Mar'yinka"]
    assert marinka == {**marinka, "day": "2023-09-19", "kind": "capture_claim",
                       "claim_status": "disputed", "denied_by": "Kyiv"}
    assert text[marinka["quote"]["start"]:marinka["quote"]["end"]].startswith("Russia's")
    assert events["Moscow"]["day"] == "2023-09-18" and events["Moscow"]["end_day"] == "2023-09-20"
    assert "end_day" not in marinka and "denied_by" not in events["Moscow"]
    minsk = events["Minsk"]
    assert (minsk["claim_status"], minsk["claimed_by"], minsk["day"], minsk["precision"]) == (
        "planned", "Kremlin", "2023-09-25", "week")


def test_extract_bad_lines_get_an_error_naming_the_field_and_the_stream_goes_on():
    records = run_extract([
        b"not json", b"[1, 2]", b'{"id": 3, "date": "2023-09-20"}',
        b'{"id": 4, "text": "Shelling hit Kherson."}',
        b'{"id": 5, "text": "Shelling hit Kherson.", "date": "2023-02-30"}',
        b'{"id": 6, "text": "Shelling hit Kherson.", "date": "2023-09-20", "title": 7}', b"",
        b'{"id": 7, "text": "Shelling hit \xff Kherson.", "date": "2023-09-20"}',
        b'{"id": 8, "text": "Nothing happened.", "date": "2023-09-20T08:00:00Z"}'])
    assert [r["id"] for r in records] == [None, None, 3, 4, 5, 6, 7, 8]
    assert all(r["events"] == [] and "error" in r for r in records[:6])
    assert "line 1" in records[0]["error"] and "field 'text'" in records[2]["error"]
    assert "field 'date'" in records[3]["error"] and "field 'date'" in records[4]["error"]
    assert "line 6" in records[5]["error"] and "field 'title'" in records[5]["error"]
    assert [e["place"]["name"] for e in records[6]["events"]] == ["Kherson"]
    assert records[7] == {"id": 8, "events": []}


def test_extract_is_registered():
    args = build_parser().parse_args(["extract"])
    assert args.command == "extract"


def test_extract_streams_one_line_per_input_line(piped_main):
    proc = piped_main(["extract"])
    proc.stdin.write(json.dumps({"id": 1, "text": "Shelling hit Bakhmut on Monday.",
                                 "date": "2023-03-14"}) + "\n")
    proc.stdin.flush()
    first = json.loads(proc.readline())  # answered before stdin is closed
    assert first["events"][0]["place"]["name"] == "Bakhmut"
    assert first["events"][0]["day"] == "2023-03-13"
    proc.stdin.write(json.dumps({"id": 2, "text": "Nothing here.", "date": "2023-03-14"})
                     + "\n")
    proc.stdin.close()
    assert json.loads(proc.readline()) == {"id": 2, "events": []}
    assert proc.wait(60) == 0
