"""Helpers shared by the tests (no tests here): paths, Chromium and the app server, and for
the export tests a store with a restricted layer and hostile text, colours as drawn, the Web
Mercator projection, the minimal theatre file."""

from __future__ import annotations

import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from shapely.geometry import box

from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place, Side, ZoneReport
from geo.store import Batch

ROOT = Path(__file__).resolve().parent.parent
OUTPUT_DIR = ROOT / "test-output"
SHARED_DATA = ROOT.parent / "shared" / "data"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

#: The issue's minimal theatre file (three sides, one contested), as TOML text.
MINIMAL_THEATRE_TOML = """\
name = "testland"                      # id used by --theatre and ?theatre=
title = "Battle of Testland, 2024"
bbox = [20.10, 10.20, 20.60, 10.70]    # lon_min, lat_min, lon_max, lat_max
start = 2024-01-01
end = 2024-12-31
[[sides]]
id = "government"
label = "Government forces"
colour = "#0072B2"
[[sides]]
id = "rebels"
label = "Rebel forces"
colour = "#D55E00"
[[sides]]
id = "contested"
label = "Contested"
colour = "#E69F00"
contested = true
"""

#: The app's map: our component's iframe (one component per base map, named map_<hash>).
APP_MAP_IFRAME = "iframe[title^='dashboard.components.frontline_map.map_']"
#: The map's document once a frame is drawn (the scrubber's DOM contract).
DRAWN_DAY = ".leaflet-container[data-day]"


def app_map(page, timeout_ms: int = 30_000):
    """The app's map document, once its first frame is drawn (its day on ``data-day``)."""
    page.wait_for_selector(APP_MAP_IFRAME, timeout=timeout_ms)
    frame = page.query_selector(APP_MAP_IFRAME).content_frame()
    frame.wait_for_selector(DRAWN_DAY, timeout=timeout_ms)
    return frame


def run_app(store: Path, monkeypatch, query: dict[str, str] | None = None):
    """The app as an AppTest on ``store`` (``FRONTLINE_STORE``), opened with ``query``."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def app_map_element(at):
    """The AppTest proto of the app's map component (the one whose args name frames)."""
    import json

    (found,) = [c.proto for c in at.get("component_instance")
                if "frames" in json.loads(c.proto.json_args)]
    return found


def app_map_args(at) -> dict:
    """The app map component's args (the frames' URL, the day, filters, overlays)."""
    import json

    return json.loads(app_map_element(at).json_args)


def app_map_frames(at) -> dict:
    """The frames the app's map fetches (read from the file the component serves)."""
    import gzip
    import json

    from dashboard.components.frontline_map import served_path

    path = served_path(app_map_args(at)["frames"])
    assert path is not None, "the frames file is not served"
    return json.loads(gzip.decompress(path.read_bytes()))


def app_map_page(at) -> str:
    """The app map's page (its base map, scrubber and component script)."""
    from dashboard.components.frontline_map import served_page

    path = served_page(app_map_element(at).component_name)
    assert path is not None, "the map page is not served"
    return path.read_text(encoding="utf-8")


def chromium_path() -> str | None:
    """Debian's chromium, or None (never a downloaded browser)."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The chromium path, or skip (fail in CI) with how to enable browser tests."""
    path = chromium_path()
    if path:
        return path
    message = ("Debian's chromium is not installed: browser tests need it. Enable them with "
               "`sudo apt-get install chromium` (make setup does this when run as root).")
    if os.environ.get("FRONTLINE_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_http(url: str, timeout_s: float, proc: subprocess.Popen | None = None) -> float:
    """Poll ``url`` until it answers 200; returns the seconds waited."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited early with code {proc.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return time.monotonic() - start
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {timeout_s} s")


class Sent:
    """Messages the page sends to the server over its websocket (a rerun needs one)."""

    def __init__(self, page) -> None:
        self.count = 0
        page.on("websocket", lambda ws: ws.on("framesent", self._sent))

    def _sent(self, _payload) -> None:
        self.count += 1


class AppServer:
    """A running ``streamlit run streamlit_app.py`` (or another ``script``) on a private
    port; with ``preload``, started as ``frontline serve`` starts it (dashboard.serve_main:
    the dashboard imported before the first viewer's run)."""

    def __init__(self, store: Path, log_path: Path, script: Path = ROOT / "streamlit_app.py",
                 env: dict[str, str] | None = None, cwd: Path = ROOT,
                 preload: bool = False) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, FRONTLINE_STORE=str(store), **(env or {}))
        self._log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *(("dashboard.serve_main",) if preload
                                     else ("streamlit", "run")), str(script),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(self.port), "--browser.gatherUsageStats", "false"],
            cwd=cwd, env=env, stdout=self._log, stderr=subprocess.STDOUT)
        wait_for_http(f"{self.url}/_stcore/health", 60, self.proc)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._log.close()



