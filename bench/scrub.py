"""Scrubbing in the browser: the in-map scrubber over the frames of Jan–Jul 2023, in headless
Chromium, beside today's sidebar slider (a Streamlit rerun per step).

The page is the scrubber's own (layers.scrubber: the base map, the frames of
layers.frames and static/frontline_scrubber.js, the same code the standalone HTML export
runs), opened at 2023-03-15 on the big store (16 DeepState snapshots + 2,000 synthetic
events a week). Printed:

- frames payload: raw JSON bytes and gzip bytes (what a compressed transfer sends), and
  the time to build the frames in Python;
- first frame: ms from navigation start until ``.leaflet-container`` carries ``data-day``;
- driving the scrubber (``input[data-role=frontline-scrubber]``) one day per animation
  frame over ``--days`` consecutive days: distinct days drawn per second (each checked on
  ``data-day`` and its window's events drawn), p95 frame time (animation frame to
  animation frame) and p95 of the scrubber's own drawing, median of ``--runs`` runs;
- heap: JS heap after ``--heap-minutes`` of playback at 30 days a second vs after the
  first minute (garbage collected before each reading);
- the sidebar slider baseline (bench/load.py with one viewer on the same store): steps per
  second, server CPU and websocket bytes per step, as ratios.

    .venv/bin/python bench/scrub.py --store /tmp/big-copy.gpkg
    .venv/bin/python bench/scrub.py --store S --heap-minutes 5 --baseline-steps 8
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geo.store import GeoPackageStore  # noqa: E402
from geo.zones import zoom_band  # noqa: E402
from layers.compose import map_html  # noqa: E402
from layers.frames import payload_sizes, store_frames  # noqa: E402
from layers.scrubber import frames_map  # noqa: E402
from tests.common import CHROMIUM_FLAGS, chromium_path  # noqa: E402

log = logging.getLogger("bench.scrub")

FIRST, LAST, OPEN_AT = date(2023, 1, 1), date(2023, 7, 31), date(2023, 3, 15)
ZOOM = 10
CENTER = (48.45, 38.05)
SCRUBBER = "input[type=range][data-role='frontline-scrubber']"

#: Records when the first frame is drawn (data-day first set), from navigation start.
FIRST_FRAME_JS = """
new MutationObserver(function (records, observer) {
    if (document.querySelector('.leaflet-container[data-day]')) {
        window.__firstFrameMs = performance.now(); observer.disconnect();
    }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['data-day']});
