"""The scrubber inside the app (bench/scrub.py's in-app half), beside the sidebar slider of
the app as it was before the map component (its code taken from git, run on the same store
with the same Python environment).

Measured in headless Chromium on a loopback Streamlit server:

- opening: ms from navigation until the map's ``data-day`` is set (the first visit builds
  the frames; a second visit finds them built);
- dragging the in-map scrubber one day per animation frame over ``days`` days inside the
  app's map: distinct days per second, p95 frame time, and the messages the page sent to
  the server meanwhile (a rerun needs one: 0 means no rerun);
- a release: messages sent (reruns asked), the server process's CPU seconds and the bytes
  it sent over the websocket until the rerun is done;
- a sidebar slider step, on both apps: latency to the new day drawn, server CPU, websocket
  bytes.
"""

from __future__ import annotations

import logging
import statistics
import subprocess
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.load import cpu_seconds
from tests.common import APP_MAP_IFRAME, CHROMIUM_FLAGS, ROOT, AppServer, chromium_path

log = logging.getLogger("bench.scrub_app")

SIDEBAR_SLIDER = "[data-testid='stSidebar'] [data-testid='stSlider'] input[type='range']"
OLD_MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
QUERY = "?day=2023-03-15&window=7&z=10"
SETTLE_MS = 1500
"""After a step's map is drawn, how long trailing messages are still counted."""


def server(folder: Path, store: Path, log_path: Path, preload: bool = False) -> AppServer:
    """``streamlit run`` of ``folder``/streamlit_app.py (our checkout or an old one), whose
    own packages come first on the path; ``preload`` as ``frontline serve`` runs it."""
    return AppServer(store, log_path, folder / "streamlit_app.py", cwd=folder,
                     env={"PYTHONPATH": str(folder)}, preload=preload)


def old_checkout(commit: str, folder: Path) -> Path:
    """The project's files at ``commit`` (git archive: the repository is not touched)."""
    archive = folder / "old.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", "-C", str(ROOT), "archive", commit], stdout=out, check=True)
    target = folder / "old"
    target.mkdir()
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target


@dataclass
class Wire:
    """Websocket traffic of one page: messages sent, bytes received."""

    sent: int = 0
    received: int = 0

    def attach(self, page) -> None:
        def on_ws(ws) -> None:
            ws.on("framesent", lambda _p: setattr(self, "sent", self.sent + 1))
            ws.on("framereceived", lambda p: setattr(self, "received",
                                                      self.received + len(p)))
        page.on("websocket", on_ws)


@dataclass
class Step:
    latency_s: float
    cpu_s: float
    bytes: int
    sent: int


@dataclass
class AppFigures:
    open_ms: list[float] = field(default_factory=list)
    drag: list[dict] = field(default_factory=list)
    drag_sent: list[int] = field(default_factory=list)
    releases: list[Step] = field(default_factory=list)
    sidebar: list[Step] = field(default_factory=list)
    whole_ms: float = 0.0


def _measure(page, wire: Wire, server: AppServer, act, done) -> Step:
    """Server CPU, websocket bytes and messages of one action until ``done`` holds."""
    page.wait_for_timeout(300)
    cpu0, bytes0, sent0 = cpu_seconds(server.proc.pid), wire.received, wire.sent
    start = time.monotonic()
    act()
    done()
    latency = time.monotonic() - start
    page.wait_for_timeout(SETTLE_MS)
    return Step(latency, cpu_seconds(server.proc.pid) - cpu0, wire.received - bytes0,
                wire.sent - sent0)


def _component_frame(page, timeout_ms: int):
    page.wait_for_selector(APP_MAP_IFRAME, timeout=timeout_ms)
    frame = page.query_selector(APP_MAP_IFRAME).content_frame()
    frame.wait_for_selector(".leaflet-container[data-day]", timeout=timeout_ms)
    frame.wait_for_function("() => window.flScrubber.drawn().length > 100",
                            timeout=timeout_ms)
    return frame


