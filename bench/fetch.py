"""Live sources against a local server: DeepState's history API and a news feed.

    .venv/bin/python bench/fetch.py [--items 200] [--skip-feed]

1. DeepState: the 16 real snapshots of ../shared/data/frontline-real/deepstate-history/raw
   served in the API's shape (the list with an ETag) on loopback; ``frontline fetch
   deepstate --base-url`` into a new GeoPackage store, then again with nothing new.
   Targets (issue 12): first fetch 15 s or less end to end; the second under 1 s, sending a
   conditional request and storing nothing. HTTP settings: the defaults (0.5 s between two
   requests to one host).
2. A feed of ``--items`` items whose article pages are about 5 KB each (written here), through
   ``frontline fetch feed``: articles stored and geoparsed, events proposed for review.
   Target: 200 items in 60 s or less; a re-run adds nothing. The per-host rate limit is 0
   here (``--config`` with ``min_interval = 0``): against a real site the default 0.5 s
   makes 200 pages take 100 s of waiting alone, which is politeness, not our work.

Runs are timed in this process (``dashboard.cli.main``), after one warm-up import; the
interpreter start of a separate ``frontline`` process (~2 s, imports) is printed apart.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import redirect_stdout
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW = ROOT.parent / "shared" / "data" / "frontline-real" / "deepstate-history" / "raw"
FIRST_TARGET_S, SECOND_TARGET_S, FEED_TARGET_S = 15.0, 1.0, 60.0

PLACES = ["Bakhmut", "Soledar", "Chasiv Yar", "Avdiivka", "Kramatorsk", "Kostiantynivka",
          "Sloviansk", "Lyman", "Kupiansk", "Vuhledar", "Marinka", "Toretsk", "Siversk",
          "Kreminna", "Zaporizhzhia", "Kherson", "Kharkiv", "Pokrovsk", "Horlivka", "Donetsk"]
VERBS = ["Russian forces shelled {p} on Monday, the Ukrainian general staff said.",
         "Heavy fighting continued near {p}, the Ukrainian military said.",
         "A missile strike hit {p} overnight, local officials said.",
         "Ukrainian troops repelled an assault near {p}, the army said."]


class Site:
    """What the local server serves: path -> (body, content type, etag)."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple[bytes, str, str]] = {}
        self.requests = 0
        self.not_modified = 0
        self.lock = threading.Lock()

    def add(self, path: str, body: bytes, kind: str, *, etag: bool = False) -> None:
        tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"' if etag else ""
        self.pages[path] = (body, kind, tag)


def serve(site: Site) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            with site.lock:
                site.requests += 1
            found = site.pages.get(self.path.split("?")[0])
            if found is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body, kind, tag = found
            if tag and self.headers.get("If-None-Match") == tag:
                with site.lock:
                    site.not_modified += 1
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            if tag:
                self.send_header("ETag", tag)
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_cli(args: list[str]) -> tuple[float, int, str]:
    from dashboard.cli import main

    out = io.StringIO()
    start = time.perf_counter()
    with redirect_stdout(out):
        code = main(args)
    return time.perf_counter() - start, code, out.getvalue()


def bench_deepstate(tmp: Path) -> bool:
    from geo.fetch.deepstate import stored_snapshots
    from geo.store import GeoPackageStore

    files = sorted(RAW.glob("*.geojson"))
    if not files:
        print(f"DeepState: skipped, {RAW} is absent")
        return True
    site = Site()
    site.add("/api/history/public", json.dumps([{"id": int(f.stem)} for f in files]).encode(),
             "application/json", etag=True)
    for f in files:
        site.add(f"/api/history/{f.stem}/geojson", f.read_bytes(), "application/json")
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    store = tmp / "deepstate.gpkg"
    config = tmp / "defaults.toml"
    config.write_text('[http]\ncontact = "bench@example.org"\n', encoding="utf-8")
    args = ["--store", str(store), "fetch", "deepstate", "--base-url", base, "--config",
            str(config)]
    first_s, code, out = run_cli(args)
    assert code == 0, out
    first_requests = site.requests
    with GeoPackageStore(store) as s:
        stored = len(stored_snapshots(s))
        version = s.data_version()
    site.requests = 0
    second_s, code, out = run_cli(args)
    assert code == 0, out
    with GeoPackageStore(store) as s:
        unchanged = s.data_version() == version
    second_requests, second_304 = site.requests, site.not_modified
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "dashboard", "--store", str(store), "fetch",
                    "deepstate", "--base-url", base, "--config", str(config)], cwd=ROOT,
                   check=True, capture_output=True)
    process_s = time.perf_counter() - started
    server.shutdown()
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(f"DeepState, {len(files)} snapshots ({megabytes:.1f} MB) on loopback:")
    print(f"  first fetch:  {first_s:6.2f} s  ({stored} snapshots stored, {first_requests} "
          f"requests)  target <= {FIRST_TARGET_S:g} s")
    print(f"  nothing new:  {second_s:6.3f} s  ({second_requests} request(s), "
          f"{second_304} answered 304, data unchanged: {unchanged})  "
          f"target < {SECOND_TARGET_S:g} s")
    print(f"  ratio first/second: {first_s / second_s:.0f}x; as a separate process (start "
          f"and imports included) the second run takes {process_s:.2f} s")
    return (first_s <= FIRST_TARGET_S and second_s < SECOND_TARGET_S and unchanged
            and stored == len(files) and second_requests == second_304 == 1)


