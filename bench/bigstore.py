"""Build the large benchmark store: the seeds, the 16 real DeepState snapshots from
../shared/data (never copied into the project) and 2,000 synthetic events a week.

    .venv/bin/python bench/bigstore.py OUT.gpkg [--per-week 2000]

Used by bench/frame.py and by the browser speed test; prints what it built.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.seeding import seed_store  # noqa: E402
from geo.ingest.common import import_batch  # noqa: E402
from geo.ingest.deepstate import read_deepstate  # noqa: E402
from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place  # noqa: E402
from geo.store import Batch, GeoPackageStore, Store  # noqa: E402

DEEPSTATE_RAW = (Path(__file__).resolve().parent.parent.parent / "shared" / "data"
                 / "frontline-real" / "deepstate-history" / "raw")
SYNTHETIC = LayerInfo(layer="synthetic", source="Synthetic benchmark events",
                      licence="generated", attribution="Synthetic events (benchmark only)")
FIRST, LAST = date(2023, 1, 1), date(2023, 6, 30)

log = logging.getLogger("bench.bigstore")


def synthetic_events(per_week: int, *, seed: int = 7) -> list[Event]:
    """``per_week`` events a week over Jan–Jun 2023, scattered over the Donbas front."""
    rng = random.Random(seed)
    kinds = list(EventKind)
    statuses = list(ClaimStatus)
    events = []
    days = (LAST - FIRST).days + 1
    per_day = per_week / 7
    for offset in range(days):
        day = FIRST + timedelta(days=offset)
        for n in range(int(per_day) + (1 if rng.random() < per_day % 1 else 0)):
            lat, lon = rng.uniform(47.8, 49.2), rng.uniform(37.3, 38.8)
            status = rng.choice(statuses)
            events.append(Event(
                day=day, place=Place(f"Point {offset}-{n}", round(lat, 5), round(lon, 5), "UA"),
                kind=rng.choice(kinds), summary=f"Synthetic event {offset}-{n}",
                source=rng.choice(["Wire A", "Wire B", "Monitor C"]), claim_status=status,
                claimed_by="a named party" if status is ClaimStatus.CLAIMED else "",
                actors=(rng.choice(["Wagner", "UA Army", "RU Army"]),),
                confidence=round(rng.uniform(0.3, 1.0), 2), layer="synthetic"))
    return events


def build(path: Path, *, per_week: int = 2000) -> Store:
    """Create the store at ``path`` (must not exist) and fill it."""
    store = GeoPackageStore(path, create=True)
    seed_store(store, written_by="bench")
    if DEEPSTATE_RAW.is_dir():
        import_batch(store, read_deepstate([DEEPSTATE_RAW]), written_by="bench")
    else:
        log.warning("%s is absent: the store has no DeepState snapshots", DEEPSTATE_RAW)
    store.write(Batch(layers=[SYNTHETIC], events=synthetic_events(per_week), written_by="bench"))
    return store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--per-week", type=int, default=2000)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO)
    with build(args.out, per_week=args.per_week) as store:
        span = store.date_range()
        print(f"{store.location}: {len(store.zone_reports())} zone reports, "
              f"{len(store.events_between(*span))} events, {span[0]} to {span[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
