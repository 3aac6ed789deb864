"""Exports drawn by headless Chromium, each opened and checked: PNG (sizes, the colour at
Bakhmut's centre), PDF (pages, text), standalone HTML (offline, scrubber), GIF/MP4 (frames,
date stamps), bundle (manifest), opsec and hostile text. Outputs go to test-output/."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date

import pytest
from PIL import Image

from geo.models import EventKind, Side
from geo.store import GeoPackageStore
from layers.export import ExportRequest, Opsec, Renderer, date_steps, prepare, prepare_range
from layers.export.changes import changes_since_previous
from layers.export.draw.html import standalone_html
from layers.export.draw.pdf import render_pdf
from layers.export.draw.png import png_text_chunks, render_png
from layers.export.draw.timelapse import gif_bytes, mp4_bytes, render_frames
from layers.export.formats import RangeSpec, run_export
from layers.style import BASEMAP, KIND_COLOURS, SIDE_COLOURS
from tests.common import (
    BAKHMUT,
    RESTRICTED_LAYER,
    STRIKE_LATLON,
    blend,
    distance,
    hex_rgb,
    make_hostile_store,
    mercator_pixel,
)

pytestmark = pytest.mark.browser

ZONE_ALPHA = 0.35  # layers.style zone fillOpacity


@pytest.fixture(scope="module")
def renderer(browser):
    with Renderer(browser=browser) as r:
        yield r


@pytest.fixture(scope="module")
def seeded(seeded_store_path):
    with GeoPackageStore(seeded_store_path) as store:
        yield store


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    path = make_hostile_store(tmp_path_factory.mktemp("hostile-b") / "h.gpkg")
    with GeoPackageStore(path) as store:
        yield store


def _pdftotext(path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed: `apt-get install poppler-utils`")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _pdf_pages(path) -> int:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed: `apt-get install poppler-utils`")
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines()
                    if line.startswith("Pages:")))


def _words(text: str) -> str:
    return " ".join(text.split())


# -- PNG ------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["screen", "1920x1080", "a4"])
def test_png_size_and_colour_at_bakhmut(seeded, renderer, output_dir, size):
    """Russian-side colour at Bakhmut's centre on 2023-05-21, Ukrainian on 2023-02-20.

    Events are hidden here: one is drawn on the very centre of the town. The pixel comes
    from Leaflet's own projection in the page, checked against Web Mercator computed here;
    the expected colours are the side fills blended over the land as drawn.
    """
    expected = {Side.RUSSIAN: blend(SIDE_COLOURS[Side.RUSSIAN], BASEMAP["land"], ZONE_ALPHA),
                Side.UKRAINIAN: blend(SIDE_COLOURS[Side.UKRAINIAN], BASEMAP["land"],
                                      ZONE_ALPHA)}
    for day, side in ((date(2023, 5, 21), Side.RUSSIAN), (date(2023, 2, 20), Side.UKRAINIAN)):
        req = ExportRequest(day=day, size=size, show_events=False)
        view = prepare(seeded, req)
        png = render_png(view, renderer)
        (output_dir / f"export_{size}_{day}.png").write_bytes(png)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        preset = req.size_preset
        assert image.size == preset.pixels
        page = renderer.page(preset.width, preset.height, preset.scale)
        point = page.evaluate("ll => window.__flMap.latLngToContainerPoint(ll)", list(BAKHMUT))
        center = page.evaluate("() => [window.__flMap.getCenter().lat, "
                               "window.__flMap.getCenter().lng, window.__flMap.getZoom()]")
        mx, my = mercator_pixel(*BAKHMUT, (center[0], center[1]), center[2],
                                (preset.width, preset.height))
        assert abs(mx - point["x"]) < 1 and abs(my - point["y"]) < 1
        cx, cy = round(point["x"] * preset.scale), round(point["y"] * preset.scale)
        other = Side.UKRAINIAN if side == Side.RUSSIAN else Side.RUSSIAN
        # The town's name label is drawn over its centre: the centre pixel may be label
        # ink, but never the other side's fill, and the fill around it is this side's.
        pixel = image.getpixel((cx, cy))
        assert distance(pixel, expected[other]) > 25, (day, pixel)
        window = [image.getpixel((cx + dx, cy + dy)) for dx in range(-6, 7)
                  for dy in range(-6, 7)]
        ours = sum(distance(p, expected[side]) < 12 for p in window)
        theirs = sum(distance(p, expected[other]) < 12 for p in window)
        assert theirs == 0 and ours >= len(window) // 4, (day, ours, theirs, pixel)
        text = png_text_chunks(png)
        assert text["Title"] == req.title and day.isoformat() in text["Description"]
        assert seeded.data_version() in text["Comment"]
    assert renderer.blocked == [] and renderer.dialogs == []


def test_png_shows_title_stamp_legend_scale_and_credits(seeded, renderer):
    view = prepare(seeded, ExportRequest(day=date(2023, 3, 13)))
    render_png(view, renderer)
    page = renderer.page(1600, 1000, 1.0)
    text = page.inner_text(".leaflet-container")
    for part in ("Frontline map", "As of 2023-03-13", "events 2023-03-07 to 2023-03-13",
                 "Generated", seeded.data_version(), "Legend", "Russian-controlled",
                 "Natural Earth", "GeoNames"):
        assert part in text, part
    assert page.query_selector(".leaflet-control-scale")
    assert page.query_selector_all("path.fl-event") and page.query_selector_all("path.fl-zone")
    assert not page.query_selector(".leaflet-control-zoom"), "no zoom buttons on an image"


# -- PDF ------------------------------------------------------------------------------------


def test_pdf_briefing_sheet(seeded, renderer, output_dir):
    req = ExportRequest(day=date(2023, 3, 13), window_days=14)
    view = prepare(seeded, req)
    changes = changes_since_previous(seeded, req)
    assert changes is not None and (changes.previous, changes.current) == (
        date(2023, 3, 1), date(2023, 3, 10))
    pdf = render_pdf(view, renderer, changes, permalink="http://localhost:8501/?day=2023-03-13")
    path = output_dir / "export_briefing_2023-03-13.pdf"
    path.write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    assert _pdf_pages(path) >= 2
    text = _words(_pdftotext(path))
    assert "Frontline map — battle of Bakhmut" in text
    assert "As of 2023-03-13" in text
    assert "Changes since the previous report date" in text and "km²" in text
    event = view.snapshot.events[0]
    assert _words(event.summary)[:60] in text
    assert "Made with Natural Earth" in text and "page 1 of" in text
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "70", "-png", str(path),
                        str(output_dir / "export_briefing_page")], check=True)


# -- standalone HTML ------------------------------------------------------------------------


@pytest.fixture
def sealed_page(browser):
    """A page with the network emulated offline and every request but the file itself
    and data:/blob: blocked (recorded); JS dialogs recorded and dismissed."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, offline=True)
    blocked: list[str] = []
    dialogs: list[str] = []

    def guard(route, request):
        if request.url.startswith(("data:", "blob:", "about:")) or \
                request.url == getattr(page, "allowed", None):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.blocked, page.dialogs = blocked, dialogs  # type: ignore[attr-defined]
    yield page
    context.close()


