"""Article ingest throughput: serial vs a Dask LocalCluster, on generated articles.

    .venv/bin/python bench/distributed.py [--articles 10000] [--workers 2] [--batch-size 100]
                                          [--scheduler tcp://HOST:PORT] [--postgis]

The articles are ours: templates of war-news sentences over names from our theatre
gazetteer and well-known cities (:func:`generate_articles`, seeded, so every run is the same).
Both runs geoparse, extract events and write one transaction per batch, each to its own
fresh store: GeoPackage files, or with ``--postgis`` two databases of a throwaway PostGIS
cluster. The printed ratio is serial time / distributed time (cluster start-up not
counted, then counted); the two stores are compared (same articles, same events, same
order). Target (issue 7): about 1.3x or more with 2 workers on 2 cores.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file is named like the `distributed` package: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))

from geo.models import Article, LayerInfo  # noqa: E402

LAYER = LayerInfo(layer="articles", source="Ingested news articles",
                  licence="per article source",
                  attribution="Events proposed from ingested articles; place names: GeoNames "
                              "(CC BY 4.0)")
CITIES = ("Bakhmut", "Soledar", "Avdiivka", "Chasiv Yar", "Kramatorsk", "Sloviansk",
          "Kostiantynivka", "Toretsk", "Marinka", "Vuhledar", "Kupiansk", "Lyman", "Kherson",
          "Zaporizhzhia", "Robotyne", "Tokmak", "Melitopol", "Donetsk", "Luhansk", "Kharkiv",
          "Pokrovsk", "Siversk", "Svatove", "Kreminna", "Orikhiv", "Huliaipole", "Nikopol",
          "Enerhodar", "Mariupol", "Berdiansk", "Izium", "Balakliia")
CAPITALS = ("Kyiv", "Moscow", "Washington", "Beijing", "The Hague", "Berlin", "Paris",
            "London", "Warsaw", "Ankara", "Brussels", "Minsk")
SIDES = ("Russian", "Ukrainian")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TEMPLATES = (
    "{side} forces shelled {a} overnight, local officials said on {weekday}.",
    "Fierce fighting continued around {a} as {side} troops tried to advance towards {b}.",
    "{side} units repelled several assaults near {a} and {b}, the general staff reported.",
    "Civilians were evacuated from {a} after missiles struck the town centre.",
    "The defence ministry in {capital} claimed its forces had captured {a}.",
    "A drone strike hit an energy facility in {a}, leaving residents without power.",
    "Officials in {capital} said talks with {capital2} on a ceasefire would resume next week.",
    "Prosecutors in The Hague said they were investigating war crimes in {a}.",
    "Troops withdrew from positions east of {a} to avoid encirclement, a spokesman said.",
    "The president will visit {capital} on {weekday} to discuss military aid.",
    "Artillery fire was reported on the outskirts of {a} and in the village of {village}.",
    "Residents of {village} near {a} said the front line had moved closer.",
)


def theatre_villages() -> list[str]:
    """Village names from our own theatre gazetteer file."""
    text = resources.files("geo.data").joinpath("gazetteer/theatre.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return [row["name"] for row in rows if row.get("kind") == "village" and row.get("name")]


def generate_articles(count: int, *, seed: int = 2023, sentences: tuple[int, int] = (6, 14),
                      first: date = date(2023, 1, 1), days: int = 365) -> list[Article]:
    """``count`` distinct articles from our templates (deterministic for a seed)."""
    rng = random.Random(seed)
    villages = theatre_villages() or list(CITIES)
    out = []
    for i in range(count):
        body = []
        for _ in range(rng.randint(*sentences)):
            a, b = rng.sample(CITIES, 2)
            capital, capital2 = rng.sample(CAPITALS, 2)
            body.append(rng.choice(TEMPLATES).format(
                side=rng.choice(SIDES), a=a, b=b, capital=capital, capital2=capital2,
                weekday=rng.choice(WEEKDAYS), village=rng.choice(villages)))
        published = first + timedelta(days=rng.randrange(days))
        title = f"Frontline report {i}: {rng.choice(CITIES)}"
        out.append(Article(title=title, text=" ".join(body), published=published,
                           source=rng.choice(("Wire A", "Wire B", "Monitor C")),
                           url=f"https://example.org/report/{i}"))
    return out


def snapshot_of(store) -> tuple:
    span = store.date_range()
    return (store.articles(), store.events_between(*span) if span else [])


def main() -> int:
    from geo.distributed import connect, ingest_articles, ingest_serial, warm
    from geo.store import GeoPackageStore, open_store

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--scheduler", help="a running scheduler instead of a LocalCluster")
    parser.add_argument("--postgis", action="store_true",
                        help="write to a throwaway PostGIS cluster instead of GeoPackages")
    args = parser.parse_args()

    articles = generate_articles(args.articles)
    chars = sum(len(a.text) for a in articles)
    print(f"{len(articles):,} generated articles, {chars / 1e6:.1f} M characters, "
          f"batches of {args.batch_size}")
    cluster = None
    with tempfile.TemporaryDirectory() as tmp:
        if args.postgis:
            from tests.pg import start_cluster

            cluster = start_cluster(durable=True)
            serial_store = open_store(cluster.new_database("serial"), create=True)
            dask_store = open_store(cluster.new_database("dask"), create=True)
        else:
            serial_store = GeoPackageStore(Path(tmp) / "serial.gpkg", create=True)
            dask_store = GeoPackageStore(Path(tmp) / "dask.gpkg", create=True)
        try:
            warm()  # the serial run gets a loaded gazetteer too
            serial = ingest_serial(articles, serial_store, layer=LAYER,
                                   batch_size=args.batch_size, written_by="bench")
            print(f"  serial:       {serial.seconds:7.2f} s  "
                  f"{serial.articles_per_second:7.1f} articles/s  "
                  f"{serial.events:,} events")
            spec = args.scheduler or f"local:{args.workers}"
            started = time.perf_counter()
            with connect(spec) as client:
                pids = client.run(warm)
                ready = time.perf_counter() - started
                dask = ingest_articles(articles, dask_store, client, layer=LAYER,
                                       batch_size=args.batch_size, written_by="bench")
            print(f"  dask {spec:<9} {dask.seconds:7.2f} s  "
                  f"{dask.articles_per_second:7.1f} articles/s  {dask.events:,} events  "
                  f"({len(pids)} workers ready in {ready:.1f} s, not counted)")
            print(f"  ratio serial/dask: {serial.seconds / dask.seconds:.2f}x "
                  f"(target about 1.3x or more on 2 cores)")
            print(f"  with cluster start: {serial.seconds / (dask.seconds + ready):.2f}x")
            same = snapshot_of(serial_store) == snapshot_of(dask_store)
            print(f"  stores identical (articles, events, order): {same}")
        finally:
            serial_store.close()
            dask_store.close()
            if cluster is not None:
                cluster.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