def _new_page(browser, server: AppServer):
    """A new page on the app, its websocket counted: (context, page, wire, start time)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    wire = Wire()
    wire.attach(page)
    start = time.monotonic()
    page.goto(server.url + "/" + QUERY, timeout=300_000)
    return context, page, wire, start


def _visit(browser, server: AppServer):
    """A new page on the app: (context, page, wire, map frame, ms until drawn)."""
    context, page, wire, start = _new_page(browser, server)
    frame = _component_frame(page, 300_000)
    return context, page, wire, frame, (time.monotonic() - start) * 1000


RELEASE_JS = """i => { var s = document.querySelector("input[data-role='frontline-scrubber']");
    s.value = String(i); s.dispatchEvent(new Event('input', {bubbles: true}));
    s.dispatchEvent(new Event('change', {bubbles: true})); }"""


def _releases(out: AppFigures, page, frame, wire: Wire, server: AppServer, start: int,
              steps: int) -> None:
    for i in range(steps):  # a release after a move to another day
        target = start + 5 + 3 * i
        day = frame.evaluate("i => flScrubber.days[i]", target)
        out.releases.append(_measure(
            page, wire, server, lambda t=target: frame.evaluate(RELEASE_JS, t),
            lambda d=day: page.wait_for_function(
                "d => location.search.includes('day=' + d)", arg=d, timeout=60_000)))


def _sidebar_steps(out: AppFigures, page, frame, wire: Wire, server: AppServer,
                   steps: int) -> None:
    page.locator(SIDEBAR_SLIDER).first.focus()
    for _ in range(steps):
        before = frame.get_attribute(".leaflet-container", "data-day")
        out.sidebar.append(_measure(
            page, wire, server, lambda: page.keyboard.press("ArrowRight"),
            lambda b=before: frame.wait_for_function(
                "d => document.querySelector('.leaflet-container').dataset.day !== d",
                arg=b, timeout=60_000)))


def measure_component_app(browser, server: AppServer, drive_js: str, days: int, runs: int,
                          steps: int) -> AppFigures:
    """The app with the map component: open (twice), drags, releases, sidebar steps."""
    out = AppFigures()
    context, page, _, frame, ms = _visit(browser, server)  # the first visit builds the frames
    out.open_ms.append(ms)
    started = time.monotonic() - ms / 1000
    # on a big store it drew quick frames: wait for the whole span (its ticket resolved)
    frame.wait_for_function("() => window.flHost && !window.flHost.ticket", timeout=300_000)
    out.whole_ms = (time.monotonic() - started) * 1000
    context.close()
    context, page, wire, frame, ms = _visit(browser, server)
    out.open_ms.append(ms)
    page.wait_for_timeout(2000)
    start = frame.evaluate("flScrubber.index()")
    for _ in range(runs):
        frame.evaluate("i => flScrubber.show(i)", start)
        page.wait_for_timeout(300)
        sent = wire.sent
        out.drag.append(frame.evaluate(drive_js, [start, days]))
        out.drag_sent.append(wire.sent - sent)
    _releases(out, page, frame, wire, server, start, steps)
    _sidebar_steps(out, page, frame, wire, server, steps)
    context.close()
    return out


def measure_old_app(browser, server: AppServer, steps: int) -> AppFigures:
    """The app before the map component (st_folium): sidebar slider steps."""
    out = AppFigures()
    context, page, wire, start = _new_page(browser, server)
    page.wait_for_selector(OLD_MAP_IFRAME, timeout=300_000)
    frame = page.query_selector(OLD_MAP_IFRAME).content_frame()
    drawn = ("() => window.feature_group && window.feature_group.some(g => !g.__old)"
             " && document.querySelectorAll('path.fl-event').length > 100")
    frame.wait_for_function(drawn.replace("!g.__old", "true"), timeout=300_000)
    out.open_ms.append((time.monotonic() - start) * 1000)
    page.wait_for_timeout(6000)  # the old app simplified every report in the background
    page.locator(SIDEBAR_SLIDER).first.focus()
    for _ in range(steps):
        frame.evaluate("window.feature_group.forEach(g => { g.__old = true; })")
        out.sidebar.append(_measure(page, wire, server,
                                    lambda: page.keyboard.press("ArrowRight"),
                                    lambda: frame.wait_for_function(drawn, timeout=60_000)))
    context.close()
    return out


def run(store: Path, drive_js: str, *, days: int, runs: int, steps: int,
        baseline_commit: str | None) -> tuple[AppFigures, AppFigures | None]:
    """Both apps, one after the other, each on its own server over ``store``."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="frontline-scrub-app-") as tmp, \
            sync_playwright() as playwright:
        folder = Path(tmp)
        browser = playwright.chromium.launch(executable_path=chromium_path(),
                                             args=CHROMIUM_FLAGS)
        app = server(ROOT, store, folder / "app.log", preload=True)
        try:
            ours = measure_component_app(browser, app, drive_js, days, runs, steps)
        finally:
            app.stop()
        old = None
        if baseline_commit:
            app = server(old_checkout(baseline_commit, folder), store, folder / "old.log")
            try:
                old = measure_old_app(browser, app, steps)
            finally:
                app.stop()
        browser.close()
    return ours, old


def median_step(steps: list[Step]) -> Step:
    """The median of each figure over ``steps``."""
    return Step(statistics.median(s.latency_s for s in steps),
                statistics.median(s.cpu_s for s in steps),
                int(statistics.median(s.bytes for s in steps)),
                int(statistics.median(s.sent for s in steps)))
