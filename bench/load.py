"""Many viewers at once: N headless-Chromium viewers scrub the slider of one app server.

The app runs on the big store (the seeds, 16 real DeepState snapshots, 2,000 events a week)
on loopback. For each N (default 1, 5, 10, 20), N browser pages open the map at the same
time, then each presses the slider's right arrow ``--steps`` times, waiting after each press
until the new day's layers are drawn. Printed per N:

- p50 / p95 of a step's latency (key press -> new layers drawn in that page), and errors
  (failed page loads, steps that timed out, exceptions shown by Streamlit, page errors);
- the server process's own CPU seconds per step (utime + stime from /proc over the
  stepping phase, divided by the steps done): on 2 cores the browsers compete with the
  server for CPU, so latency mostly measures the browsers; server CPU per step tells capacity;
- bytes the server sent over the websockets per step (frames received by the pages, as
  Playwright hands them over) and the server's peak memory (VmHWM) and its resident memory
  with N sessions open, and per session beyond the first.

The baseline is N = 1 of the same run: the ratios ``cpu/step vs N=1`` and
``memory per extra session`` are the figures to compare. Everything is bounded in time
(``--budget`` seconds per N); nothing leaves 127.0.0.1.

    .venv/bin/python bench/load.py                       # N = 1, 5, 10, 20
    .venv/bin/python bench/load.py --viewers 1 5 --steps 10
    .venv/bin/python bench/load.py --store big.gpkg      # reuse a built big store
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.common import APP_MAP_IFRAME, CHROMIUM_FLAGS, AppServer, chromium_path  # noqa: E402

log = logging.getLogger("bench.load")

SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']"
MAP_FRAME = APP_MAP_IFRAME
START_QUERY = "?day=2023-03-01&window=7&z=9"
#: The map is ready when the scrubber drew the day's events (the big store has hundreds of
#: events in any 7-day window); a step is done when it shows a day other than ``arg``.
READY = "() => window.flScrubber && window.flScrubber.drawn().length > 100"
STEPPED = ("before => document.querySelector('.leaflet-container').dataset.day !== before"
           " && window.flScrubber.drawn().length > 100")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process (its own, not its children's)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def memory_mb(pid: int) -> tuple[float, float]:
    """(resident, peak resident) memory of one process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


@dataclass
class Viewer:
    """What one page saw."""

    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ws_bytes: int = 0
    counting: bool = False


async def open_viewer(browser, url: str, viewer: Viewer, timeout_ms: int):
    """A new context and page on the map, its websocket frames counted; returns the page."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})

    async def guard(route, request):
        if request.url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:")):
            await route.continue_()
        else:
            viewer.errors.append(f"blocked request {request.url}")
            await route.abort()

    def on_frame(payload) -> None:
        if viewer.counting:
            viewer.ws_bytes += len(payload)

    await context.route("**/*", guard)
    page = await context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.on("pageerror", lambda exc: viewer.errors.append(f"page error: {exc}"))
    await page.goto(url + START_QUERY, timeout=timeout_ms)
    await page.wait_for_selector(MAP_FRAME, timeout=timeout_ms)
    frame = await (await page.query_selector(MAP_FRAME)).content_frame()
    await frame.wait_for_function(READY, timeout=timeout_ms)
    return page, frame


async def scrub(page, frame, viewer: Viewer, steps: int, deadline: float) -> None:
    """Press the slider's right arrow ``steps`` times, timing each redraw."""
    await page.locator(SLIDER).first.focus()
    viewer.counting = True
    for _ in range(steps):
        left_ms = (deadline - time.monotonic()) * 1000
        if left_ms <= 0:
            viewer.errors.append("time budget spent before all steps")
            break
        before = await frame.get_attribute(".leaflet-container", "data-day")
        start = time.monotonic()
        await page.keyboard.press("ArrowRight")
        try:
            await frame.wait_for_function(STEPPED, arg=before, timeout=left_ms)
        except Exception as exc:  # noqa: BLE001 - a timed-out step is an error to count
            viewer.errors.append(f"step timed out: {type(exc).__name__}")
            break
        viewer.latencies.append(time.monotonic() - start)
    viewer.counting = False
    if await page.locator("[data-testid='stException']").count():
        viewer.errors.append("Streamlit showed an exception")


