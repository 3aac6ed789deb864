"""Server-side cost of a day's folium layers alone vs a full map rebuild.

The app's map no longer takes this path (its scrubber draws frames sent once: bench/scrub.py
measures it); the exports still draw each day's map with these builders, and this was the
app's slider step before the map component.

Both are measured in this process over the same days, so machine noise cancels in the ratio.
The frame path is the app's: store query → side/layer selection and cached display geometry
→ day layer (zones + events as one GeoJson) + overlays (front line) → the feature-group
string st_folium sends. The baseline rebuilds and serialises the whole map for each day.

    .venv/bin/python bench/slider.py                # the seeds
    .venv/bin/python bench/slider.py --big          # + 16 DeepState snapshots + 2,000 events/week
    .venv/bin/python bench/slider.py --store PATH   # any store
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit_folium import _get_feature_group_string, _get_map_string  # noqa: E402

from bench.bigstore import build as build_big  # noqa: E402
from dashboard.args import iso_day  # noqa: E402
from dashboard.frame import shown_front_line, shown_snapshot, warm_frames  # noqa: E402
from dashboard.seeding import seed_store  # noqa: E402
from dashboard.state import ViewState  # noqa: E402
from geo.store import GeoPackageStore, Store  # noqa: E402
from geo.timeline import snapshot  # noqa: E402
from layers import base_map, day_layer  # noqa: E402
from layers.overlays import overlay_group  # noqa: E402

log = logging.getLogger("bench.slider")


def _groups(store: Store, day: date) -> list:
    state = ViewState(day=day)
    shown = shown_snapshot(snapshot(store, day, window_days=state.window_days), state)
    return [day_layer(shown), overlay_group(front=shown_front_line(shown, state.zoom))]


def frame_update(store: Store, day: date, base) -> str:
    """A slider move: query, build the day's groups, serialise them for st_folium.

    ``base`` is the fixed base map, built outside the timer: it does not change with the
    day, and st_folium keeps the mounted map when its script is unchanged.
    """
    return "".join(_get_feature_group_string(group, base, idx)
                   for idx, group in enumerate(_groups(store, day)))


def full_rebuild(store: Store, day: date) -> str:
    """The naive alternative: the whole map rebuilt and serialised on every move."""
    m = base_map()
    for group in _groups(store, day):
        group.add_to(m)
    return _get_map_string(m)


def _median_ms(fn: Callable[..., object], days: list[date],
               prepare: Callable[[], object] | None = None) -> tuple[float, int]:
    samples = []
    for day in days:
        args = (day,) if prepare is None else (day, prepare())
        start = time.perf_counter()
        fn(*args)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), len(samples)


def run(store: Store, steps: int, end: date | None = None) -> dict[str, float]:
    first, last = store.date_range()
    last = min(last, end) if end else last
    start = max(first, last - timedelta(days=steps - 1))
    days = [start + timedelta(days=i) for i in range((last - start).days + 1)]
    warmed = time.perf_counter()
    warm_frames(store)  # the app does this once per data version, in the background
    warm_s = time.perf_counter() - warmed
    frame_update(store, days[0], base_map())  # imports, templates
    full_rebuild(store, days[0])
    query, n = _median_ms(lambda d: snapshot(store, d), days)
    frame, _ = _median_ms(lambda d, b: frame_update(store, d, b), days, base_map)
    full, _ = _median_ms(lambda d: full_rebuild(store, d), days)
    events = len(snapshot(store, last).events)  # the default 7-day window
    return {"query": query, "frame": frame, "full": full, "ratio": full / frame,
            "days": n, "warm_s": warm_s, "events_last_day": events}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20, help="consecutive days measured")
    parser.add_argument("--end", type=iso_day, default=date(2023, 6, 30),
                        help="last day measured (default: end of the Bakhmut window)")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--store", type=Path, help="an existing store")
    source.add_argument("--big", action="store_true",
                        help="seeds + 16 DeepState snapshots + 2,000 synthetic events a week")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = GeoPackageStore(args.store)
        elif args.big:
            store = build_big(Path(tmp) / "big.gpkg")
        else:
            store = GeoPackageStore(Path(tmp) / "seeds.gpkg", create=True)
            seed_store(store, written_by="bench")
        with store:
            figures = run(store, args.steps, args.end)
            print(f"store: {store.location}: {len(store.zone_reports())} zone reports; "
                  f"{figures['events_last_day']} events in the 7-day window of the last day")
    print(f"display cache warmed once in {figures['warm_s']:.2f} s (background in the app)")
    print(f"store query (zones_at + events_between), median: {figures['query']:.1f} ms")
    print(f"frame build (query -> day layers -> st_folium string), median over "
          f"{figures['days']} days: {figures['frame']:.1f} ms   target <= 150 ms")
    print(f"full map rebuild (same + whole map), median: {figures['full']:.1f} ms")
    print(f"ratio full rebuild / frame build: {figures['ratio']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
