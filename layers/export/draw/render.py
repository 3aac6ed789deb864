"""Headless Chromium through Playwright: one browser, reused for every frame and page.

:class:`Renderer` starts Debian's ``chromium`` (never a downloaded browser) once, keeps one
page per output size, blocks every request that is not ``data:``/``blob:``/``about:`` (an
export must never reach the network) and waits on drawn content (:data:`READY_JS`), never on
a fixed sleep. Any JS dialog a page opens is dismissed and recorded in :attr:`dialogs`: a
dialog means hostile text ran, which tests check never happens.

Playwright's sync API binds its objects to the thread that started them: use one renderer
per thread.
"""

from __future__ import annotations

import logging
import os
import shutil
from typing import Any

from geo.errors import ExportError
from layers.export.draw import optional_import
from layers.export.draw.overlay import READY_JS
from layers.export.request import SizePreset

__all__ = ["CHROMIUM_FLAGS", "CHROMIUM_ENV", "Renderer", "find_chromium"]

log = logging.getLogger(__name__)

CHROMIUM_ENV = "FRONTLINE_CHROMIUM"
#: Flags that work in containers and stop Chromium from calling home.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
)
_ALLOWED = ("data:", "blob:", "about:")


def find_chromium() -> str:
    """``$FRONTLINE_CHROMIUM``, else Debian's ``chromium`` on PATH; ExportError if neither."""
    explicit = os.environ.get(CHROMIUM_ENV)
    if explicit:
        return explicit
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    raise ExportError("PNG, PDF and time-lapse exports need Chromium: install Debian's "
                      f"`chromium` package or set ${CHROMIUM_ENV} to its path")


class Renderer:
    """A reusable headless Chromium for export pages. Use as a context manager."""

    def __init__(self, *, executable: str | None = None, timeout_ms: int = 30_000,
                 browser: Any = None) -> None:
        """``browser``: an already launched Playwright ``Browser`` to draw with (it is not
        closed here); otherwise Chromium is started on first use."""
        self.executable = executable
        self.timeout_ms = timeout_ms
        self._shared = browser
        self.dialogs: list[str] = []
        self.blocked: list[str] = []
        self.errors: list[str] = []
        self._playwright: Any = None
        self._browser: Any = browser
        self._pages: dict[tuple[int, int, float], Any] = {}

    # -- life cycle ----------------------------------------------------------------------

    def __enter__(self) -> Renderer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def started(self) -> bool:
        """True while the browser runs."""
        return self._browser is not None

    def start(self) -> None:
        """Start Playwright and the browser (no-op when started)."""
        if self._browser is not None:
            return
        executable = self.executable or find_chromium()
        api = optional_import("playwright.sync_api", needed_for="PNG, PDF and time-lapse export")

        self._playwright = api.sync_playwright().start()
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=executable, args=list(CHROMIUM_FLAGS))
        except api.Error as exc:
            self._playwright.stop()
            self._playwright = None
            raise ExportError(f"cannot start Chromium at {executable}: {exc}") from exc
        log.debug("renderer: started %s", executable)

    def close(self) -> None:
        """Close every page, the browser and Playwright."""
        for page in self._pages.values():
            page.context.close()
        self._pages.clear()
        if self._shared is not None:
            return
        if self._browser is not None:
            self._browser.close()
            self._browser = None
        if self._playwright is not None:
            self._playwright.stop()
            self._playwright = None

    # -- pages ---------------------------------------------------------------------------

    def _guard(self, route: Any, request: Any) -> None:
        if request.url.startswith(_ALLOWED):
            route.continue_()
        else:
            self.blocked.append(request.url)
            log.warning("renderer: blocked a network request to %s", request.url[:200])
            route.abort()

    def _on_dialog(self, dialog: Any) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        log.error("renderer: a page opened a %s dialog (%r): dismissed", dialog.type,
                  dialog.message[:100])
        dialog.dismiss()

    def _on_error(self, error: Any) -> None:
        self.errors.append(str(error))
        log.warning("renderer: script error in an export page: %s", str(error)[:300])

    def page(self, width: int, height: int, scale: float = 1.0) -> Any:
        """The reusable page of this viewport (created on first use)."""
        self.start()
        key = (width, height, scale)
        if key not in self._pages:
            context = self._browser.new_context(
                viewport={"width": width, "height": height}, device_scale_factor=scale,
                java_script_enabled=True, offline=True)
            context.route("**/*", self._guard)
            page = context.new_page()
            page.on("dialog", self._on_dialog)
            page.on("pageerror", self._on_error)
            page.set_default_timeout(self.timeout_ms)
            self._pages[key] = page
        return self._pages[key]

    def load(self, html: str, size: SizePreset, *, ready: str = READY_JS) -> Any:
        """``html`` loaded in the page of ``size``, waited on until ``ready`` is true."""
        from playwright.sync_api import Error

        page = self.page(size.width, size.height, size.scale)
        errors = len(self.errors)
        try:
            page.set_content(html, wait_until="load")
            page.wait_for_function(ready, polling="raf")
        except Error as exc:
            found = "; ".join(self.errors[errors:])[:500]
            raise ExportError(f"the export page did not finish drawing: {exc}"
                              + (f" (script errors: {found})" if found else "")) from exc
        return page

    def screenshot(self, page: Any) -> bytes:
        """A PNG of the page's viewport."""
        return page.screenshot(type="png", animations="disabled", caret="hide")

    def png(self, html: str, size: SizePreset) -> bytes:
        """PNG of ``html`` drawn at ``size``."""
        return self.screenshot(self.load(html, size))

    def pdf(self, html: str, size: SizePreset, *, footer_html: str = "",
            ready: str = READY_JS) -> bytes:
        """A4 landscape PDF of ``html`` (vector), laid out at ``size`` (the print width).

        ``footer_html`` (already escaped) is printed at the bottom of every page, with the
        page number and count.
        """
        page = self.load(html, size, ready=ready)
        footer = ('<div style="font:8px sans-serif;color:#444;width:100%;padding:0 10mm;'
                  'display:flex;justify-content:space-between"><span>' + footer_html
                  + '</span><span>page <span class="pageNumber"></span> of '
                  '<span class="totalPages"></span></span></div>')
        return page.pdf(format="A4", landscape=True, print_background=True,
                        display_header_footer=True, header_template="<span></span>",
                        footer_template=footer,
                        margin={"top": "9mm", "bottom": "12mm", "left": "9mm", "right": "9mm"})
