"""Fuzz: KML and KMZ control maps through read_kml (GDAL) and import_batch."""

from __future__ import annotations

import io
import tempfile
import zipfile
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.ingest import ZoneMapping, read_kml
from tests.fuzz.checks import assert_rendered_safe, import_or_refuse, store_import
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import box_ring, hostile_text, lat, lon, mutate_bytes, wild_number

MAPPING = ZoneMapping(layer="kmlfuzz", side_field="Name", valid_from=date(2023, 3, 10),
                      note_field="Description")
SIDES = ["occupied", "contested", "liberated", "russian", "ukrainian", "Command post"]
DOCTYPES = [  # (doctype, the entity it declares)
    ("", None), ("", None), ("", None), ("", None), ("", None), ("", None),
    ('<!DOCTYPE kml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>', "c"),  # entity expansion (small laughs)
    ('<!DOCTYPE kml [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "xxe"),  # external entity
]


@st.composite
def coordinates(draw) -> str:
    """A ring's coordinate text: plausible, or with wild numbers, missing values or junk."""
    ring = draw(box_ring(z=draw(st.booleans())))
    text = " ".join(",".join(repr(v) for v in p) for p in ring)
    action = draw(st.sampled_from(["none", "none", "none", "number", "junk", "short"]))
    if action == "number":
        text = text.replace(repr(ring[1][0]), str(draw(wild_number)), 1)
    elif action == "junk":
        text += " " + draw(st.sampled_from(["nan,nan", "1e999,1e999", ",,", "x,y", "38.0"]))
    elif action == "short":
        text = " ".join(text.split()[:2])
    return text


@st.composite
def placemark(draw, entity: str | None) -> str:
    """A Placemark; ``entity`` (declared in the DOCTYPE) may be referenced in its text."""
    refs = [f"&{entity};"] if entity else []
    name = draw(st.sampled_from(SIDES * 2 + SIDES[:3] * 3 + [draw(hostile_text)] + refs))
    description = draw(st.sampled_from([draw(hostile_text), "front line"] + refs))
    name = name if name.startswith("&") else escape(name)
    if draw(st.booleans()) and not description.startswith("&"):
        description = f"<![CDATA[{description.replace(']]>', '')}]]>"
    elif not description.startswith("&"):
        description = escape(description)
    if draw(st.integers(0, 5)) == 0:
        geometry = f"<Point><coordinates>{draw(lon)},{draw(lat)}</coordinates></Point>"
    else:
        geometry = ("<Polygon><outerBoundaryIs><LinearRing><coordinates>"
                    f"{draw(coordinates())}</coordinates></LinearRing></outerBoundaryIs>"
                    "</Polygon>")
    return (f"<Placemark><name>{name}</name><description>{description}</description>"
            f"{geometry}</Placemark>")


@st.composite
def kml_text(draw) -> bytes:
    doctype, entity = draw(st.sampled_from(DOCTYPES))
    folders = draw(st.lists(st.lists(placemark(entity), min_size=1, max_size=3), min_size=1,
                            max_size=2))
    body = "".join(f"<Folder><name>{escape(draw(hostile_text))}</name>{''.join(p)}</Folder>"
                   for p in folders)
    text = (f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'
            f'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>fuzz</name>'
            f"{body}</Document></kml>")
    action = draw(st.sampled_from(["none", "none", "none", "cut_tag", "stray", "html"]))
    if action == "cut_tag":
        text = text.replace("</Placemark>", "", 1)
    elif action == "stray":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["<", "&", "]]>", "<kml>"])) + text[at:]
    elif action == "html":
        text = "<html><body>not kml</body></html>"
    return draw(mutate_bytes(text.encode("utf-8", "surrogatepass")))


@st.composite
def kmz_bytes(draw) -> bytes:
    """A KMZ (zip) holding the KML as doc.kml (or another name), maybe more entries, maybe
    cut short."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=draw(st.sampled_from(
            [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))) as archive:
        archive.writestr(draw(st.sampled_from(["doc.kml", "files/zones.kml", "doc.KML",
                                               "../doc.kml", "notkml.txt"])), draw(kml_text()))
        if draw(st.booleans()):
            archive.writestr("images/icon.png", b"\x89PNG" + b"\x00" * 64)
    data = out.getvalue()
    if draw(st.integers(0, 4)) == 0:
        data = data[:draw(st.integers(0, len(data) - 1))]
    return data


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@FUZZ_SETTINGS
@given(kind=st.sampled_from(["kml", "kmz"]), data=st.data(),
       policy=st.sampled_from(["raise", "fix", "skip"]))
def test_fuzz_kml(kind, data, policy):
    payload = data.draw(kml_text() if kind == "kml" else kmz_bytes(), label=kind)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"control.{kind}"
        path.write_bytes(payload)

        def run(store):
            batch = read_kml([path], MAPPING, on_invalid=policy)
            return batch, store_import(store, batch)

        result, error = import_or_refuse(Path(folder), [path], run)
        if error is None:
            batch, _ = result
            assert not any("root:" in (r.note or "") for r in batch.zone_reports)  # no XXE
            assert all(r.geometry.is_empty or r.geometry.is_valid for r in batch.zone_reports)
            assert_rendered_safe(batch.zone_reports)