"""

#: One day per animation frame from ``start`` over ``days`` days, as a person dragging
#: would: set the range input's value and fire ``input``. Resolves with the timings.
DRIVE_JS = """
([start, days]) => new Promise(function (resolve) {
    var slider = document.querySelector("SCRUBBER"), map = document.querySelector(
        ".leaflet-container"), s = window.flScrubber, frames = [], draws = [], seen = {};
    var bad = [], i = 0, last = null, t0 = null;
    function step(now) {
        if (last !== null) { frames.push(now - last); }
        last = now;
        if (i === days) {
            resolve({wall: now - t0, frames: frames, draws: draws,
                     distinct: Object.keys(seen).length, bad: bad});
            return;
        }
        if (t0 === null) { t0 = now; }
        var index = start + i, a = performance.now();
        slider.value = String(index);
        slider.dispatchEvent(new Event("input", {bubbles: true}));
        draws.push(performance.now() - a);
        var day = map.getAttribute("data-day");
        if (day !== s.days[index] || s.drawn().length === 0) { bad.push([index, day]); }
        seen[day] = true;
        i += 1;
        requestAnimationFrame(step);
    }
    requestAnimationFrame(step);
})
""".replace("SCRUBBER", SCRUBBER)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))] if ordered else float("nan")


def build_page(store_path: Path, folder: Path) -> tuple[Path, dict[str, float]]:
    """Write the scrubber page over the frames of FIRST..LAST; returns it and its figures."""
    with GeoPackageStore(store_path) as store:
        started = time.perf_counter()
        frames = store_frames(store, FIRST, LAST, band=zoom_band(ZOOM), window_days=7,
                              initial=OPEN_AT)
        build_s = time.perf_counter() - started
    raw, packed = payload_sizes(frames)
    page = folder / "scrub.html"
    page.write_text(map_html(frames_map(frames, center=CENTER, zoom=ZOOM)), encoding="utf-8")
    return page, {"raw": raw, "gzip": packed, "build_s": build_s,
                  "page": page.stat().st_size, "events": len(frames["ev"]["x"]),
                  "zones": len(frames["zones"]), "days": len(frames["days"]),
                  "start": frames["initial"]}


def _heap_mb(cdp) -> float:
    cdp.send("HeapProfiler.collectGarbage")
    return cdp.send("Runtime.getHeapUsage")["usedSize"] / 1e6


def browser_figures(page_path: Path, info: dict[str, float], days: int, runs: int,
                    heap_minutes: float) -> dict[str, object]:
    """First frame, drive runs and the playback heap, in one headless Chromium."""
    from playwright.sync_api import sync_playwright

    out: dict[str, object] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.route("**/*", lambda route, request: route.continue_() if request.url.startswith(
            ("file:", "data:", "blob:", "about:")) else route.abort())
        page = context.new_page()
        page.add_init_script(FIRST_FRAME_JS)
        page.goto(page_path.as_uri(), timeout=180_000)
        page.wait_for_function("window.__firstFrameMs !== undefined", timeout=180_000)
        out["first_frame_ms"] = page.evaluate("window.__firstFrameMs")
        start = int(info["start"])
        results = []
        for _ in range(runs):
            page.evaluate("i => window.flScrubber.show(i)", start)
            page.wait_for_timeout(300)
            results.append(page.evaluate(DRIVE_JS, [start, days]))
        out["runs"] = results
        if heap_minutes > 0:
            cdp = context.new_cdp_session(page)
            page.evaluate("""() => { window.__loop = setInterval(function () {
                if (!window.flScrubber.playing()) { window.flScrubber.show(0);
                                                    window.flScrubber.play(30); } }, 200); }""")
            minute = min(60.0, heap_minutes * 60)
            page.wait_for_timeout(minute * 1000)
            first = _heap_mb(cdp)
            page.wait_for_timeout(max(0.0, heap_minutes * 60 - minute) * 1000)
            out["heap"] = (first, _heap_mb(cdp), page.evaluate("window.flScrubber.stats()"))
        browser.close()
    return out


def baseline(store_path: Path, steps: int) -> dict[str, float] | None:
    """Today's sidebar slider with one viewer (bench/load.py): per-step figures."""
    from bench.load import main_async

    args = argparse.Namespace(viewers=[1], steps=steps, budget=300.0)
    with tempfile.TemporaryDirectory(prefix="frontline-scrub-base-") as tmp:
        rounds = asyncio.run(main_async(args, store_path, Path(tmp)))
    r = rounds[0]
    if not r.steps:
        return None
    return {"steps_per_s": r.steps / r.wall_s, "p50_s": r.p50, "cpu_s": r.cpu_per_step,
            "bytes": r.bytes_per_step}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True,
                        help="a copy of the big store (bench/bigstore.py); only read")
    parser.add_argument("--days", type=int, default=60, help="consecutive days driven")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--heap-minutes", type=float, default=5.0,
                        help="playback minutes for the heap figure (0: skip)")
    parser.add_argument("--baseline-steps", type=int, default=8,
                        help="sidebar slider steps of the baseline (0: skip)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if chromium_path() is None:
        print("Debian's chromium is not installed (make setup installs it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="frontline-scrub-") as tmp:
        page, info = build_page(args.store, Path(tmp))
        print(f"frames {FIRST}..{LAST}: {info['days']} days, {info['zones']} zones, "
              f"{info['events']} events; payload {info['raw'] / 1e6:.2f} MB raw, "
              f"{info['gzip'] / 1e6:.2f} MB gzip (target <= 6 MB on the wire); page "
              f"{info['page'] / 1e6:.2f} MB; built in {info['build_s']:.2f} s", flush=True)
        got = browser_figures(page, info, args.days, args.runs, args.heap_minutes)
    print(f"first frame {got['first_frame_ms']:.0f} ms after navigation start "
          f"(target <= 3000 ms)")
    rates, frame_p95, draw_p95 = [], [], []
    for i, run in enumerate(got["runs"]):
        rate = run["distinct"] / (run["wall"] / 1000)
        rates.append(rate)
        frame_p95.append(p95(run["frames"]))
        draw_p95.append(p95(run["draws"]))
        print(f"  run {i + 1}: {run['distinct']} distinct days in {run['wall']:.0f} ms = "
              f"{rate:.1f} days/s; frame p95 {frame_p95[-1]:.1f} ms, draw p95 "
              f"{draw_p95[-1]:.1f} ms; frames not as expected: {len(run['bad'])}")
    rate = statistics.median(rates)
    print(f"scrubber: {rate:.1f} distinct days/s (median of {len(rates)}; target >= 30), "
          f"frame p95 {statistics.median(frame_p95):.1f} ms (target <= 33), draw p95 "
          f"{statistics.median(draw_p95):.1f} ms")
    if "heap" in got:
        first, last, stats = got["heap"]
        print(f"heap after 1 min of playback {first:.1f} MB, after {args.heap_minutes:g} min "
              f"{last:.1f} MB (x{last / first:.2f}; target <= 1.5); playback draw p95 "
              f"{stats['p95']:.1f} ms over {stats['frames']} frames")
    if args.baseline_steps:
        base = baseline(args.store, args.baseline_steps)
        if base is None:
            print("sidebar slider baseline: no step completed")
        else:
            print(f"sidebar slider (today): {base['steps_per_s']:.2f} steps/s (p50 "
                  f"{base['p50_s']:.2f} s), server CPU {base['cpu_s']:.3f} s and "
                  f"{base['bytes'] / 1e6:.2f} MB over the websocket per step")
            print(f"ratio: scrubber days/s vs slider steps/s x{rate / base['steps_per_s']:.1f}")
    print("server CPU and bytes per release: not measured (the app's map is not on the "
          "scrubber component yet)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
