"""The scrubber's frame format (layers.frames): zones once per report, delta sets, columnar
events whose windows give back each day's snapshot, escaped text, the theatre's styles."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from shapely.geometry import box

from geo.models import ClaimStatus, EventKind, Side, ZoneReport
from geo.store import GeoPackageStore
from geo.theatre import DEFAULT_THEATRE
from geo.timeline import snapshot
from geo.zones import zoom_band
from layers.frames import FrameDay, build_frames, frames_json, payload_sizes, store_frames
from layers.style import SIDE_LABELS, event_opacity, zone_style
from tests.common import HOSTILE, make_hostile_store

START, END = date(2023, 2, 20), date(2023, 5, 25)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = make_hostile_store(tmp_path_factory.mktemp("frames") / "hostile.gpkg")
    with GeoPackageStore(path) as store:
        yield store


@pytest.fixture(scope="module")
def frames(hostile):
    return store_frames(hostile, START, END, band=zoom_band(10), window_days=7,
                        initial=date(2023, 3, 15))


def _members(frames) -> list[set[int]]:
    out, current = [], set()
    for delta in frames["sets"]:
        current = (current - set(delta["r"])) | set(delta["a"])
        out.append(current)
    return out


def _window(frames, i) -> list[int]:
    t, d = frames["t"][i], frames["ev"]["d"]
    return [j for j, dj in enumerate(d) if t - frames["window"] < dj <= t]


def test_every_day_of_the_range_with_the_initial_day(frames):
    assert frames["days"][0] == START.isoformat() and frames["days"][-1] == END.isoformat()
    assert frames["t"] == list(range((END - START).days + 1))
    assert frames["days"][frames["initial"]] == "2023-03-15"


def test_zones_are_sent_once_and_sets_are_deltas_giving_back_each_day(frames, hostile):
    members = _members(frames)
    assert len(frames["sets"]) == len(set(frames["z"]))  # one set per change, reused
    assert frames["z"] == sorted(frames["z"])
    for i, day in enumerate(frames["days"]):
        stored = {(z.side, z.valid_from.isoformat()) for z in
                  hostile.zones_at(date.fromisoformat(day), theatre=DEFAULT_THEATRE)}
        drawn = {(frames["zones"][j]["side"], frames["zones"][j]["tip"].rsplit(" ", 1)[-1])
                 for j in members[frames["z"][i]]}
        assert drawn == stored, day
    zone_count = sum(len(s["a"]) for s in frames["sets"])
    assert zone_count == len(frames["zones"]), "each zone entry is added once"


def test_a_later_date_lists_only_the_reports_that_changed():
    a = ZoneReport("a", Side.RUSSIAN, date(2023, 3, 1), box(38.0, 48.0, 38.1, 48.1), "t")
    b = ZoneReport("b", Side.UKRAINIAN, date(2023, 3, 1), box(38.1, 48.0, 38.2, 48.1), "t")
    c = ZoneReport("b", Side.CONTESTED, date(2023, 3, 3), box(38.1, 48.0, 38.2, 48.1), "t")
    days = [FrameDay(date(2023, 3, 1), (a, b)), FrameDay(date(2023, 3, 2), (a, b)),
            FrameDay(date(2023, 3, 3), (a, c)), FrameDay(date(2023, 3, 4), (a, c))]
    frames = build_frames(days, [], window_days=3)
    assert [z["side"] for z in frames["zones"]] == ["russian", "ukrainian", "contested"]
    assert [(s["a"], s["r"]) for s in frames["sets"]] == [([0, 1], []), ([2], [1])]
    assert frames["z"] == [0, 0, 1, 1] and frames["initial"] == 0
    assert frames["ev"]["x"] == [] and frames["dates"] == []


def test_events_in_each_window_are_the_days_snapshot(frames, hostile):
    ev = frames["ev"]
    assert ev["d"] == sorted(ev["d"])
    assert len({len(col) for col in ev.values()}) == 1
    for i in range(0, len(frames["days"]), 9):
        day = date.fromisoformat(frames["days"][i])
        snap = snapshot(hostile, day, window_days=7)
        shown = sorted((round(ev["x"][j], 4), round(ev["y"][j], 4), frames["kinds"][ev["k"][j]][0])
                       for j in _window(frames, i))
        expected = sorted((round(e.place.lon, 4), round(e.place.lat, 4), e.kind.value)
                          for e in snap.events)
        assert shown == expected, day
    # popup date text and confidence as the app shows them
    j = 0
    assert frames["dates"][ev["d"][j] - frames["d0"]] == (
        date.fromisoformat(frames["epoch"]) + timedelta(days=ev["d"][j])).isoformat()
    assert all(0 <= c <= 100 for c in ev["cf"])


def test_styles_and_sides_come_with_the_frames(frames):
    assert frames["sides"][Side.CONTESTED.value]["style"] == zone_style(Side.CONTESTED)
    assert frames["sides"][Side.RUSSIAN.value]["label"] == SIDE_LABELS[Side.RUSSIAN]
    assert [o for o, _ in frames["opacity"]] == [event_opacity(a, 7) for a in range(7)]
    ns = len(frames["statuses"])
    key = list(EventKind).index(EventKind.SHELLING_STRIKE) * ns + list(ClaimStatus).index(
        ClaimStatus.CLAIMED)
    assert frames["styles"][key] is None or frames["styles"][key]["dash"] == [3.0, 2.0]
    for j in range(len(frames["ev"]["x"])):
        assert frames["styles"][frames["ev"]["k"][j] * ns + frames["ev"]["st"][j]] is not None


def test_hostile_text_is_escaped_and_the_json_is_script_safe(frames):
    text = frames_json(frames)
    assert "<script" not in text and "</" not in text and "${alert(7)}" not in text
    assert any("&lt;script&gt;alert(2)" in s for s in frames["str"]), HOSTILE
    assert any("&#36;&#123;alert(7)&#125;" in s for s in frames["str"])
    raw, packed = payload_sizes(frames)
    assert raw == len(text.encode()) and 0 < packed < raw
    assert json.loads(text)["v"] == frames["v"]


def test_bad_ranges_are_refused(hostile):
    with pytest.raises(ValueError, match="at least one day"):
        build_frames([], [], window_days=7)
    day = FrameDay(date(2023, 3, 1), ())
    with pytest.raises(ValueError, match="ascending"):
        build_frames([day, day], [], window_days=7)
    with pytest.raises(ValueError, match="window_days"):
        build_frames([day], [], window_days=0)
    with pytest.raises(ValueError, match="before it starts"):
        store_frames(hostile, END, START, band=2, window_days=7)
