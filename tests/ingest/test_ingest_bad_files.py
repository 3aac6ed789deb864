"""Bad files through the CLI: clear errors naming the file, exit code 1, never a traceback,
nothing stored; a 50 MB file is refused before it is read (bounded memory)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from dashboard.cli import main
from geo.errors import InputError
from geo.ingest import DEFAULT_MAX_MB, ZoneMapping, read_deepstate, read_geojson
from geo.store import GeoPackageStore

DEEPSTATE = Path(__file__).parents[1] / "data" / "deepstate" / "1678486248.geojson"


@pytest.fixture
def store_path(tmp_path) -> Path:
    path = tmp_path / "s.gpkg"
    GeoPackageStore(path, create=True).close()
    return path


def run(store: Path, *args: str) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    err, out = io.StringIO(), io.StringIO()
    with redirect_stderr(err), redirect_stdout(out):
        code = main(["--store", str(store), "import", *args])
    return code, err.getvalue()


def assert_nothing_stored(store: Path) -> None:
    with GeoPackageStore(store) as s:
        assert s.zone_reports() == [] and s.layers() == []


def geojson_args(path: Path) -> list[str]:
    return ["geojson", str(path), "--layer", "t", "--side", "russian", "--date", "2023-03-10"]


def test_truncated_json(tmp_path, store_path):
    path = tmp_path / "1678486248.geojson"
    path.write_bytes(DEEPSTATE.read_bytes()[:1500])
    code, err = run(store_path, "deepstate", str(path))
    assert code == 1 and "1678486248.geojson" in err and "not valid JSON" in err
    assert "truncated" in err and "Traceback" not in err
    assert_nothing_stored(store_path)


def test_empty_feature_collection(tmp_path, store_path):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    code, err = run(store_path, *geojson_args(path))
    assert code == 1 and "empty.geojson" in err and "empty" in err
    assert_nothing_stored(store_path)


def test_not_a_feature_collection(tmp_path, store_path):
    path = tmp_path / "list.geojson"
    path.write_text("[1, 2, 3]")
    code, err = run(store_path, *geojson_args(path))
    assert code == 1 and "expected a GeoJSON object" in err


def test_wrong_geometry_types(tmp_path, store_path):
    path = tmp_path / "points.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": {"type": "Point",
                                                           "coordinates": [38.0, 48.6]}}]}))
    code, err = run(store_path, *geojson_args(path))
    assert code == 1 and "item 0" in err and "got Point" in err
    assert_nothing_stored(store_path)


def test_malformed_coordinates(tmp_path, store_path):
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {},
         "geometry": {"type": "Polygon", "coordinates": [[[38.0, 48.6], [38.1]]]}}]}))
    code, err = run(store_path, *geojson_args(path))
    assert code == 1 and "unreadable Polygon geometry" in err and "Traceback" not in err


def test_non_utf8(tmp_path, store_path):
    path = tmp_path / "latin.geojson"
    path.write_bytes(DEEPSTATE.read_bytes().replace(b"Occupied", "Occupé".encode("latin-1")))
    code, err = run(store_path, "deepstate", str(path), "--date", "2023-03-10")
    assert code == 1 and "not UTF-8" in err and "latin.geojson" in err


def test_fifty_megabyte_file_refused_before_reading(tmp_path, store_path):
    path = tmp_path / "1678486248.geojson"
    with open(path, "wb") as handle:  # 50 MB of a valid-looking start, then padding
        handle.write(b'{"type": "FeatureCollection", "features": [')
        handle.seek(50 * 1000 * 1000)
        handle.write(b"]}")
    assert path.stat().st_size > DEFAULT_MAX_MB * 1e6
    tracemalloc.start()
    try:
        with pytest.raises(InputError) as info:
            read_deepstate([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "50.0 MB" in str(info.value) and "--max-mb" in str(info.value)
    assert peak < 2_000_000  # the file was never read into memory
    code, err = run(store_path, "deepstate", str(path))
    assert code == 1 and "limit" in err
    with pytest.raises(InputError, match="limit"):
        read_geojson([path], ZoneMapping(layer="t"), max_mb=10)


def test_missing_file_and_empty_folder(tmp_path, store_path):
    code, err = run(store_path, "deepstate", str(tmp_path / "nope.geojson"))
    assert code == 1 and "nope.geojson" in err and "no such file" in err
    folder = tmp_path / "empty"
    folder.mkdir()
    code, err = run(store_path, "deepstate", str(folder))
    assert code == 1 and "holds no" in err


def test_one_bad_file_among_good_ones_stores_nothing(tmp_path, store_path):
    good = tmp_path / "1678486248.geojson"
    good.write_bytes(DEEPSTATE.read_bytes())
    bad = tmp_path / "1681949600.geojson"
    bad.write_text('{"type": "FeatureCollection", "features": [')
    code, _ = run(store_path, "deepstate", str(tmp_path))
    assert code == 1
    assert_nothing_stored(store_path)
