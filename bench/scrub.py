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
- in the app (bench/scrub_app.py): the same drag inside the app's map component, the
  messages the page sent meanwhile (reruns asked: 0 is the target), a release's and a
  sidebar step's server CPU and websocket bytes (targets 60 ms, 150 KB), beside the
  sidebar slider of the app before the map component (its code from git, commit
  ``--baseline-commit``), as ratios.

    .venv/bin/python bench/scrub.py --store /tmp/big-copy.gpkg
    .venv/bin/python bench/scrub.py --store S --heap-minutes 0 --app-steps 5
"""

from __future__ import annotations

import argparse
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


BASELINE_COMMIT = "32250c2"
"""The last commit before the app's map became the scrubber component (st_folium, one
rerun per slider step)."""


def drag_figures(runs: list[dict]) -> tuple[float, float, float, list[str]]:
    """(median distinct days/s, median frame p95, median draw p95, per-run lines)."""
    rates, frame_p95, draw_p95, lines = [], [], [], []
    for i, run in enumerate(runs):
        rate = run["distinct"] / (run["wall"] / 1000)
        rates.append(rate)
        frame_p95.append(p95(run["frames"]))
        draw_p95.append(p95(run["draws"]))
        lines.append(f"  run {i + 1}: {run['distinct']} distinct days in {run['wall']:.0f} ms"
                     f" = {rate:.1f} days/s; frame p95 {frame_p95[-1]:.1f} ms, draw p95 "
                     f"{draw_p95[-1]:.1f} ms; frames not as expected: {len(run['bad'])}")
    return (statistics.median(rates), statistics.median(frame_p95),
            statistics.median(draw_p95), lines)


def report_app(store: Path, days: int, runs: int, steps: int, commit: str | None) -> None:
    """The in-app figures beside the old app's sidebar slider."""
    from bench.scrub_app import median_step, run

    ours, old = run(store, DRIVE_JS, days=days, runs=runs, steps=steps,
                    baseline_commit=commit)
    print(f"in the app (started as `frontline serve` starts it): map drawn "
          f"{ours.open_ms[0]:.0f} ms after navigation on the first visit after the server "
          f"started (quick frames), the whole span {ours.whole_ms:.0f} ms after it; "
          f"{ours.open_ms[1]:.0f} ms on the next visit (target first frame <= 3000 ms)")
    rate, frame95, draw95, lines = drag_figures(ours.drag)
    for line in lines:
        print(line)
    print(f"in-app drag: {rate:.1f} distinct days/s (target >= 30), frame p95 {frame95:.1f} "
          f"ms (target <= 33), draw p95 {draw95:.1f} ms; messages to the server during the "
          f"drags: {ours.drag_sent} (reruns: 0 is the target)")
    rel, side = median_step(ours.releases), median_step(ours.sidebar)
    print(f"release (median of {len(ours.releases)}): {rel.sent} message(s) sent (reruns "
          f"asked; target 1), server CPU {rel.cpu_s * 1000:.0f} ms (target <= 60), "
          f"{rel.bytes / 1e3:.1f} KB over the websocket (target <= 150), day in the link "
          f"after {rel.latency_s:.3f} s")
    print(f"sidebar step with the component (median of {len(ours.sidebar)}): server CPU "
          f"{side.cpu_s * 1000:.0f} ms, {side.bytes / 1e3:.1f} KB, new day drawn after "
          f"{side.latency_s:.3f} s")
    if old is None or not old.sidebar:
        return
    base = median_step(old.sidebar)
    print(f"sidebar step before the component (commit {commit}, median of "
          f"{len(old.sidebar)}): {1 / base.latency_s:.2f} steps/s ({base.latency_s:.3f} s), "
          f"server CPU {base.cpu_s * 1000:.0f} ms, {base.bytes / 1e6:.2f} MB over the "
          f"websocket; map drawn {old.open_ms[0]:.0f} ms after navigation")
    print(f"ratios vs that slider: drag days/s x{rate * base.latency_s:.0f}; release server "
          f"CPU x{rel.cpu_s / base.cpu_s:.3f}, bytes x{rel.bytes / base.bytes:.4f}; sidebar "
          f"step with the component: CPU x{side.cpu_s / base.cpu_s:.3f}, bytes "
          f"x{side.bytes / base.bytes:.4f}, latency x{side.latency_s / base.latency_s:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True,
                        help="a copy of the big store (bench/bigstore.py); only read")
    parser.add_argument("--days", type=int, default=60, help="consecutive days driven")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--heap-minutes", type=float, default=5.0,
                        help="playback minutes for the heap figure (0: skip)")
    parser.add_argument("--app-steps", type=int, default=5,
                        help="releases and sidebar steps measured in the app (0: skip the app)")
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT,
                        help="the app to compare with ('' : skip)")
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
    rate, frame95, draw95, lines = drag_figures(got["runs"])
    for line in lines:
        print(line)
    print(f"scrubber: {rate:.1f} distinct days/s (median of {len(lines)}; target >= 30), "
          f"frame p95 {frame95:.1f} ms (target <= 33), draw p95 {draw95:.1f} ms")
    if "heap" in got:
        first, last, stats = got["heap"]
        print(f"heap after 1 min of playback {first:.1f} MB, after {args.heap_minutes:g} min "
              f"{last:.1f} MB (x{last / first:.2f}; target <= 1.5); playback draw p95 "
              f"{stats['p95']:.1f} ms over {stats['frames']} frames")
    if args.app_steps:
        report_app(args.store, args.days, args.runs, args.app_steps,
                   args.baseline_commit or None)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
