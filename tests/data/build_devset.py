"""Turn ``geoparse_dev.txt`` (our annotated sentences and articles) into ``geoparse_dev.jsonl``.

Each gold place is named explicitly: a ``[[Name=KEY]]`` key, or the name itself, looked up in
:data:`GOLD` (an explicit GeoNames id, theatre id, country or coordinates). Names absent from
GOLD take the GeoNames or theatre entry whose *name* matches, preferring our curated names,
then the most populous; run with ``--show`` to review what every name resolved to.

    .venv/bin/python tests/data/build_devset.py [--show] [--set NAME]

``--set`` names another annotated file (``NAME.txt`` -> ``NAME.jsonl``; default
``geoparse_dev``): the Ukrainian/Russian and general-news sets ``geoparse_ukru_dev``,
``geoparse_ukru_heldout``, ``geoparse_news_dev`` and ``geoparse_news_heldout``. Keys may
also be ``country:XX`` (that country's entry) or ``ll:lat,lon,cc,name`` (a point).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import COUNTRY, load_gazetteer  # noqa: E402

GOLD: dict[str, str] = {
    "Washington": "geonames:4140963",
    "Zaporizhzhia": "geonames:687700",
    "Mykolaiv": "geonames:700569",
    "Sloviansk": "geonames:693468",
    "Kremenchuk": "geonames:704147",
    "Petropavlivka": "geonames:697421",
    "Paris": "geonames:2988507",
    "Paris-TX": "ll:33.66094,-95.55551,US,Paris (Texas)",
    "Texas": "state:TX",
    "Dnipro": "geonames:709930",
    "dnipro-river": "theatre:ua-dnipro-river",
    "Pivdenne": "geonames:687997",
    "Polohy": "geonames:696677",
    "Engels": "geonames:563464",
    "engels-airbase": "theatre:ru-engels-airbase",
    "Europe": "geonames:6255148",
    "Blahodatne": "theatre:ua-blahodatne-novosilka",
    "Makarivka": "theatre:ua-makarivka",
    "Orlivka": "theatre:ua-orlivka-avdiivka",
    "Stepove": "theatre:ua-stepove-avdiivka",
    "Andriivka": "theatre:ua-andriivka-bakhmut",
    "Lyman": "geonames:704204",
    "Donetsk": "geonames:709717",
    "Avdiivka": "geonames:713122",
    "Kharkiv Oblast": "theatre:ua-kharkiv-oblast",
}


def resolve(gaz, key: str) -> dict:
    """A gold place dict for a GOLD spec or a plain name."""
    spec = GOLD.get(key, key)
    if spec.startswith("ll:"):
        lat, lon, cc, name = spec[3:].split(",", 3)
        return {"lat": float(lat), "lon": float(lon), "cc": cc, "ref": name}
    if spec.startswith("country:"):
        index = next(i for i in range(len(gaz)) if gaz.kind[i] == COUNTRY
                     and gaz.cc[i] == spec[8:])
    elif spec.startswith("state:"):
        index = next(i for i in range(len(gaz)) if gaz.kind_name(i) == "admin1"
                     and gaz.cc[i] == "US" and gaz.admin1[i] == spec[6:])
    elif ":" in spec and spec.split(":")[0] in ("geonames", "theatre"):
        index = gaz.by_source[spec]
    else:
        cands = gaz.candidates(spec)
        if not cands:
            raise SystemExit(f"no gold entity for {key!r}")
        countries = [c for c in cands if gaz.kind[c.index] == COUNTRY]
        best = countries[0] if countries else max(
            cands, key=lambda c: (c.curated or c.primary, c.curated,
                                  gaz.population[c.index]))
        index = best.index
    return {"lat": round(gaz.lat[index], 5), "lon": round(gaz.lon[index], 5),
            "cc": gaz.cc[index], "ref": gaz.source_id[index]}


MARK = re.compile(r"\[\[([^\]=!]+)(!)?(?:=([^\]]+))?\]\]")


def annotate(gaz, raw: str) -> tuple[str, list[dict]]:
    """Strip the ``[[...]]`` marks; return the text and its gold places with spans."""
    text, places, pos = "", [], 0
    for found in MARK.finditer(raw):
        text += raw[pos:found.start()]
        surface = found.group(1)
        start = len(text)
        text += surface
        place = {"name": surface, "start": start, "end": len(text),
                 "metonymic": bool(found.group(2))}
        place.update(resolve(gaz, found.group(3) or surface))
        places.append(place)
        pos = found.end()
    return text + raw[pos:], places


def main(show: bool = False, name: str = "geoparse_dev") -> None:
    gaz = load_gazetteer()
    lines = (HERE / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    records: list[dict] = []
    article: dict | None = None
    for line in lines:
        if line.startswith("#") or not line.strip():
            continue
        if article is not None:
            if line.strip() == "END":
                text, places = annotate(gaz, "\n\n".join(article.pop("paras")))
                article.update(text=text, places=places)
                records.append(article)
                article = None
            else:
                article["paras"].append(line)
            continue
        if line.startswith("S| "):
            text, places = annotate(gaz, line[3:])
            records.append({"id": f"s{len(records) + 1:03d}", "kind": "sentence", "text": text,
                            "places": places})
        elif line.startswith("A| "):
            title, published = (part.strip() for part in line[3:].split("|"))
            article = {"id": f"a{len(records) + 1:03d}", "kind": "article",
                       "title": MARK.sub(lambda m: m.group(1), title),
                       "published": published, "paras": [title]}
    out = HERE / f"{name}.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    sentences = sum(r["kind"] == "sentence" for r in records)
    print(f"{sentences} sentences, {len(records) - sentences} articles -> {out}")
    if show:
        seen = {}
        for record in records:
            for p in record["places"]:
                seen[p["name"]] = (p["ref"], p["cc"], p["lat"], p["lon"])
        for name, value in sorted(seen.items()):
            print(f"  {name}: {value}")


if __name__ == "__main__":
    chosen = sys.argv[sys.argv.index("--set") + 1] if "--set" in sys.argv else "geoparse_dev"
    main("--show" in sys.argv, chosen)
