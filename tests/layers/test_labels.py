"""Town labels: placed by our gazetteer, drawn on the theatre map, escaped."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import seeds
from layers import base_map, map_html
from layers.labels import TownLabels

TOOL = Path(__file__).resolve().parents[2] / "tools" / "make_labels.py"


def test_labels_file_matches_the_gazetteer():
    spec = importlib.util.spec_from_file_location("make_labels", TOOL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundled = (Path(seeds.__file__).parent / "basemap" / "labels.csv").read_text()
    assert module.build() == bundled, "run tools/make_labels.py"


def test_bakhmut_label_position_lat_lon_order():
    bakhmut = next(label for label in seeds.load_labels() if label.name == "Bakhmut")
    assert bakhmut.lat == pytest.approx(48.6, abs=0.05)
    assert bakhmut.lon == pytest.approx(38.0, abs=0.05)


def test_labels_on_theatre_map_not_world_and_escaped():
    page = map_html(base_map())
    assert '"Bakhmut", 48.5942, 37.9989' in page.replace("[", "").replace("]", "")
    assert "fl-rank-" in page and "fl-rank-" not in map_html(base_map(world=True))
    hostile = TownLabels([seeds.MapLabel("<img src=x onerror=alert(1)>", 48.6, 38.0, 1)])
    assert "<img" not in str(hostile.labels)