def article_html(index: int) -> bytes:
    place = PLACES[index % len(PLACES)]
    other = PLACES[(index * 7 + 3) % len(PLACES)]
    lead = VERBS[index % len(VERBS)].format(p=place) + " " + VERBS[(index + 1) % len(VERBS)] \
        .format(p=other)
    filler = (f"Report {index}: residents of the region sheltered in basements while "
              "volunteers delivered water, bread and medicine to the villages along the "
              "road. Officials said repairs to the power lines would take several days. ")
    body = "".join(f"<p>{filler}</p>" for _ in range(20))
    return (f'<html lang="en"><head><title>Report {index} from {place}</title>'
            f'<meta property="article:published_time" content="2023-03-13T08:00:00Z">'
            f"</head><body><nav>Home | World</nav><article><h1>Report {index} from {place}"
            f"</h1><p>{lead}</p>{body}</article><footer>(c) Example News</footer>"
            f"</body></html>").encode()


def bench_feed(tmp: Path, items: int) -> bool:
    from geo.fetch.state import StoreLedger
    from geo.store import GeoPackageStore

    site = Site()
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    entries = []
    sizes = []
    for i in range(items):
        page = article_html(i)
        sizes.append(len(page))
        site.add(f"/news/{i}", page, "text/html; charset=utf-8")
        entries.append(f"<item><title>Report {i}</title><link>{base}/news/{i}</link>"
                       "<pubDate>Mon, 13 Mar 2023 09:00:00 GMT</pubDate></item>")
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
            f"<link>{base}/</link>{''.join(entries)}</channel></rss>").encode()
    site.add("/feed.xml", feed, "application/rss+xml", etag=True)
    store = tmp / "feed.gpkg"
    config = tmp / "fast.toml"
    config.write_text('[http]\ncontact = "bench@example.org"\nmin_interval = 0\n',
                      encoding="utf-8")
    args = ["--store", str(store), "fetch", "feed", f"{base}/feed.xml", "--source", "example",
            "--max-items", str(items), "--config", str(config)]
    first_s, code, out = run_cli(args)
    assert code == 0, out
    with GeoPackageStore(store) as s:
        articles = len(s.articles())
        queued = len(StoreLedger(s).queue(limit=100_000))
    site.requests = 0
    second_s, code, out = run_cli(args)
    assert code == 0, out
    with GeoPackageStore(store) as s:
        again = len(s.articles())
    server.shutdown()
    print(f"Feed of {items} items (pages {sum(sizes) / len(sizes) / 1000:.1f} KB on average):")
    print(f"  first run:    {first_s:6.2f} s  ({articles} articles stored, {queued} events "
          f"queued for review, {items / first_s:.1f} items/s)  target <= {FEED_TARGET_S:g} s"
          f" for 200")
    print(f"  re-run:       {second_s:6.3f} s  ({site.requests} request(s), articles "
          f"{articles} -> {again})")
    return first_s * 200 / items <= FEED_TARGET_S and again == articles == items


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=200)
    parser.add_argument("--skip-feed", action="store_true")
    args = parser.parse_args()
    import dashboard.cli  # noqa: F401 - imports out of the timings
    import geo.fetch.feeds  # noqa: F401

    with tempfile.TemporaryDirectory() as folder:
        ok = bench_deepstate(Path(folder))
        if not args.skip_feed:
            ok = bench_feed(Path(folder), args.items) and ok
    print("targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
