"""Loopback HTTP servers for the live-source tests (never the internet).

``deepstate_api`` serves snapshots in DeepState's history API shape from pytest-httpserver;
``scripted`` is a raw socket server for what werkzeug cannot do (a connection reset mid-body).
"""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from pytest_httpserver.httpserver import URIPattern
from werkzeug import Request, Response

from geo.fetch import HttpClient, HttpConfig
from geo.store import GeoPackageStore

DATA = Path(__file__).parents[1] / "data" / "deepstate"
FIXTURE_IDS = (1678486248, 1681949600)


@dataclass
class DeepStateAPI:
    """The history API over a dict id -> raw snapshot bytes; ``faults`` maps a path to
    responses served (once each) before the real one."""

    server: HTTPServer
    snapshots: dict[int, bytes] = field(default_factory=dict)
    faults: dict[str, list[Response]] = field(default_factory=dict)
    hold: dict[str, threading.Event] = field(default_factory=dict)
    arrived: list[str] = field(default_factory=list)
    """Paths as requests arrive (the server's log has them only once answered)."""

    @property
    def base_url(self) -> str:
        return self.server.url_for("/").rstrip("/")

    def etag(self) -> str:
        return '"' + "-".join(str(i) for i in sorted(self.snapshots)) + '"'

    def handle(self, request: Request) -> Response:
        path = request.path
        self.arrived.append(path)
        if path in self.hold:
            self.hold[path].wait(30)
        if self.faults.get(path):
            return self.faults[path].pop(0)
        if path == "/api/history/public":
            etag = self.etag()
            if request.headers.get("If-None-Match") == etag:
                return Response(status=304, headers={"ETag": etag})
            body = "[" + ",".join(f'{{"id": {i}, "description": "x"}}'
                                  for i in sorted(self.snapshots)) + "]"
            return Response(body, content_type="application/json", headers={"ETag": etag})
        if path == "/api/history/last" and self.snapshots:
            sid = max(self.snapshots)
            if request.headers.get("If-None-Match") == f'"{sid}"':
                return Response(status=304, headers={"ETag": f'"{sid}"'})
            body = b'{"id": %d, "map": %s}' % (sid, self.snapshots[sid])
            return Response(body, content_type="application/json", headers={"ETag": f'"{sid}"'})
        parts = path.strip("/").split("/")
        if len(parts) == 4 and parts[:2] == ["api", "history"] and parts[3] == "geojson":
            sid = int(parts[2]) if parts[2].isdigit() else -1
            if sid in self.snapshots:
                return Response(self.snapshots[sid], content_type="application/json")
        return Response("not found", status=404)

    def requests(self, prefix: str = "/") -> list[Request]:
        return [r for r, _ in self.server.log if r.path.startswith(prefix)]

    def snapshot_requests(self) -> list[int]:
        return [int(r.path.split("/")[3]) for r in self.requests("/api/history/")
                if r.path.endswith("/geojson")]


class _AnyPath(URIPattern):
    def match(self, uri: str) -> bool:
        return True


@pytest.fixture
def deepstate_api(httpserver: HTTPServer) -> DeepStateAPI:
    api = DeepStateAPI(server=httpserver)
    httpserver.expect_request(_AnyPath()).respond_with_handler(api.handle)
    return api


def fixture_snapshots() -> dict[int, bytes]:
    return {sid: (DATA / f"{sid}.geojson").read_bytes() for sid in FIXTURE_IDS}


@pytest.fixture
def client() -> Iterator[HttpClient]:
    slept: list[float] = []
    with HttpClient(HttpConfig(contact="ops@example.org", min_interval=0, backoff=0.01,
                               retries=3, timeout=5), sleep=slept.append) as c:
        c.slept = slept  # type: ignore[attr-defined]
        yield c


@pytest.fixture
def store(tmp_path) -> Iterator[GeoPackageStore]:
    with GeoPackageStore(tmp_path / "live.gpkg", create=True) as s:
        yield s


class _Scripted(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


@dataclass
class ScriptedServer:
    """Answers each request with the next raw reply (bytes, then the connection closes)."""

    replies: list[bytes]
    seen: list[bytes] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    state = ScriptedServer(replies=[])

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = self.request.recv(4096)
                if not chunk:
                    return
                data += chunk
            state.seen.append(data)
            reply = state.replies.pop(0) if state.replies else (
                b"HTTP/1.1 500 Nothing scripted\r\nContent-Length: 0\r\n\r\n")
            self.request.sendall(reply)
            self.request.shutdown(socket.SHUT_RDWR)

    server = _Scripted(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    # a short poll: shutdown() waits for it (0.5 s by default, at every test's end)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


#: News pages, feed items and the story texts of the feed tests.
PAGE = ('<html lang="en"><head><title>{t}</title>'
        '<meta property="article:published_time" content="2023-03-13T08:00:00Z"></head>'
        "<body><article><h1>{t}</h1><p>{s}</p><p>{f}</p></article></body></html>")
FILLER = "Residents sheltered in basements as volunteers delivered water and bread. " * 8
STORIES = [("Shelling near Bakhmut", "Russian forces shelled Bakhmut on Monday, the "
            "Ukrainian general staff said."),
           ("Fighting at Soledar", "Heavy fighting continued near Soledar, the Ukrainian "
            "military said.")]


def serve_feed(httpserver: HTTPServer, stories=STORIES, headers: dict[str, str] | None = None
               ) -> str:
    """An RSS feed of ``stories`` (title, sentence) and their pages on ``httpserver``; its URL."""
    base = httpserver.url_for("").rstrip("/")
    items = ""
    for i, (title, sentence) in enumerate(stories):
        httpserver.expect_request(f"/a/{i}").respond_with_data(
            PAGE.format(t=title, s=sentence, f=FILLER), content_type="text/html")
        items += (f"<item><title>{title}</title><link>{base}/a/{i}</link>"
                  "<pubDate>Mon, 13 Mar 2023 09:00:00 GMT</pubDate></item>")
    httpserver.expect_request("/rss").respond_with_data(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title>{items}'
        "</channel></rss>", content_type="application/rss+xml", headers=headers)
    return f"{base}/rss"


def write_config(tmp_path: Path, base_url: str, every: str = "6h") -> Path:
    """A sources.toml with polite-but-fast HTTP settings and one DeepState source."""
    path = tmp_path / "sources.toml"
    path.write_text(f'[http]\ncontact = "ops@example.org"\nmin_interval = 0\nbackoff = 0.01\n'
                    f'\n[sources.deepstate]\ntype = "deepstate"\nevery = "{every}"\n'
                    f'base_url = "{base_url}"\n', encoding="utf-8")
    return path
