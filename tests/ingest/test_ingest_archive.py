"""Archive limits (issue 11): KMZ bombs, lying headers, entry counts and ratios are refused
before or while inflating, with errors that name the file and the entry."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest

from bench.kmz_bomb import build_bomb, build_normal
from geo.errors import ArchiveError, InputError
from geo.ingest import ZoneMapping, read_kml
from geo.ingest.archive import ArchiveLimits, check_archive, copy_entry, extract_entry
from tests.common import ROOT

MAPPING = ZoneMapping(layer="kml", side_field="Name", valid_from=date(2023, 3, 10))
CONTROL = Path(__file__).parents[1] / "data" / "zones" / "control.kml"


def test_bomb_refused_from_the_central_directory_naming_file_and_entry(tmp_path):
    bomb = build_bomb(tmp_path / "bomb.kmz", 40_000_000)
    assert bomb.stat().st_size < 100_000  # small on disk: only the inflated size gives it away
    with pytest.raises(ArchiveError) as info:
        read_kml([bomb], MAPPING)
    assert info.value.entry == "doc.kml" and info.value.field == "uncompressed size"
    assert "bomb.kmz, entry 'doc.kml'" in str(info.value)
    assert isinstance(info.value, InputError)


def test_lying_header_refused_while_inflating(tmp_path):
    liar = build_bomb(tmp_path / "liar.kmz", 40_000_000, claimed_bytes=2_000_000)
    with pytest.raises(ArchiveError) as info:
        read_kml([liar], MAPPING)
    assert info.value.entry == "doc.kml" and "liar.kmz" in str(info.value)
    assert info.value.field in ("data", "uncompressed size", "compression ratio")


def test_streaming_enforces_the_limits_on_the_bytes_inflated(tmp_path):
    """The checks made while inflating hold even where the directory was not checked."""
    kmz = build_bomb(tmp_path / "b.kmz", 3_000_000)
    limits = ArchiveLimits(max_total_bytes=10**9, max_entry_bytes=2_000_000,
                           max_ratio=10**9)
    with zipfile.ZipFile(kmz) as archive:
        (info,) = archive.infolist()
        out = io.BytesIO()
        with pytest.raises(ArchiveError, match="refused while inflating") as caught:
            copy_entry(archive, info, out, str(kmz), limits)
        assert caught.value.entry == "doc.kml"
        assert out.tell() <= 2_000_000  # stopped at the limit, not after
        ratio = ArchiveLimits(max_ratio=50, ratio_floor_bytes=100_000)
        with pytest.raises(ArchiveError, match="while inflating") as caught:
            copy_entry(archive, info, io.BytesIO(), str(kmz), ratio)
        assert caught.value.field == "compression ratio"
        with pytest.raises(ArchiveError, match="in total"):
            copy_entry(archive, info, io.BytesIO(), str(kmz), ArchiveLimits(
                max_ratio=10**9), already=24_000_000)


def _zip(path: Path, entries: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("entries, limits, field, entry", [
    ({f"f{i}.png": b"x" for i in range(30)} | {"doc.kml": b"<kml/>"},
     ArchiveLimits(max_entries=20), "entries", None),
    ({"doc.kml": b"<kml/>", "big.png": b"\0" * 3_000_000},
     ArchiveLimits(max_entry_bytes=2_000_000, max_ratio=10**9), "uncompressed size", "big.png"),
    ({"a.kml": b"a" * 900_000, "b.kml": b"b" * 900_000},
     ArchiveLimits(max_total_bytes=1_500_000, max_ratio=10**9), "uncompressed size", "b.kml"),
    ({"doc.kml": b" " * 2_000_000}, ArchiveLimits(), "compression ratio", "doc.kml"),
])
def test_central_directory_limits(tmp_path, entries, limits, field, entry):
    path = _zip(tmp_path / "a.kmz", entries)
    with zipfile.ZipFile(path) as archive, pytest.raises(ArchiveError) as info:
        check_archive(archive, str(path), limits)
    assert (info.value.field, info.value.entry) == (field, entry)
    assert str(path) in str(info.value)


def test_small_regular_entries_pass_the_ratio_check(tmp_path):
    path = _zip(tmp_path / "a.kmz", {"doc.kml": b" " * 500_000})  # ratio ~ 1000:1, 0.5 MB
    with zipfile.ZipFile(path) as archive:
        assert [i.filename for i in check_archive(archive, str(path), ArchiveLimits())] == [
            "doc.kml"]


def test_kml_entry_is_extracted_under_our_name_never_its_own(tmp_path):
    control = CONTROL.read_bytes()
    path = _zip(tmp_path / "a.kmz", {"../../evil.kml": control, "images/x.png": b"png"})
    dest = tmp_path / "out" / "doc.kml"
    dest.parent.mkdir()
    assert extract_entry(path, ".kml", dest, ArchiveLimits()) == "../../evil.kml"
    assert dest.read_bytes() == control
    assert not (tmp_path.parent / "evil.kml").exists()
    batch = read_kml([path], MAPPING, on_invalid="skip")
    assert len(batch.zone_reports) == 2
    assert all(r.layer == "kml" for r in batch.zone_reports)


def test_kmz_errors_name_the_kmz_not_a_temporary_file(tmp_path):
    not_zip = tmp_path / "broken.kmz"
    not_zip.write_bytes(b"PK\x03\x04 not really")
    with pytest.raises(ArchiveError, match="broken.kmz: not a readable zip"):
        read_kml([not_zip], MAPPING)
    no_kml = _zip(tmp_path / "nokml.kmz", {"x.png": b"png"})
    with pytest.raises(ArchiveError, match="no .kml entry"):
        read_kml([no_kml], MAPPING)
    empty_kml = _zip(tmp_path / "empty.kmz", {"doc.kml": b"<kml>"})
    with pytest.raises(InputError) as info:
        read_kml([empty_kml], MAPPING)
    assert str(info.value).startswith(str(empty_kml))


# One child imports every file in turn (a child each costs seconds of start-up): the peak
# resident memory is a high-water mark, so each bomb's peak is the peak after its import.
_CHILD = r"""
import json, resource, sys, time
from datetime import date
from geo.errors import FrontlineError
from geo.ingest import ZoneMapping, read_kml
mapping = ZoneMapping(layer="bench", side_field="Name", valid_from=date(2023, 3, 10))
for path in sys.argv[1:]:
    started = time.perf_counter()
    try:
        outcome = f"read {len(read_kml([path], mapping, on_invalid='skip').zone_reports)}"
        message = ""
    except FrontlineError as exc:
        outcome, message = type(exc).__name__, str(exc)
    print(json.dumps({"outcome": outcome, "message": message,
                      "seconds": time.perf_counter() - started,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _measure_in_one_child(*paths: Path) -> list[dict]:
    done = subprocess.run([sys.executable, "-c", _CHILD, *map(str, paths)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, check=False,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr[-2000:]
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_smaller_bomb_refused_fast_in_bounded_memory(tmp_path):
    """The suite's version of bench/kmz_bomb.py: a 100 MB bomb (4x the 25 MB limit; honest
    and lying headers) refused in a child process in under 2 s, peak memory within 40 MB of
    a normal import (made first, in the same child)."""
    normal = build_normal(tmp_path / "normal.kmz")
    bomb = build_bomb(tmp_path / "bomb.kmz", 100_000_000)
    liar = build_bomb(tmp_path / "liar.kmz", 100_000_000,
                      claimed_bytes=50 * bomb.stat().st_size)
    baseline, *results = _measure_in_one_child(normal, bomb, liar)
    assert baseline["outcome"] == "read 2", baseline
    assert len(results) == 2
    for path, result in zip((bomb, liar), results, strict=True):
        assert result["outcome"] == "ArchiveError", result
        assert f"{path.name}, entry 'doc.kml'" in result["message"]
        assert result["seconds"] < 2.0, result
        assert result["peak_mb"] < baseline["peak_mb"] + 40, (result, baseline)
