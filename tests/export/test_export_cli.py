"""``frontline export``: exit codes, output, determinism, permalinks. Browser formats run in a
subprocess (one Playwright per thread: the session's browser fixture may be alive here)."""

from __future__ import annotations

import json
import subprocess
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from PIL import Image

from dashboard.cli import main
from tests.common import ROOT, require_chromium


def test_help_lists_formats_and_options(capsys):
    with pytest.raises(SystemExit) as info:
        main(["export", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    for word in ("png", "pdf", "html", "geojson", "gpkg", "kml", "csv", "gif", "mp4",
                 "bundle", "--bbox", "--window", "--layers", "--size", "--from", "--step",
                 "--opsec-precision", "--holdback-days", "--out", "--link"):
        assert word in out, word


def test_geojson_twice_is_byte_identical(seeded_store_path, tmp_path, capsys):
    outs = []
    for name in ("a.geojson", "b.geojson"):
        out = tmp_path / name
        code = main(["--store", str(seeded_store_path), "export", "geojson", "--date",
                     "2023-03-13", "--window", "14", "--bbox", "37.5,48.3,38.5,48.9",
                     "--out", str(out)])
        assert code == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
    assert "GeoJSON" in capsys.readouterr().out
    data = json.loads(outs[0])
    assert data["metadata"]["view"]["bbox"] == [37.5, 48.3, 38.5, 48.9]


def test_link_reopens_the_app_view_and_options_override(seeded_store_path, tmp_path):
    out = tmp_path / "e.csv"
    link = "http://localhost:8501/?day=2023-03-13&window=14&kinds=judicial,diplomatic"
    assert main(["--store", str(seeded_store_path), "export", "csv", "--link", link,
                 "--out", str(out)]) == 0
    lines = out.read_text().splitlines()
    kinds = {line.split(",")[5] for line in lines[1:]}
    assert kinds and kinds <= {"judicial", "diplomatic"}
    assert main(["--store", str(seeded_store_path), "export", "csv", "--link", link,
                 "--kinds", "statement", "--out", str(out)]) == 0
    assert {line.split(",")[5] for line in out.read_text().splitlines()[1:]} == {"statement"}


def test_opsec_options_reach_the_file(seeded_store_path, tmp_path):
    out = tmp_path / "o.geojson"
    assert main(["--store", str(seeded_store_path), "export", "geojson", "--date",
                 "2023-03-13", "--window", "14", "--opsec-precision", "0.5",
                 "--holdback-days", "3", "--out", str(out)]) == 0
    data = json.loads(out.read_text())
    events = [f for f in data["features"] if f["properties"]["feature"] == "event"]
    assert events
    for feature in events:
        lon, lat = feature["geometry"]["coordinates"]
        assert (lon / 0.5) % 1 == pytest.approx(0.5) and (lat / 0.5) % 1 == pytest.approx(0.5)
        assert feature["properties"]["date"] <= "2023-03-10"
    assert data["metadata"]["view"]["opsec"]["holdback_days"] == 3


@pytest.mark.parametrize("argv, code, message", [
    (["--bbox", "1,2,3"], 2, "W,S,E,N"),
    (["--size", "huge"], 2, "unknown size"),
    (["--date", "2023-13-01"], 2, "YYYY-MM-DD"),
    (["--kinds", "nonsense"], 1, "--kinds"),
    (["--opsec-kinds", "shelling_strike"], 1, "--opsec-precision"),
    (["--opsec-precision", "0"], 1, "precision"),
    (["--from", "2023-05-01", "--to", "2023-04-01"], 1, "before it starts"),
])
def test_bad_options_exit_with_a_clear_message(seeded_store_path, tmp_path, capsys, argv, code,
                                               message):
    fmt = "html" if "--from" in argv else "geojson"
    with pytest.raises(SystemExit) if code == 2 else nullcontext() as info:
        result = main(["--store", str(seeded_store_path), "export", fmt, "--date",
                       "2023-03-13", *argv, "--out", str(tmp_path / "x")])
    got = info.value.code if code == 2 else result
    assert got == code
    assert message in capsys.readouterr().err


def test_missing_store_exits_1(tmp_path, capsys):
    assert main(["--store", str(tmp_path / "none.gpkg"), "export", "csv", "--date",
                 "2023-03-13"]) == 1
    assert "none.gpkg" in capsys.readouterr().err


@pytest.mark.browser
def test_png_a4_and_gif_from_the_command_line(seeded_store_path, tmp_path, output_dir):
    require_chromium()
    png = tmp_path / "a4.png"
    gif = tmp_path / "t.gif"
    for argv in (["png", "--date", "2023-05-21", "--size", "a4", "--out", str(png)],
                 ["gif", "--from", "2023-05-01", "--to", "2023-05-21", "--step", "week",
                  "--out", str(gif)]):
        proc = subprocess.run([sys.executable, "-m", "dashboard", "--store",
                               str(seeded_store_path), "export", *argv],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.returncode == 0, proc.stderr
        assert "bytes" in proc.stdout
    assert Image.open(png).size == (1754, 1240)
    assert Image.open(gif).n_frames == 4  # 05-01, 05-08, 05-15 and the last day, 05-21
    Path(output_dir / "export_cli_a4.png").write_bytes(png.read_bytes())
