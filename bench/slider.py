"""Server-side cost of a slider move: the day's layer alone vs a full map rebuild.

Prints medians over every report date of the seeded store (built in a temp dir) and the
ratio, both measured in this process, so machine noise cancels out.

    .venv/bin/python bench/slider.py [--repeat N] [--store PATH]
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streamlit_folium import _get_feature_group_string, _get_map_string  # noqa: E402

from dashboard.seeding import seed_store  # noqa: E402
from geo.store import GeoPackageStore, Store  # noqa: E402
from geo.timeline import snapshot  # noqa: E402
from layers import base_map, day_layer, full_map  # noqa: E402

log = logging.getLogger("bench.slider")


def _median_ms(fn: Callable[..., object], days: list, repeat: int,
               prepare: Callable[[], object] | None = None) -> float:
    """Median wall time of ``fn(day[, prepared])``; ``prepare`` runs outside the timer."""
    samples = []
    for _ in range(repeat):
        for day in days:
            args = (day,) if prepare is None else (day, prepare())
            start = time.perf_counter()
            fn(*args)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def frame_update(store: Store, day, base) -> str:
    """What a slider move adds: query, build the day's group, serialise it for st_folium.

    ``base`` is the fixed base map (built outside the timer: it does not change with the day,
    and st_folium keeps the mounted map when its script is unchanged).
    """
    group = day_layer(snapshot(store, day))
    return _get_feature_group_string(group, base)


def full_rebuild(store: Store, day) -> str:
    """The naive alternative: query, build the whole map and serialise all of it."""
    return _get_map_string(full_map(snapshot(store, day)))


def query_only(store: Store, day) -> object:
    return snapshot(store, day)


def run(store: Store, repeat: int) -> dict[str, float]:
    days = sorted({z.valid_from for z in store.zone_reports()})
    frame_update(store, days[0], base_map())  # warm imports and caches
    full_rebuild(store, days[0])
    figures = {
        "query": _median_ms(lambda d: query_only(store, d), days, repeat),
        "frame": _median_ms(lambda d, b: frame_update(store, d, b), days, repeat, base_map),
        "full": _median_ms(lambda d: full_rebuild(store, d), days, repeat),
    }
    figures["ratio"] = figures["full"] / figures["frame"]
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--store", type=Path, help="an existing store (default: seeds)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = GeoPackageStore(args.store)
        else:
            store = GeoPackageStore(Path(tmp) / "bench.gpkg", create=True)
            seed_store(store)
        print(f"store: {store.location} ({len(store.zone_reports())} zone reports)")
        with store:
            figures = run(store, args.repeat)
    print(f"store query (zones_at + events_between), median: {figures['query']:.1f} ms")
    print(f"day layer update (query + feature group + st_folium string), median: "
          f"{figures['frame']:.1f} ms")
    print(f"full map rebuild (query + whole map + st_folium string), median: "
          f"{figures['full']:.1f} ms")
    print(f"ratio full rebuild / day layer update: {figures['ratio']:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
