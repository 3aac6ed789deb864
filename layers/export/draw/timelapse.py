"""Time-lapse: GIF (Pillow) and MP4 (imageio-ffmpeg) over a date range, date stamped per frame.

The frames come from ONE page: the standalone scrubber map (static: no controls) loaded once
in the reused browser, stepped date by date with ``flScrubber.show(i)``; each step waits for
its own drawn-and-painted signal, then takes a screenshot. Every frame carries the title
block, whose date stamp the scrubber updates, plus the legend, scale bar and credits.
"""

from __future__ import annotations

import io
import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PIL import Image

from geo.errors import ExportError
from layers.export.draw import optional_import
from layers.export.draw.html import scrubber_map
from layers.export.draw.page import page_html
from layers.export.draw.render import Renderer
from layers.export.request import DEFAULT_FRAME_MS, SizePreset
from layers.export.view import ExportView

__all__ = ["DEFAULT_FRAME_MS", "Frame", "gif_bytes", "mp4_bytes", "render_frames"]

log = logging.getLogger(__name__)

HOLD_LAST_MS = 2100


@dataclass(frozen=True)
class Frame:
    """One rendered date: the PNG and where its date stamp is (pixels: x, y, w, h)."""

    day: date
    png: bytes
    stamp_box: tuple[int, int, int, int]


def _stamp_box(page, scale: float) -> tuple[int, int, int, int]:
    box = page.locator(".fl-stamp").first.bounding_box()
    if box is None:
        raise ExportError("the time-lapse page has no date stamp")
    return (round(box["x"] * scale), round(box["y"] * scale), round(box["width"] * scale),
            round(box["height"] * scale))


def render_frames(views: Sequence[ExportView], renderer: Renderer,
                  size: SizePreset | None = None) -> list[Frame]:
    """One frame per view (date), in order."""
    if not views:
        raise ExportError("a time-lapse needs at least one date")
    size = size or views[0].request.size_preset
    html = page_html(scrubber_map(views, initial=0, static=True))
    page = renderer.load(html, size, ready="window.__flShown === 0")
    frames = []
    for i, view in enumerate(views):
        if i:
            page.evaluate("i => window.flScrubber.show(i)", i)
            page.wait_for_function("i => window.__flShown === i", arg=i, polling="raf")
        frames.append(Frame(view.day, renderer.screenshot(page), _stamp_box(page, size.scale)))
    log.debug("time-lapse: %d frames at %s", len(frames), size.name)
    return frames


def _durations(count: int, frame_ms: int, hold_last_ms: int) -> list[int]:
    return [frame_ms] * (count - 1) + [max(frame_ms, hold_last_ms)]


def gif_bytes(frames: Sequence[Frame], *, frame_ms: int = DEFAULT_FRAME_MS,
              hold_last_ms: int = HOLD_LAST_MS) -> bytes:
    """An animated GIF, looping, one palette shared by all frames (no colour flicker).

    The palette is the first frame's (fast octree: it keeps the legend's small swatches,
    which carry every colour the frames use).
    """
    if not frames:
        raise ExportError("a time-lapse needs at least one frame")
    images = [Image.open(io.BytesIO(f.png)).convert("RGB") for f in frames]
    first = images[0].quantize(colors=255, method=Image.Quantize.FASTOCTREE)
    paletted = [first] + [im.quantize(palette=first, dither=Image.Dither.NONE)
                          for im in images[1:]]
    out = io.BytesIO()
    paletted[0].save(out, format="GIF", save_all=True, append_images=paletted[1:], loop=0,
                     duration=_durations(len(frames), frame_ms, hold_last_ms), optimize=False,
                     disposal=1)
    return out.getvalue()


def mp4_bytes(frames: Sequence[Frame], *, frame_ms: int = DEFAULT_FRAME_MS,
              hold_last_ms: int = HOLD_LAST_MS) -> bytes:
    """An H.264 MP4 (yuv420p, plays everywhere); frames repeated to honour their durations."""
    imageio_ffmpeg = optional_import("imageio_ffmpeg", needed_for="MP4 export")
    if not frames:
        raise ExportError("a time-lapse needs at least one frame")
    images = [Image.open(io.BytesIO(f.png)).convert("RGB") for f in frames]
    width, height = images[0].size
    width, height = width - width % 2, height - height % 2
    fps = 10.0
    repeats = [max(1, round(ms * fps / 1000))
               for ms in _durations(len(frames), frame_ms, hold_last_ms)]
    with tempfile.TemporaryDirectory(prefix="frontline-mp4-") as tmp:
        path = Path(tmp) / "timelapse.mp4"
        writer = imageio_ffmpeg.write_frames(
            str(path), (width, height), fps=fps, codec="libx264", pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p", macro_block_size=2, quality=None,
            output_params=["-crf", "23", "-preset", "veryfast", "-movflags", "+faststart"],
            ffmpeg_log_level="error")
        writer.send(None)
        for image, count in zip(images, repeats, strict=True):
            data = image.crop((0, 0, width, height)).tobytes()
            for _ in range(count):
                writer.send(data)
        writer.close()
        return path.read_bytes()
