"""Export speed: PNG 1600×1000 cold and warm against a new-browser-per-frame baseline, and a
30-frame time-lapse GIF. All measured in this run, on the seeded store (built in a temp dir).

    .venv/bin/python bench/export.py [--repeat N] [--store PATH]

* cold: a new Renderer (Playwright and Chromium started) + one PNG of a freshly built map;
* warm: the same Renderer reused, one PNG per date (map built afresh each time);
* baseline: a new browser launched and closed for every frame (what folium's ``_to_png`` or a
  naive script does); the ratio is baseline / warm;
* GIF: 30 weekly/daily frames, browser start included, frames + encoding.

Targets (issue 6): cold ≤ 2 s, warm ≤ 0.5 s, 30-frame GIF ≤ 20 s.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dashboard.seeding import seed_store  # noqa: E402
from geo.store import GeoPackageStore, Store  # noqa: E402
from layers.export import ExportRequest, Renderer, date_steps, prepare, prepare_range  # noqa: E402
from layers.export.draw.png import render_png  # noqa: E402
from layers.export.draw.render import CHROMIUM_FLAGS, find_chromium  # noqa: E402
from layers.export.draw.timelapse import gif_bytes, mp4_bytes, render_frames  # noqa: E402

log = logging.getLogger("bench.export")

TARGET_COLD_S, TARGET_WARM_S, TARGET_GIF_S = 2.0, 0.5, 20.0


def _png(store: Store, renderer: Renderer, day) -> int:
    return len(render_png(prepare(store, ExportRequest(day=day)), renderer))


def cold(store: Store, days: list, repeat: int) -> list[float]:
    """Seconds for a fresh renderer (browser start included) and one PNG."""
    samples = []
    for i in range(repeat):
        start = time.perf_counter()
        with Renderer() as renderer:
            _png(store, renderer, days[i % len(days)])
        samples.append(time.perf_counter() - start)
    return samples


def warm(store: Store, days: list, repeat: int) -> list[float]:
    """Seconds per PNG with the renderer reused (the first, warming, one not counted)."""
    samples = []
    with Renderer() as renderer:
        _png(store, renderer, days[0])
        for i in range(repeat):
            start = time.perf_counter()
            _png(store, renderer, days[i % len(days)])
            samples.append(time.perf_counter() - start)
    return samples


def baseline(store: Store, days: list, repeat: int) -> list[float]:
    """Seconds per PNG when every frame launches and closes its own browser."""
    from playwright.sync_api import sync_playwright

    samples = []
    with sync_playwright() as playwright:
        for i in range(repeat):
            start = time.perf_counter()
            browser = playwright.chromium.launch(executable_path=find_chromium(),
                                                 args=list(CHROMIUM_FLAGS))
            _png(store, Renderer(browser=browser), days[i % len(days)])
            browser.close()
            samples.append(time.perf_counter() - start)
    return samples


def timelapse(store: Store, frames: int) -> dict[str, float]:
    """Seconds for a ``frames``-frame GIF (and MP4) from a cold start."""
    first, last = store.date_range()  # type: ignore[misc]
    days = date_steps(last - timedelta(days=frames - 1), last)[:frames]
    start = time.perf_counter()
    with Renderer() as renderer:
        views = prepare_range(store, ExportRequest(day=last), days)
        rendered = render_frames(views, renderer)
    drawn = time.perf_counter()
    gif = gif_bytes(rendered)
    done = time.perf_counter()
    mp4_bytes(rendered)
    mp4 = time.perf_counter() - done
    log.info("gif: %d bytes", len(gif))
    return {"frames": len(rendered), "draw": drawn - start, "gif": done - start,
            "mp4_encode": mp4}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--frames", type=int, default=30)
    parser.add_argument("--store", type=Path, help="an existing store (default: seeds)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            store = GeoPackageStore(args.store)
        else:
            store = GeoPackageStore(Path(tmp) / "bench.gpkg", create=True)
            seed_store(store, written_by="bench")
        with store:
            days = store.zone_report_dates()
            c = statistics.median(cold(store, days, args.repeat))
            w = statistics.median(warm(store, days, args.repeat * 2))
            b = statistics.median(baseline(store, days, args.repeat))
            t = timelapse(store, args.frames)
    print(f"PNG 1600x1000 cold (Playwright + Chromium start + 1 PNG), median of {args.repeat}: "
          f"{c:.2f} s (target <= {TARGET_COLD_S} s)")
    print(f"PNG 1600x1000 warm (browser reused), median of {args.repeat * 2}: {w:.3f} s "
          f"(target <= {TARGET_WARM_S} s)")
    print(f"baseline, new browser per frame, median of {args.repeat}: {b:.2f} s")
    print(f"ratio baseline / warm: {b / w:.1f}x")
    print(f"time-lapse {t['frames']} frames: drawn in {t['draw']:.2f} s, GIF ready in "
          f"{t['gif']:.2f} s (browser start included; target <= {TARGET_GIF_S} s); "
          f"MP4 encoding {t['mp4_encode']:.2f} s more")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
