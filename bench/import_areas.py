"""Import, areas/diff and zones_at on the 16 real DeepState snapshots, each beside a naive
geopandas baseline measured in the same run.

    .venv/bin/python bench/import_areas.py [--raw DIR] [--repeat N]

Targets (issue 3): import of all 16 ≤ 10 s; areas + diff for one pair ≤ 1 s; zones_at
median ≤ 50 ms. The data folder (../shared/data/frontline-real) is read, never copied.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import geopandas as gpd  # noqa: E402
import pandas as pd  # noqa: E402
import shapely  # noqa: E402

from geo.ingest import import_batch, read_deepstate  # noqa: E402
from geo.ingest.deepstate import DROPPED_FILLS, FILL_STATUS, STATUS_SIDE  # noqa: E402
from geo.store import GeoPackageStore  # noqa: E402
from geo.zones import (  # noqa: E402
    EQUAL_AREA_CRS,
    areas_by_date,
    clear_display_cache,
    diff_store,
    display_geometries,
)

log = logging.getLogger("bench.import_areas")
RAW = ROOT.parent / "shared" / "data" / "frontline-real" / "deepstate-history" / "raw"
PAIR = (date(2023, 3, 31), date(2023, 4, 20))


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def ours_import(raw: Path, store_path: Path) -> object:
    with GeoPackageStore(store_path, create=True) as store:
        return import_batch(store, read_deepstate([raw]), written_by="bench")


def naive_import(raw: Path, out: Path) -> int:
    """geopandas the straightforward way: read each file, classify, dissolve, write a GPKG."""
    frames = []
    for path in sorted(raw.glob("*.geojson")):
        frame = gpd.read_file(path)
        frame = frame[frame.geometry.geom_type.isin(["Polygon", "MultiPolygon",
                                                     "GeometryCollection"])]
        frame = frame[~frame["fill"].isin(DROPPED_FILLS)
                      & ~frame["name"].str.contains("Transnistria|Придністров", na=False)]
        frame["status"] = frame["fill"].map(FILL_STATUS)
        frame = frame.dropna(subset=["status"])
        frame["geometry"] = shapely.make_valid(shapely.force_2d(frame.geometry.values))
        frame = frame.explode(index_parts=False)
        frame = frame[frame.geometry.geom_type == "Polygon"]
        inside = frame.representative_point().within(shapely.box(22, 43.5, 41, 53))
        dissolved = frame[inside].dissolve(by="status").reset_index()
        dissolved["valid_from"] = pd.Timestamp(int(path.stem), unit="s").date().isoformat()
        frames.append(dissolved[["status", "valid_from", "geometry"]])
    result = gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs="EPSG:4326")
    result.to_file(out, layer="zones", driver="GPKG")
    return len(result)


def naive_zones_at(path: Path, day: date) -> gpd.GeoDataFrame:
    """Read the whole zone table, keep the latest report per zone on or before ``day``."""
    frame = gpd.read_file(path, layer="zone_reports")
    frame = frame[frame["valid_from"] <= day.isoformat()]
    frame = frame.sort_values(["valid_from"]).groupby("zone_id").tail(1)
    return frame[~frame.geometry.is_empty]


def naive_areas_and_diff(path: Path, start: date, end: date) -> dict:
    """Areas and gained/lost per side with dissolve + overlay in EPSG:6933."""
    sides = {}
    for day in (start, end):
        zones = naive_zones_at(path, day).to_crs(EQUAL_AREA_CRS)
        zones["geometry"] = shapely.make_valid(zones.geometry.values)
        sides[day] = zones.dissolve(by="side")
    out = {}
    for side in {s.value for s in STATUS_SIDE.values()}:
        a = sides[start].loc[[side]] if side in sides[start].index else None
        b = sides[end].loc[[side]] if side in sides[end].index else None
        if a is None or b is None:
            continue
        gained = gpd.overlay(b, a, how="difference").explode().area.sum() / 1e6
        lost = gpd.overlay(a, b, how="difference").explode().area.sum() / 1e6
        out[side] = (a.area.sum() / 1e6, b.area.sum() / 1e6, gained, lost)
    return out


def ours_areas_and_diff(store_path: Path, start: date, end: date) -> object:
    with GeoPackageStore(store_path) as store:
        areas = areas_by_date(store, start=start, end=end)
        return areas, diff_store(store, start, end)


def median_ms(fn: Callable[[date], object], days: list[date], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        for day in days:
            start = time.perf_counter()
            fn(day)
            samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def line(label: str, ours: float, base: float, unit: str, target: str,
         baseline: str = "naive geopandas") -> str:
    return (f"{label:<36} ours {ours:8.3f} {unit}   {baseline} {base:8.3f} {unit}   "
            f"ratio {ours / base:6.3f}   target {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    if not args.raw.is_dir():
        print(f"no data: {args.raw} is missing", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        store = tmp / "bench.gpkg"
        t_ours, result = timed(lambda: ours_import(args.raw, store))
        t_naive, rows = timed(lambda: naive_import(args.raw, tmp / "naive.gpkg"))
        print(f"{len(list(args.raw.glob('*.geojson')))} snapshots -> {result.zones_added} zone "
              f"reports (naive: {rows} rows, no provenance, no transaction, no validation)")
        print(line("import all snapshots", t_ours, t_naive, "s ", "<= 10 s"))

        start, end = PAIR
        t_ours = statistics.median(timed(lambda: ours_areas_and_diff(store, start, end))[0]
                                   for _ in range(args.repeat))
        t_naive = statistics.median(timed(lambda: naive_areas_and_diff(store, start, end))[0]
                                    for _ in range(max(1, args.repeat // 2)))
        _, (areas, diff) = timed(lambda: ours_areas_and_diff(store, start, end))
        print(line(f"areas + diff {start}..{end}", t_ours, t_naive, "s ", "<= 1 s"))
        print(f"    {len(diff.changes)} change polygons, consistent: {diff.consistent()}")

        with GeoPackageStore(store) as opened:
            days = opened.zone_report_dates()
            ours_ms = median_ms(opened.zones_at, days, args.repeat)
        naive_ms = median_ms(lambda d: naive_zones_at(store, d), days, 1)
        print(line(f"zones_at median ({len(days)} dates)", ours_ms, naive_ms, "ms", "<= 50 ms"))

        with GeoPackageStore(store) as opened:
            zones = {d: opened.zones_at(d) for d in days}
        clear_display_cache()
        cold = median_ms(lambda d: display_geometries(zones[d], 1), days, 1)
        warm = median_ms(lambda d: display_geometries(zones[d], 1), days, args.repeat)
        print(line("display geometry, slider move", warm, cold, "ms",
                   "no simplify on a move", baseline="first call (simplifies)"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
