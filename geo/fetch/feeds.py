"""News feeds (RSS/Atom) as a live source (``frontline fetch feed URL... --source NAME``).

Each feed is read with ``feedparser``; each item's page is fetched and its main text, title,
date and canonical URL are extracted with ``trafilatura`` (the language: ``--language``, else
the page's ``<html lang>``, else the feed's, else ``en``). Articles are deduplicated by
canonical URL (tracking parameters and fragments dropped) and by a hash of their text,
against the store and within the run, before and after the page is fetched. Each article is
one unit: its proposed events are queued for review first (idempotent by event id), then the
article (and the events auto-accepted above the source's threshold) is stored in one
transaction, so a run stopped at any point refetches only what was not stored. Events, queued
or stored, carry the source's ``theatre`` (default: the default theatre).

An item without a date takes the page's date; with neither it is skipped and counted (an
undated article cannot place its events in time). A feed that is not XML at all is an error
naming the feed URL; one parsed leniently is counted as such.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from geo.errors import FetchError
from geo.fetch.base import Fetched, Source
from geo.fetch.http import HttpClient
from geo.geoparse import clean_text
from geo.ingest.common import Batch
from geo.models import Article, Event, LayerInfo
from geo.store.base import Store
from geo.store.ledger import article_urls_and_texts

log = logging.getLogger(__name__)

DEFAULT_MAX_ITEMS = 200
FEED_MAX_BYTES = 10_000_000
PAGE_MAX_BYTES = 5_000_000
_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_[a-z]+|ref|ref_src|cmpid|ocid)$", re.I)
_HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([A-Za-z]{2,3})", re.I)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def canonical_url(url: str) -> str:
    """``url`` without fragment, tracking parameters, default port or case in scheme/host;
    the other query parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                   if not _TRACKING.match(k))
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query), ""))


def text_hash(text: str) -> str:
    """Hash of an article's text, case and whitespace folded."""
    folded = " ".join(text.casefold().split())
    return hashlib.sha256(folded.encode()).hexdigest()


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed, as far as the feed tells."""

    link: str
    title: str
    published: date | None
    feed_url: str
    language: str = ""


def parse_feed(content: bytes, *, url: str, source: str) -> tuple[list[FeedItem], bool]:
    """The items of an RSS/Atom document and whether it was parsed leniently (malformed
    XML feedparser could still read). Not a feed at all: FetchError naming the URL."""
    import feedparser

    parsed = feedparser.parse(content, sanitize_html=False, resolve_relative_uris=False)
    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if parsed.get("bozo") and not entries:
        problem = parsed.get("bozo_exception")
        raise FetchError(f"not an RSS/Atom feed (malformed XML: {problem})", source=source,
                         url=url, step="feed")
    if not version and not entries:
        raise FetchError("not an RSS/Atom feed (no channel or feed element)", source=source,
                         url=url, step="feed")
    language = str(parsed.get("feed", {}).get("language") or "")[:2].lower()
    items = []
    for entry in entries:
        link = str(entry.get("link") or "").strip()
        if not link:
            continue
        moment = entry.get("published_parsed") or entry.get("updated_parsed")
        published = None
        if moment:
            try:
                published = date(moment.tm_year, moment.tm_mon, moment.tm_mday)
            except ValueError:
                published = None
        items.append(FeedItem(link=link, title=" ".join(str(entry.get("title") or "").split()),
                              published=published, feed_url=url, language=language))
    if parsed.get("bozo") and not items:
        raise FetchError(f"not an RSS/Atom feed (malformed XML: {parsed.get('bozo_exception')};"
                         " no item with a link could be read)", source=source, url=url,
                         step="feed")
    return items, bool(parsed.get("bozo"))


@dataclass(frozen=True)
class Page:
    """What trafilatura found in an article page."""

    url: str
    title: str
    text: str
    published: date | None
    language: str


def extract_page(html: bytes, *, url: str) -> Page | None:
    """Main text, title, date, canonical URL and language of a page (None: no main text)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False)
    if doc is None or not (doc.text or "").strip():
        return None
    published = None
    if doc.date:
        try:
            published = date.fromisoformat(str(doc.date)[:10])
        except ValueError:
            published = None
    match = _HTML_LANG.search(html[:4096])
    language = match.group(1).decode().lower()[:2] if match else ""
    title = " ".join((doc.title or "").split())
    text = clean_text(doc.text)
    first, _, rest = text.partition("\n")
    if title and " ".join(first.split()) == title and rest.strip():
        text = rest.strip()  # the headline is the title, kept apart (and out of the hash)
    return Page(url=doc.url or url, title=title, text=text, published=published,
                language=language)


@dataclass
class Known:
    """Canonical URLs and text hashes already stored or seen in this run."""

    urls: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, store: Store) -> Known:
        known = cls()
        for url, text in article_urls_and_texts(store):
            if url:
                known.urls.add(canonical_url(url))
            known.hashes.add(text_hash(text))
        return known