def zone_save_script(zone_id: str, source: str) -> None:
    """An AppTest script calling the zone editor's save directly (as the app, or crafted
    widget state, would) with a small Russian-held square on 2023-05-20."""
    from datetime import date

    from dashboard.environment import store_location
    from dashboard.zone_editor import _save
    from geo.models import Side
    from geo.store import open_store

    with open_store(store_location()) as store:
        _save(store, {"type": "Polygon", "coordinates": [[[37.90, 48.55], [37.95, 48.55],
              [37.95, 48.60], [37.90, 48.60], [37.90, 48.55]]]}, side=Side.RUSSIAN,
              valid_from=date(2023, 5, 20), zone_id=zone_id, source=source,
              note="", on_invalid="fix", others=[])


#: Text that would run if any export put it into a page unescaped.
HOSTILE = ('<img src=x onerror="alert(1)"><script>alert(2)</script>${alert(3)}`+alert(4)+`'
           "\\u003cb\\u003e")
HOSTILE_PLACE = "Bakhmut<svg onload=alert(5)>"
RESTRICTED_LAYER = "deepstate-test"
#: An exact strike position (lat, lon) that opsec must move, and one of another kind.
STRIKE_LATLON = (48.6123, 38.0456)
FIGHT_LATLON = (48.5711, 37.9822)
TEST_DAY = date(2023, 5, 20)
BAKHMUT = (48.5956, 37.9999)  # (lat, lon), as the seeds and the gazetteer have it


def make_hostile_store(path: Path) -> Path:
    """The seeds plus a non-commercial layer with a contested zone and three events (one with
    hostile summary, source and place name) on 2023-05-20."""
    from dashboard.seeding import seed_store
    from geo.store import GeoPackageStore

    layer = LayerInfo(layer=RESTRICTED_LAYER, source="DeepStateMap (test copy)",
                      licence="CC BY-NC 4.0", attribution="© DeepStateMap <b>test</b>",
                      non_commercial=True)
    zone = ZoneReport("test/contested", Side.CONTESTED, TEST_DAY,
                      box(38.12, 48.66, 38.2, 48.72), source="DeepStateMap", layer=RESTRICTED_LAYER)
    events = [
        Event(day=TEST_DAY, place=Place(HOSTILE_PLACE, *BAKHMUT), kind=EventKind.STATEMENT,
              summary=HOSTILE, source='<b onmouseover="alert(6)">Agency</b>',
              claim_status=ClaimStatus.CLAIMED, claimed_by="${alert(7)}",
              layer=RESTRICTED_LAYER),
        Event(day=TEST_DAY, place=Place("Strike point", *STRIKE_LATLON),
              kind=EventKind.SHELLING_STRIKE, summary="A strike at an exact position.",
              source="Test feed", layer=RESTRICTED_LAYER),
        Event(day=TEST_DAY, place=Place("Fight point", *FIGHT_LATLON),
              kind=EventKind.GROUND_FIGHTING, summary="Fighting at an exact position.",
              source="Test feed", layer=RESTRICTED_LAYER),
    ]
    with GeoPackageStore(path, create=True) as store:
        seed_store(store, written_by="test")
        store.write(Batch(layers=[layer], zone_reports=[zone], events=events, written_by="test"))
    return path


def hex_rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) for i in (0, 2, 4))  # type: ignore[return-value]


def blend(fill: str, under: str, alpha: float) -> tuple[float, float, float]:
    """``fill`` at ``alpha`` over ``under``: the colour a translucent zone is drawn in."""
    f, u = hex_rgb(fill), hex_rgb(under)
    return tuple(alpha * a + (1 - alpha) * b for a, b in zip(f, u, strict=True))  # type: ignore


def distance(a, b) -> float:
    return math.dist(a[:3], b[:3])


def mercator_pixel(lat: float, lon: float, center: tuple[float, float], zoom: float,
                   size: tuple[int, int]) -> tuple[float, float]:
    """Container pixel of (lat, lon) on a Web Mercator map of ``size`` centred on ``center``."""
    def project(la: float, lo: float) -> tuple[float, float]:
        scale = 256 * 2 ** zoom
        x = (lo + 180) / 360 * scale
        s = math.sin(math.radians(la))
        y = (0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * scale
        return x, y
    px, py = project(lat, lon)
    cx, cy = project(*center)
    return px - cx + size[0] / 2, py - cy + size[1] / 2
