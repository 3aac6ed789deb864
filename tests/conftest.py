"""Shared fixtures: a seeded store, the app served on a free port, headless Chromium."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.common import CHROMIUM_FLAGS, OUTPUT_DIR, AppServer, require_chromium

pytest_plugins = ["tests.pg"]  # throwaway PostGIS cluster: postgis_cluster, postgis_url

_BROWSER_FIXTURES = {"browser", "app_server", "offline_page"}
_POSTGIS_FIXTURES = {"postgis_url", "postgis_cluster"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark tests by what they need, so ``-m "not browser and not postgis and not real_data"``
    runs the fast unit tests alone: ``browser`` (headless Chromium), ``postgis`` (a throwaway
    PostgreSQL cluster; also the PostGIS half of tests run on both stores), ``real_data``
    (../shared/data; marked in the modules)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        params = getattr(getattr(item, "callspec", None), "params", {})
        if names & _BROWSER_FIXTURES or "tests/browser/" in item.nodeid:
            item.add_marker(pytest.mark.browser)
        callspec_id = getattr(getattr(item, "callspec", None), "id", "")
        if names & _POSTGIS_FIXTURES or "postgis" in params.values() \
                or "postgis" in callspec_id.split("-"):
            item.add_marker(pytest.mark.postgis)


@pytest.fixture(autouse=True)
def _keep_main_module() -> Iterator[None]:
    """AppTest runs its script as ``__main__`` and leaves it there; a Dask LocalCluster
    started later would then re-run that script in every worker process. Put it back."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main


@pytest.fixture(autouse=True, scope="session")
def _scan_component_manifests_once() -> Iterator[None]:
    """Every AppTest scans the metadata of all installed distributions for Streamlit
    components (0.2-0.3 s of CPU each, some 30 AppTests a run); nothing is installed during a
    test session, so scan once. Only when a collected module already imported Streamlit."""
    if "streamlit" not in sys.modules:
        yield
        return
    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    found: list = []

    def scan_once(*args, **kwargs):
        if not found:
            found.append(scan(*args, **kwargs))
        return list(found[0])

    manifest_scanner.scan_component_manifests = scan_once
    yield
    manifest_scanner.scan_component_manifests = scan


@pytest.fixture(scope="session")
def seeded_store_path(tmp_path_factory) -> Path:
    """A store built from the bundled seeds, once per session (tests must not write to it)."""
    from dashboard.seeding import seed_store
    from geo.store import GeoPackageStore

    path = tmp_path_factory.mktemp("seeded") / "frontline.gpkg"
    with GeoPackageStore(path, create=True) as store:
        seed_store(store, written_by="test")
    return path


@pytest.fixture
def output_dir() -> Path:
    """Where tests leave screenshots and exports for a person to look at."""
    OUTPUT_DIR.mkdir(exist_ok=True)
    return OUTPUT_DIR


@pytest.fixture(scope="session")
def app_server(seeded_store_path, tmp_path_factory) -> Iterator[AppServer]:
    require_chromium()
    server = AppServer(seeded_store_path, tmp_path_factory.mktemp("server") / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Debian chromium for the session, driven by Playwright."""
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def offline_page(browser):
    """A page whose every request off 127.0.0.1 is blocked and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    blocked: list[str] = []

    def guard(route, request):
        url = request.url
        if url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.blocked_requests = blocked  # type: ignore[attr-defined]
    yield page
    context.close()