def _zone_shapes(page) -> str:
    return "|".join(page.eval_on_selector_all("path.fl-zone",
                                              "els => els.map(e => e.getAttribute('d'))"))


def test_standalone_html_scrubs_offline(seeded, sealed_page, tmp_path, output_dir):
    req = ExportRequest(day=date(2023, 3, 5))
    views = prepare_range(seeded, req, date_steps(date(2023, 2, 25), date(2023, 3, 15)))
    path = output_dir / "export_standalone.html"
    path.write_text(standalone_html(views, day=req.day), encoding="utf-8")
    page = sealed_page
    page.allowed = path.as_uri()
    page.goto(path.as_uri())
    page.wait_for_function("window.__flShown >= 0")
    assert page.evaluate("window.flScrubber.days[window.flScrubber.index()]") == "2023-03-05"
    assert page.query_selector_all("path.fl-zone")
    stamp = page.inner_text(".fl-stamp")
    assert stamp.startswith("As of 2023-03-05")
    shapes = _zone_shapes(page)
    page.focus("input.fl-scrub-range")
    page.keyboard.press("End")  # a person moving the slider to the last date
    page.wait_for_function("window.__flShown === window.flScrubber.count - 1")
    assert page.inner_text(".fl-stamp").startswith("As of 2023-03-15")
    assert page.inner_text(".fl-scrub-date") == "2023-03-15"
    assert _zone_shapes(page) != shapes, "the zones must change across the 2023-03-10 report"
    page.click("button.fl-scrub-back")
    page.wait_for_function("window.__flShown === window.flScrubber.count - 2")
    assert page.inner_text(".fl-stamp").startswith("As of 2023-03-14")
    page.screenshot(path=str(output_dir / "export_standalone.png"))
    assert page.blocked == [] and page.dialogs == []


