"""The PostGIS store beside the GeoPackage store, on the same data in the same run.

    .venv/bin/python bench/postgis.py [--repeat N] [--events N] [--zones N] [--url URL]

Starts a throwaway PostgreSQL + PostGIS cluster (durable settings: fsync on) unless
``--url`` names a server where we may create databases. Targets (issue 7):

* ``zones_at`` with 1,000 report-size multipolygons (the latest of 3 reports for each of
  1,000 zones; ~200 vertices in 3 parts each): median ≤ 150 ms;
* ``events_between`` over 200,000 events (Feb 2022 – Jun 2025, ~160 a day), a 7-day window
  as the app asks for it: median ≤ 50 ms;
* bulk load of the 16 real DeepState snapshots (read by ``geo.ingest``'s DeepState
  importer, then stored in one transaction): ≤ 5 s.

Each PostGIS figure is printed beside the GeoPackage figure and their ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shapely  # noqa: E402
from shapely.geometry import MultiPolygon, Point  # noqa: E402

from geo.ingest import read_deepstate  # noqa: E402
from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place, Side, ZoneReport  # noqa: E402
from geo.store import Batch, EventFilter, GeoPackageStore, Store, open_store  # noqa: E402
from tests.pg import ExternalServer, PgCluster, start_cluster  # noqa: E402

RAW = ROOT.parent / "shared" / "data" / "frontline-real" / "deepstate-history" / "raw"
BENCH = LayerInfo("bench", "Synthetic benchmark data", "generated", "benchmark only")
FIRST, LAST = date(2022, 2, 24), date(2025, 6, 30)
THEATRE_BOX = (36.5, 47.0, 39.5, 49.5)


def median_ms(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    value = fn()  # warm-up (caches, plans)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), value


def report_polygons(zones: int, *, seed: int = 11) -> list[ZoneReport]:
    """3 dated reports for each zone, each a 3-part multipolygon of ~65-vertex rings."""
    rng = random.Random(seed)
    reports = []
    for z in range(zones):
        cx, cy = rng.uniform(30.0, 40.0), rng.uniform(46.5, 51.5)
        for k, day in enumerate((date(2023, 1, 1), date(2023, 3, 1), date(2023, 5, 1))):
            parts = [Point(cx + dx, cy + dy).buffer(0.02 + 0.005 * k, quad_segs=16)
                     for dx, dy in ((0, 0), (0.06, 0.01), (0.02, 0.07))]
            reports.append(ZoneReport(f"bench{z:04d}/russian", Side.RUSSIAN, day,
                                      MultiPolygon(parts), "bench", layer="bench"))
    return reports


def synthetic_events(count: int, *, seed: int = 7) -> list[Event]:
    rng = random.Random(seed)
    kinds, statuses = list(EventKind), list(ClaimStatus)
    span = (LAST - FIRST).days + 1
    events = []
    for i in range(count):
        day = FIRST + timedelta(days=i * span // count)
        status = rng.choice(statuses)
        events.append(Event(
            day=day, place=Place(f"Point {i}", round(rng.uniform(46.5, 51.5), 5),
                                 round(rng.uniform(30.0, 40.0), 5), "UA"),
            kind=rng.choice(kinds), summary=f"Synthetic event {i}",
            source=rng.choice(["Wire A", "Wire B", "Monitor C"]), claim_status=status,
            claimed_by="a named party" if status is ClaimStatus.CLAIMED else "",
            actors=(rng.choice(["Wagner", "UA Army", "RU Army"]),),
            confidence=round(rng.uniform(0.3, 1.0), 2), layer="bench"))
    return events


def line(what: str, pg_ms: float, gpkg_ms: float, target: str = "", extra: str = "") -> None:
    ratio = gpkg_ms / pg_ms if pg_ms else float("inf")
    print(f"  {what:<46} PostGIS {pg_ms:8.1f} ms   GeoPackage {gpkg_ms:8.1f} ms   "
          f"GPKG/PG {ratio:5.2f}x  {target} {extra}".rstrip())


def stores(server: PgCluster | ExternalServer, tmp: Path, name: str) -> tuple[Store, Store]:
    pg_store = open_store(server.new_database(name), create=True)
    gpkg_store = GeoPackageStore(tmp / f"{name}.gpkg", create=True)
    return pg_store, gpkg_store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--zones", type=int, default=1000)
    parser.add_argument("--raw", type=Path, default=RAW)
    parser.add_argument("--url", help="an existing server (we create databases there)")
    args = parser.parse_args()

    started = time.perf_counter()
    server = ExternalServer(args.url) if args.url else start_cluster(durable=True)
    print(f"PostGIS server ready in {time.perf_counter() - started:.2f} s "
          f"({'external' if args.url else 'throwaway cluster, fsync on'})")
    try:
        with tempfile.TemporaryDirectory() as tmp_name:
            tmp = Path(tmp_name)
            bench_zones(server, tmp, args)
            bench_events(server, tmp, args)
            bench_deepstate(server, tmp, args)
    finally:
        server.stop()
    return 0


def bench_zones(server, tmp: Path, args) -> None:
    reports = report_polygons(args.zones)
    vertices = statistics.median(shapely.get_num_coordinates(r.geometry) for r in reports)
    pg_store, gpkg_store = stores(server, tmp, "zones")
    print(f"\nzones_at: {len(reports):,} reports of {args.zones:,} zones "
          f"(median {vertices:.0f} vertices, 3 parts each)")
    start = time.perf_counter()
    pg_store.write(Batch(layers=[BENCH], zone_reports=reports, written_by="bench"))
    load_pg = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    gpkg_store.write(Batch(layers=[BENCH], zone_reports=reports, written_by="bench"))
    load_gpkg = (time.perf_counter() - start) * 1000
    line(f"load {len(reports):,} multipolygons", load_pg, load_gpkg)
    day = date(2023, 6, 1)
    pg_ms, got = median_ms(lambda: pg_store.zones_at(day), args.repeat)
    gpkg_ms, got_g = median_ms(lambda: gpkg_store.zones_at(day), args.repeat)
    assert len(got) == len(got_g) == args.zones and got == got_g
    line(f"zones_at -> {len(got):,} multipolygons", pg_ms, gpkg_ms,
         "target <= 150 ms:", "MET" if pg_ms <= 150 else "MISSED")
    pg_ms, got = median_ms(lambda: pg_store.zones_at(day, THEATRE_BOX), args.repeat)
    gpkg_ms, got_g = median_ms(lambda: gpkg_store.zones_at(day, THEATRE_BOX), args.repeat)
    assert got == got_g
    line(f"zones_at + theatre bbox -> {len(got):,}", pg_ms, gpkg_ms)
    pg_store.close()
    gpkg_store.close()


def bench_events(server, tmp: Path, args) -> None:
    events = synthetic_events(args.events)
    pg_store, gpkg_store = stores(server, tmp, "events")
    print(f"\nevents_between: {len(events):,} events, {FIRST} to {LAST} "
          f"(~{len(events) / ((LAST - FIRST).days + 1):.0f} a day)")
    start = time.perf_counter()
    pg_store.write(Batch(layers=[BENCH], events=events, written_by="bench"))
    load_pg = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    gpkg_store.write(Batch(layers=[BENCH], events=events, written_by="bench"))
    load_gpkg = (time.perf_counter() - start) * 1000
    line(f"load {len(events):,} events (COPY vs executemany)", load_pg, load_gpkg)
    end = date(2023, 3, 13)
    cases = [
        ("7-day window", (end - timedelta(days=6), end, None, None), True),
        ("1 day", (end, end, None, None), False),
        ("7 days + theatre bbox + kinds + confidence",
         (end - timedelta(days=6), end, THEATRE_BOX,
          EventFilter(kinds=(EventKind.GROUND_FIGHTING, EventKind.SHELLING_STRIKE),
                      min_confidence=0.5)), False),
        ("30-day window", (end - timedelta(days=29), end, None, None), False),
    ]
    for label, (start_day, end_day, bbox, flt), has_target in cases:
        pg_ms, got = median_ms(lambda s=start_day, e=end_day, b=bbox, f=flt:
                               pg_store.events_between(s, e, b, f), args.repeat)
        gpkg_ms, got_g = median_ms(lambda s=start_day, e=end_day, b=bbox, f=flt:
                                   gpkg_store.events_between(s, e, b, f), args.repeat)
        assert got == got_g, label
        line(f"{label} -> {len(got):,} events", pg_ms, gpkg_ms,
             "target <= 50 ms:" if has_target else "",
             ("MET" if pg_ms <= 50 else "MISSED") if has_target else "")
    pg_ms, _ = median_ms(pg_store.dates, max(3, args.repeat // 3))
    gpkg_ms, _ = median_ms(gpkg_store.dates, max(3, args.repeat // 3))
    line("dates() (distinct days)", pg_ms, gpkg_ms)
    pg_ms, _ = median_ms(pg_store.data_version, args.repeat)
    gpkg_ms, _ = median_ms(gpkg_store.data_version, args.repeat)
    line("data_version() (every app rerun)", pg_ms, gpkg_ms)
    pg_store.close()
    gpkg_store.close()


def bench_deepstate(server, tmp: Path, args) -> None:
    if not args.raw.is_dir():
        print(f"\nDeepState bulk load: skipped ({args.raw} is absent)")
        return
    start = time.perf_counter()
    batch = read_deepstate([args.raw])
    read_s = time.perf_counter() - start
    reports = batch.zone_reports
    vertices = sum(shapely.get_num_coordinates(r.geometry) for r in reports)
    print(f"\nDeepState bulk load: {len(batch.files)} snapshots -> {len(reports)} reports, "
          f"{vertices:,} vertices; reading + repair by geo.ingest: {read_s:.2f} s (both stores)")
    pg_store, gpkg_store = stores(server, tmp, "deepstate")
    start = time.perf_counter()
    result = pg_store.write(Batch(layers=[batch.layer], zone_reports=reports, written_by="bench"))
    pg_s = time.perf_counter() - start
    start = time.perf_counter()
    gpkg_store.write(Batch(layers=[batch.layer], zone_reports=reports, written_by="bench"))
    gpkg_s = time.perf_counter() - start
    assert result.zones_added == len(reports)
    line("store the 16 snapshots (one transaction)", pg_s * 1000, gpkg_s * 1000,
         "target <= 5 s:", "MET" if pg_s <= 5 else "MISSED")
    line("read + store (end to end)", (read_s + pg_s) * 1000, (read_s + gpkg_s) * 1000,
         "target <= 5 s:", "MET" if read_s + pg_s <= 5 else "MISSED")
    baseline_s = to_postgis_baseline(server, reports)
    print(f"  baseline: geopandas to_postgis of the same reports {baseline_s * 1000:8.1f} ms   "
          f"our COPY load is {baseline_s / pg_s:.1f}x faster")
    day = date(2023, 5, 20)
    pg_ms, got = median_ms(lambda: pg_store.zones_at(day), args.repeat)
    gpkg_ms, got_g = median_ms(lambda: gpkg_store.zones_at(day), args.repeat)
    assert got == got_g
    line(f"zones_at on DeepState -> {len(got)} reports", pg_ms, gpkg_ms)
    pg_store.close()
    gpkg_store.close()


def to_postgis_baseline(server, reports: list[ZoneReport]) -> float:
    """The straightforward way: a GeoDataFrame written with ``to_postgis`` (DESIGN.md §4)."""
    import geopandas as gpd
    import sqlalchemy as sa

    from geo.store.postgis import engine_url

    frame = gpd.GeoDataFrame(
        {"report_id": [r.id for r in reports], "zone_id": [r.zone_id for r in reports],
         "side": [r.side.value for r in reports], "valid_from": [r.valid_from for r in reports],
         "source": [r.source for r in reports]},
        geometry=[r.geometry for r in reports], crs="EPSG:4326")
    engine = sa.create_engine(engine_url(server.new_database("baseline")))
    try:
        start = time.perf_counter()
        frame.to_postgis("zone_reports_baseline", engine, if_exists="replace")
        return time.perf_counter() - start
    finally:
        engine.dispose()


if __name__ == "__main__":
    raise SystemExit(main())
