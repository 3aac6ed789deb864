"""A KMZ bomb (1 MB of deflate inflating to 1 GB) against the KML importer, beside a normal
small KMZ measured in the same run.

    .venv/bin/python bench/kmz_bomb.py [--inflated-mb 1000] [--max-mb 25]

The bombs are built in a temporary folder, streamed chunk by chunk (never held in memory): one
with an honest central directory (refused before inflating) and one whose headers lie about
the inflated size (refused while inflating). Each import runs in a child process of its own,
which reports the wall time of ``read_kml`` and its peak resident memory (``ru_maxrss``,
interpreter and libraries included). Target (issue 11): a 1 GB-inflating KMZ refused in
under 2 s with under 200 MB peak memory.
"""

from __future__ import annotations

import argparse
import json
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTROL_KML = ROOT / "tests" / "data" / "zones" / "control.kml"
TARGET_SECONDS = 2.0
TARGET_PEAK_MB = 200.0

_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">'
         b"<Document><name>bomb</name>\n")
_TAIL = b"\n</Document></kml>\n"


def build_bomb(path: Path, inflated_bytes: int, *, claimed_bytes: int | None = None,
               chunk_bytes: int = 1 << 20) -> Path:
    """A KMZ whose ``doc.kml`` is a KML header, ``inflated_bytes`` of blanks and a footer.

    Written through a streaming zip writer (one chunk in memory at a time). With
    ``claimed_bytes`` the local and central headers are patched afterwards to declare that
    inflated size instead (a lying header)."""
    blank = b" " * chunk_bytes
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        with zf.open("doc.kml", "w", force_zip64=False) as out:
            out.write(_HEAD)
            left = inflated_bytes
            while left > 0:
                out.write(blank[:min(left, chunk_bytes)])
                left -= chunk_bytes
            out.write(_TAIL)
    if claimed_bytes is not None:
        _patch_sizes(path, claimed_bytes)
    return path


def _patch_sizes(path: Path, claimed: int) -> None:
    """Rewrite the uncompressed size of the single entry in its local and central headers."""
    with open(path, "r+b") as f:
        f.seek(-22, 2)
        end = f.read(22)
        assert end[:4] == b"PK\x05\x06", "expected an archive without comment"
        (cd_offset,) = struct.unpack("<I", end[16:20])
        f.seek(cd_offset)
        central = f.read(46)
        assert central[:4] == b"PK\x01\x02"
        (local_offset,) = struct.unpack("<I", central[42:46])
        f.seek(cd_offset + 24)
        f.write(struct.pack("<I", claimed))
        f.seek(local_offset + 22)
        f.write(struct.pack("<I", claimed))


def build_normal(path: Path) -> Path:
    """A small, honest KMZ: the test control map as ``doc.kml``."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.write(CONTROL_KML, "doc.kml")
    return path


_CHILD = r"""
import json, resource, sys, time
from datetime import date
sys.path.insert(0, sys.argv[3])
from geo.errors import FrontlineError
from geo.ingest import ZoneMapping, read_kml
mapping = ZoneMapping(layer="bench", side_field="Name", valid_from=date(2023, 3, 10))
started = time.perf_counter()
try:
    batch = read_kml([sys.argv[1]], mapping, on_invalid="skip", max_mb=float(sys.argv[2]))
    outcome, message = "read", f"{len(batch.zone_reports)} zone reports"
except FrontlineError as exc:
    outcome, message = type(exc).__name__, str(exc)
seconds = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"outcome": outcome, "message": message, "seconds": seconds,
                  "peak_mb": peak_mb}))
"""


def measure(kmz: Path, max_mb: float = 25.0, timeout_s: float = 600) -> dict:
    """Import ``kmz`` in a fresh child process: outcome, message, seconds, peak_mb."""
    done = subprocess.run([sys.executable, "-c", _CHILD, str(kmz), str(max_mb), str(ROOT)],
                          capture_output=True, text=True, timeout=timeout_s, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"child import of {kmz} failed: {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def run(inflated_mb: float, max_mb: float, folder: Path) -> dict[str, dict]:
    """Build the normal KMZ and both bombs in ``folder``; measure each import."""
    inflated = int(inflated_mb * 1e6)
    files = {
        "normal KMZ (baseline)": build_normal(folder / "normal.kmz"),
        "bomb, honest header": build_bomb(folder / "bomb.kmz", inflated),
    }
    # the lie is plausible: under the size limit and at a 50:1 ratio, so only the checks
    # made while inflating can catch it
    compressed = files["bomb, honest header"].stat().st_size
    files["bomb, lying header"] = build_bomb(
        folder / "liar.kmz", inflated, claimed_bytes=min(int(max_mb * 1e6) // 2, 50 * compressed))
    results = {}
    for name, path in files.items():
        result = measure(path, max_mb)
        result["file_mb"] = path.stat().st_size / 1e6
        results[name] = result
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inflated-mb", type=float, default=1000.0)
    parser.add_argument("--max-mb", type=float, default=25.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kmz-bomb-") as tmp:
        results = run(args.inflated_mb, args.max_mb, Path(tmp))
    base = results["normal KMZ (baseline)"]
    ok = True
    for name, r in results.items():
        print(f"{name}: {r['file_mb']:.2f} MB file -> {r['outcome']} in {r['seconds']:.3f} s, "
              f"peak {r['peak_mb']:.0f} MB (x{r['peak_mb'] / base['peak_mb']:.2f} memory, "
              f"x{r['seconds'] / max(base['seconds'], 1e-6):.1f} time of the baseline)")
        print(f"    {r['message'][:160]}")
        if name != "normal KMZ (baseline)":
            ok &= (r["outcome"] == "ArchiveError" and r["seconds"] < TARGET_SECONDS
                   and r["peak_mb"] < TARGET_PEAK_MB)
    print(f"target: refused in < {TARGET_SECONDS:g} s with < {TARGET_PEAK_MB:g} MB peak: "
          f"{'met' if ok else 'NOT met'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