def test_hostile_text_stays_inert_in_html_and_pdf(hostile, renderer, sealed_page, tmp_path,
                                                  output_dir):
    req = ExportRequest(day=date(2023, 5, 21), title="<script>alert('title')</script>")
    views = prepare_range(hostile, req, date_steps(date(2023, 5, 19), date(2023, 5, 21)))
    path = tmp_path / "hostile.html"
    path.write_text(standalone_html(views, day=req.day), encoding="utf-8")
    page = sealed_page
    page.allowed = path.as_uri()
    page.goto(path.as_uri())
    page.wait_for_function("window.__flShown === 2")
    assert "<script>alert('title')</script>" in page.inner_text(".fl-titlebox")
    # open every zone popup, and click every event marker (drawn on the events canvas)
    texts = page.evaluate("""() => {
        var out = [];
        window.__flMap.eachLayer(function (l) {
            if (l.feature && l instanceof L.Polygon) {
                l.fire("click", {latlng: l.getBounds().getCenter()}, true);
                var boxes = document.querySelectorAll(".leaflet-popup-content");
                if (boxes.length) { out.push(boxes[boxes.length - 1].innerText); }
                window.__flMap.closePopup();
            }
        });
        return out;
    }""")
    origin = page.locator(".leaflet-container").bounding_box()
    markers = page.evaluate("window.flScrubber.drawn()")
    assert len(markers) >= 3, markers  # the test layer's three and the seeds' of the window
    for index in range(len(markers)):
        # read the positions again: an opened popup may have panned the map (autoPan)
        marker = page.evaluate(f"window.flScrubber.drawn()[{index}]")
        page.mouse.click(origin["x"] + marker["x"], origin["y"] + marker["y"])
        page.wait_for_selector(".leaflet-popup-content .fl-title")
        texts.append(page.inner_text(".leaflet-popup-content"))
        page.evaluate("window.__flMap.closePopup()")
    assert any("<script>alert(2)</script>" in t and "${alert(3)}" in t for t in texts), \
        "\n---\n".join(texts)
    page.mouse.move(10, 10)
    page.wait_for_timeout(200)
    assert page.dialogs == [] and page.blocked == []
    assert page.evaluate("document.querySelectorAll('.leaflet-container script, "
                         ".leaflet-container img[src=x], .leaflet-container svg[onload]')"
                         ".length") == 0

    view = prepare(hostile, req)
    pdf_path = output_dir / "export_hostile.pdf"
    pdf_path.write_bytes(render_pdf(view, renderer, changes_since_previous(hostile, req)))
    text = _words(_pdftotext(pdf_path))
    # shown as text (table cells wrap, so check pieces): nothing ran, nothing was dropped
    for piece in ('<img src=x onerror="alert(1)"><script>alert(2)', "${alert(3)}",
                  "<script>alert('title')</script>", 'onmouseover="alert(6)">Agency</b>'):
        assert piece in text, piece
    assert renderer.dialogs == []
    # the licence guard: restricted terms are in the credits
    assert "CC BY-NC 4.0" in text and "non-commercial" in text


# -- opsec in the drawn formats ---------------------------------------------------------------


def test_opsec_moves_markers_in_png_pdf_and_frames(hostile, renderer, output_dir):
    opsec = Opsec(kinds=(EventKind.SHELLING_STRIKE,), precision_deg=0.1)
    base = ExportRequest(day=date(2023, 5, 21), show_zones=False, front_line=False,
                         center=(48.62, 38.02), zoom=11)
    wine = hex_rgb(KIND_COLOURS[EventKind.SHELLING_STRIKE])
    land = hex_rgb(BASEMAP["land"])
    exact, coarse = STRIKE_LATLON, (48.65, 38.05)

    def marker(pixel) -> bool:  # a (faded) strike marker, not bare land
        return distance(pixel, wine) < distance(pixel, land) and distance(pixel, land) > 60

    def bare(pixel) -> bool:
        return distance(pixel, land) < 15

    def colours(req):
        png = render_png(prepare(hostile, req), renderer)
        image = Image.open(io.BytesIO(png)).convert("RGB")
        page = renderer.page(1600, 1000, 1.0)
        out = []
        for latlon in (exact, coarse):
            p = page.evaluate("ll => window.__flMap.latLngToContainerPoint(ll)", list(latlon))
            out.append(image.getpixel((round(p["x"]), round(p["y"]))))
        return out, png

    (at_exact, at_coarse), _ = colours(base)
    assert marker(at_exact) and bare(at_coarse), (at_exact, at_coarse)
    (at_exact, at_coarse), png = colours(replace(base, opsec=opsec))
    (output_dir / "export_opsec.png").write_bytes(png)
    assert bare(at_exact) and marker(at_coarse), (at_exact, at_coarse)

    blurred = ExportRequest(day=date(2023, 5, 21), opsec=opsec)
    pdf = output_dir / "export_opsec.pdf"
    pdf.write_bytes(render_pdf(prepare(hostile, blurred), renderer, None))
    text = _words(_pdftotext(pdf))
    assert "≈ 48.6500, 38.0500" in text and "48.6123" not in text
    assert "OPSEC: positions of shelling / strike events coarsened to 0.1°" in text

    views = prepare_range(hostile, replace(base, opsec=opsec),
                          [date(2023, 5, 20), date(2023, 5, 21)])
    frames = render_frames(views, renderer)
    page = renderer.page(1600, 1000, 1.0)
    image = Image.open(io.BytesIO(frames[-1].png)).convert("RGB")
    p = page.evaluate("ll => window.__flMap.latLngToContainerPoint(ll)", list(exact))
    q = page.evaluate("ll => window.__flMap.latLngToContainerPoint(ll)", list(coarse))
    assert bare(image.getpixel((round(p["x"]), round(p["y"]))))
    assert marker(image.getpixel((round(q["x"]), round(q["y"]))))