@dataclass
class Round:
    """The figures of one N."""

    viewers: int
    steps: int
    p50: float
    p95: float
    errors: list[str]
    cpu_per_step: float
    bytes_per_step: float
    rss_mb: float
    peak_mb: float
    wall_s: float


async def run_round(browser, server: AppServer, n: int, steps: int, budget_s: float) -> Round:
    """N viewers open the map together, then scrub together."""
    viewers = [Viewer() for _ in range(n)]
    timeout_ms = budget_s * 1000
    opened = await asyncio.gather(
        *(open_viewer(browser, server.url, v, timeout_ms) for v in viewers),
        return_exceptions=True)
    pages = []
    for viewer, result in zip(viewers, opened, strict=True):
        if isinstance(result, BaseException):
            viewer.errors.append(f"page did not load: {type(result).__name__}: {result}")
        else:
            pages.append((result, viewer))
    await asyncio.sleep(2)  # let the last first runs finish before measuring the steps
    cpu_before = cpu_seconds(server.proc.pid)
    started = time.monotonic()
    deadline = started + budget_s
    await asyncio.gather(*(scrub(page, frame, v, steps, deadline)
                           for (page, frame), v in pages))
    wall = time.monotonic() - started
    cpu = cpu_seconds(server.proc.pid) - cpu_before
    rss, peak = memory_mb(server.proc.pid)
    for (page, _), _v in pages:
        await page.context.close()
    latencies = sorted(x for v in viewers for x in v.latencies)
    done = len(latencies)
    errors = [e for v in viewers for e in v.errors]
    return Round(
        viewers=n, steps=done,
        p50=statistics.median(latencies) if latencies else float("nan"),
        p95=latencies[min(done - 1, int(0.95 * done))] if latencies else float("nan"),
        errors=errors, cpu_per_step=cpu / done if done else float("nan"),
        bytes_per_step=sum(v.ws_bytes for v in viewers) / done if done else float("nan"),
        rss_mb=rss, peak_mb=peak, wall_s=wall)


async def main_async(args: argparse.Namespace, store: Path, folder: Path) -> list[Round]:
    from playwright.async_api import async_playwright

    server = AppServer(store, folder / "streamlit.log")
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=chromium_path(),
                                                       args=CHROMIUM_FLAGS)
            # One viewer first, unmeasured: the server's one-off start-up work (imports,
            # the store's first reads, background simplification) is not any round's cost.
            await run_round(browser, server, 1, 2, args.budget)
            await asyncio.sleep(8)
            rounds = []
            for n in args.viewers:
                result = await run_round(browser, server, n, args.steps, args.budget)
                rounds.append(result)
                report(result, rounds[0])
            await browser.close()
        return rounds
    finally:
        server.stop()


def report(r: Round, base: Round) -> None:
    """Print one round's figures against the first round's (the N = 1 baseline)."""
    extra = (r.rss_mb - base.rss_mb) / (r.viewers - base.viewers) if r.viewers > base.viewers \
        else float("nan")
    print(f"N={r.viewers:>2}: {r.steps} steps in {r.wall_s:.1f} s; step p50 {r.p50:.3f} s, "
          f"p95 {r.p95:.3f} s; errors {len(r.errors)}; server CPU/step {r.cpu_per_step:.3f} s "
          f"(x{r.cpu_per_step / base.cpu_per_step:.2f} of N={base.viewers}); "
          f"{r.bytes_per_step / 1e6:.2f} MB/step over the websockets; server RSS "
          f"{r.rss_mb:.0f} MB, peak {r.peak_mb:.0f} MB, {extra:.1f} MB per session beyond "
          f"N={base.viewers}", flush=True)
    for error in sorted(set(r.errors))[:10]:
        print(f"    error: {error}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[1, 5, 10, 20])
    parser.add_argument("--steps", type=int, default=8, help="slider steps per viewer")
    parser.add_argument("--budget", type=float, default=240.0,
                        help="seconds allowed for each N's page loads and for its steps")
    parser.add_argument("--store", type=Path, help="a built big store (default: build one)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if chromium_path() is None:
        print("Debian's chromium is not installed (make setup installs it)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="frontline-load-") as tmp:
        folder = Path(tmp)
        store = args.store
        if store is None:
            from bench.bigstore import build

            store = folder / "big.gpkg"
            build(store).close()
        rounds = asyncio.run(main_async(args, store, folder))
    failed = sum(len(r.errors) for r in rounds)
    print(f"total errors: {failed}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
