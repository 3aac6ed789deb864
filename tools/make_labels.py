"""Write seeds/basemap/labels.csv: town labels for the theatre map, placed by our gazetteer.

The list of names is ours (the towns a viewer of the Bakhmut sector needs to read the map);
their coordinates come from the offline gazetteer (GeoNames + our theatre file), so the
labels and the geoparser never disagree. A test checks the file is up to date.

    .venv/bin/python tools/make_labels.py
"""

from __future__ import annotations

import csv
import io
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.gazetteer import load_gazetteer  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "seeds" / "basemap" / "labels.csv"

# (name to search, label rank: 1 = city, 2 = town, 3 = village near the front)
LABELS: tuple[tuple[str, int], ...] = (
    ("Bakhmut", 1), ("Kramatorsk", 1), ("Sloviansk", 1), ("Horlivka", 1), ("Donetsk", 1),
    ("Kostiantynivka", 2), ("Druzhkivka", 2), ("Soledar", 2), ("Chasiv Yar", 2),
    ("Siversk", 2), ("Toretsk", 2), ("Popasna", 2), ("Lysychansk", 2), ("Avdiivka", 2),
    ("Klishchiivka", 3), ("Andriivka", 3), ("Ivanivske", 3), ("Krasna Hora", 3),
    ("Berkhivka", 3), ("Yahidne", 3), ("Khromove", 3), ("Paraskoviivka", 3),
    ("Orikhovo-Vasylivka", 3), ("Opytne", 3), ("Kurdiumivka", 3),
)
THEATRE = (36.5, 47.0, 39.5, 49.5)  # west, south, east, north


def build() -> str:
    """The CSV text (name,lat,lon,rank), each name resolved inside the theatre."""
    gazetteer = load_gazetteer()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["name", "lat", "lon", "rank"])
    for name, rank in LABELS:
        found = [p for p in gazetteer.search(name, limit=10)
                 if THEATRE[0] <= p.lon <= THEATRE[2] and THEATRE[1] <= p.lat <= THEATRE[3]]
        if not found:
            raise SystemExit(f"label {name!r}: no place of that name in the theatre")
        writer.writerow([name, f"{found[0].lat:.4f}", f"{found[0].lon:.4f}", rank])
    return out.getvalue()


def main() -> int:
    logging.basicConfig(level=logging.INFO)
    OUT.write_text(build(), encoding="utf-8")
    logging.info("wrote %s", OUT)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