# -- time-lapse -----------------------------------------------------------------------------


def test_gif_and_mp4_have_one_stamped_frame_per_date(seeded, renderer, output_dir):
    days = date_steps(date(2023, 3, 1), date(2023, 3, 12))
    views = prepare_range(seeded, ExportRequest(day=days[-1]), days)
    frames = render_frames(views, renderer)
    assert [f.day for f in frames] == days
    gif = gif_bytes(frames, frame_ms=400)
    (output_dir / "export_timelapse.gif").write_bytes(gif)
    image = Image.open(io.BytesIO(gif))
    assert image.n_frames == len(days)
    stamps = []
    for i in range(image.n_frames):
        image.seek(i)
        frame = image.convert("RGB")
        assert frame.size == (1600, 1000)
        x, y, w, h = frames[i].stamp_box
        stamps.append(hashlib.sha256(frame.crop((x, y, x + w, y + h)).tobytes()).hexdigest())
        if i in (0, len(days) - 1):
            frame.save(output_dir / f"export_timelapse_frame{i}.png")
    assert len(set(stamps)) == len(days), "every frame's date stamp differs"
    image.seek(0)
    assert image.info["duration"] == 400

    mp4 = mp4_bytes(frames, frame_ms=400)
    (output_dir / "export_timelapse.mp4").write_bytes(mp4)
    assert mp4[4:8] == b"ftyp"
    import imageio_ffmpeg

    reader = imageio_ffmpeg.read_frames(str(output_dir / "export_timelapse.mp4"))
    meta = next(reader)
    count = sum(1 for _ in reader)
    assert meta["size"] == (1600, 1000)
    assert count >= len(days)


# -- bundle ---------------------------------------------------------------------------------


def test_bundle_manifest_is_complete(hostile, renderer, output_dir):
    req = ExportRequest(day=date(2023, 5, 21), opsec=Opsec(holdback_days=1))
    link = "http://localhost:8501/?day=2023-05-21&window=7"
    result = run_export(hostile, req, "bundle", renderer=renderer, permalink=link)
    (output_dir / result.filename).write_bytes(result.data)
    assert result.warnings and RESTRICTED_LAYER in result.warnings[0]
    archive = zipfile.ZipFile(io.BytesIO(result.data))
    names = set(archive.namelist())
    stem = "frontline_2023-05-21"
    assert {f"{stem}.png", f"{stem}.pdf", f"{stem}.geojson", "manifest.json",
            "permalink.txt", "CREDITS.txt"} == names
    manifest = json.loads(archive.read("manifest.json"))
    for key in ("title", "generated_at", "data_version", "as_of", "window", "view", "filters",
                "opsec", "sources", "credits", "warnings", "permalink", "files", "counts"):
        assert key in manifest, key
    assert manifest["data_version"] == hostile.data_version()
    assert manifest["permalink"] == link == archive.read("permalink.txt").decode().strip()
    assert manifest["view"]["day"] == "2023-05-21" and manifest["window"]["days"] == 7
    assert manifest["opsec"]["holdback_days"] == 1
    restricted = [s for s in manifest["sources"]["layers"] if s["restricted"]]
    assert [s["layer"] for s in restricted] == [RESTRICTED_LAYER]
    assert "CC BY-NC 4.0" in restricted[0]["terms"]
    for entry in manifest["files"]:
        assert hashlib.sha256(archive.read(entry["name"])).hexdigest() == entry["sha256"]
    assert Image.open(io.BytesIO(archive.read(f"{stem}.png"))).size == (1600, 1000)
    assert archive.read(f"{stem}.pdf").startswith(b"%PDF")
    data = json.loads(archive.read(f"{stem}.geojson"))
    assert all(f["properties"]["date"] <= "2023-05-20" for f in data["features"]
               if f["properties"]["feature"] == "event")


def test_run_export_html_defaults_to_the_whole_store_range(seeded, renderer):
    result = run_export(seeded, ExportRequest(day=date(2023, 3, 13)), "html",
                        dates=RangeSpec(step="week"))
    first, last = seeded.date_range(seeded.main_theatre().name)  # the theatre's range
    assert result.filename == f"frontline_{first}_2023-03-13.html"
    assert b"flScrubber" in result.data