def feed_layer(name: str) -> LayerInfo:
    """The layer of one feed's articles and events: its own licence line and credit."""
    return LayerInfo(layer=f"feed-{name}", source=f"news feed {name}",
                     licence="per article: the publisher's terms (stored for analysis, "
                             "quoted briefly with a link)",
                     attribution=f"Events proposed from {name} articles; place names: "
                                 "GeoNames (CC BY 4.0)")


class FeedSource(Source):
    """RSS/Atom feeds of one publisher: one unit per new article."""

    NAME = "feed"
    LAYER = feed_layer("news")

    def __init__(self, *, client: HttpClient, urls: list[str], name: str,
                 language: str | None = None, max_items: int = DEFAULT_MAX_ITEMS,
                 auto_accept: float | None = None,
                 extractor: Callable[[Article], list[Event]] | None = None,
                 today: Callable[[], date] = lambda: datetime.now(UTC).date(),
                 theatre: str = "") -> None:
        super().__init__(client=client, theatre=theatre)
        if not _NAME.match(name):
            raise ValueError(f"source name {name!r}: use ASCII letters, digits, _ - . "
                             "(up to 64)")
        if language is not None and not re.fullmatch(r"[a-z]{2}", language):
            raise ValueError(f"language {language!r}: a two-letter ISO 639-1 code")
        if auto_accept is not None and not 0 <= auto_accept <= 1:
            raise ValueError(f"auto_accept {auto_accept!r}: a confidence from 0 to 1")
        self.urls = list(urls)
        self.name = name
        self.language = language
        self.max_items = max_items
        self.auto_accept = auto_accept
        self.extractor = extractor
        self.layer = feed_layer(name)
        self.today = today
        self.counts: dict[str, int] = {}

    @property
    def source_name(self) -> str:
        return f"feed:{self.name}"

    def _count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def fetch_new(self, store: Store) -> Iterator[Fetched]:
        known = Known.of(store)
        for feed_url in self.urls:
            yield from self._feed(feed_url, store, known)

    def _feed(self, feed_url: str, store: Store, known: Known) -> Iterator[Fetched]:
        response = self.client.get(feed_url, source=self.source_name, step="feed",
                                   max_bytes=FEED_MAX_BYTES,
                                   accept="application/rss+xml, application/atom+xml, "
                                          "application/xml;q=0.9, */*;q=0.5")
        if response.not_modified:
            self._count("feeds not modified")
            return
        items, lenient = parse_feed(response.content, url=feed_url, source=self.source_name)
        if lenient:
            self._count("feeds parsed leniently (malformed XML)")
        for item in items[: self.max_items]:
            fetched = self._item(item, known)
            if fetched is not None:
                yield fetched
        yield Fetched(label=f"feed {feed_url}", batch=None, responses=[response])

    def _item(self, item: FeedItem, known: Known) -> Fetched | None:
        link = canonical_url(item.link)
        if link in known.urls:
            self._count("items already stored")
            return None
        page_response = self.client.get(item.link, source=self.source_name, step="article",
                                        conditional=False, max_bytes=PAGE_MAX_BYTES,
                                        accept="text/html, application/xhtml+xml")
        page = extract_page(page_response.content, url=item.link)
        if page is None:
            self._count("pages without main text")
            log.warning("%s: no main text in %s", self.source_name, item.link)
            return None
        canonical = canonical_url(page.url)
        digest = text_hash(page.text)
        if canonical in known.urls or digest in known.hashes:
            self._count("duplicate articles")
            known.urls.add(link)
            return None
        published = item.published or page.published
        if published is None:
            self._count("items without a date skipped")
            log.warning("%s: %s has no date in the feed or the page: skipped",
                        self.source_name, item.link)
            return None
        known.urls.update({link, canonical})
        known.hashes.add(digest)
        article = Article(title=item.title or page.title or page.text[:120], text=page.text,
                          published=published, source=self.name, url=canonical,
                          language=self.language or page.language or item.language or "en")
        events = [replace(e, layer=self.layer.layer, theatre=self.theatre or e.theatre)
                  for e in (self.extractor(article) if self.extractor is not None else [])]
        accepted = [e for e in events if self.auto_accept is not None
                    and e.confidence >= self.auto_accept]
        proposed = [e for e in events if e not in accepted]
        batch = Batch(layer=self.layer, events=accepted)
        batch.files.append(canonical)
        batch.count("articles")
        return Fetched(label=f"article {canonical}", batch=batch, articles=[article],
                       proposed=proposed)


def event_extractor(store: Store | None, *, focus: tuple[str, ...] = ()
                    ) -> Callable[[Article], list[Event]]:
    """The serial ingest's geoparser and event extractor (store corrections applied;
    ``focus``: the countries tried first for ambiguous names, a theatre's
    :func:`geo.geoparse.parser.theatre_focus`)."""
    from geo.events import EventExtractor
    from geo.geocode import StoreOverrides
    from geo.geoparse import Geoparser

    extractor = EventExtractor(Geoparser(
        overrides=StoreOverrides(store) if store is not None else None, focus=focus))

    def extract(article: Article) -> list[Event]:
        return extractor.extract(article, extractor.parser.parse(article.text))

    return extract

