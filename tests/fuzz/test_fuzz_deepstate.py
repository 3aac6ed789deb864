"""Fuzz: DeepStateMap snapshots (raw API GeoJSON) through read_deepstate and import_batch."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.ingest import read_deepstate
from geo.ingest.deepstate import DROPPED_FILLS, FILL_STATUS
from tests.fuzz.checks import assert_rendered_safe, import_or_refuse, store_import
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import (
    any_geometry,
    hostile_text,
    mutate_bytes,
    mutate_tree,
    to_json_bytes,
)

FILLS = sorted(FILL_STATUS) + sorted(DROPPED_FILLS) + ["#123456", "", "A52714", "#A52714"]
NAMES = ["Окуповано /// Occupied /// occupied", "Сіра зона /// Grey zone /// unknown",
         "Придністров'я /// Transnistria /// pmr", "Звільнено /// Liberated /// liberated"]


@st.composite
def feature(draw) -> dict:
    props = {"name": draw(st.one_of(st.sampled_from(NAMES), hostile_text)),
             "fill": draw(st.sampled_from(FILLS)),
             "fill-opacity": 0.3, "stroke": "#a52714", "description": draw(hostile_text)}
    return {"type": "Feature", "properties": props, "geometry": draw(any_geometry(z=True))}


@st.composite
def snapshot(draw) -> tuple[str, bytes]:
    """(file name, bytes) of a raw DeepState snapshot, mutated."""
    doc = {"type": "FeatureCollection",
           "features": draw(st.lists(feature(), min_size=1, max_size=6))}
    doc = draw(mutate_tree(doc))
    name = draw(st.sampled_from(["1678665600.geojson", "1678665600000.geojson",
                                 "0000000001.geojson", "99999999999.json",
                                 "snapshot.geojson"]))
    return name, draw(mutate_bytes(to_json_bytes(doc)))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@FUZZ_SETTINGS
@given(doc=snapshot(), policy=st.sampled_from(["raise", "fix", "skip"]),
       given_day=st.booleans())
def test_fuzz_deepstate(doc, policy, given_day):
    name, data = doc
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        day = date(2023, 3, 13) if given_day else None

        def run(store):
            batch = read_deepstate([path], day=day, on_invalid=policy)
            return batch, store_import(store, batch)

        result, error = import_or_refuse(Path(folder), [path], run)
        if error is None:
            batch, _ = result
            assert batch.zone_reports
            assert all(r.geometry.is_empty or r.geometry.is_valid for r in batch.zone_reports)
            assert_rendered_safe(batch.zone_reports)
