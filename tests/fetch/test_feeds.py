"""News feeds on loopback: feed XML and article pages written by us; articles stored and
deduplicated, events proposed into the review queue."""

from __future__ import annotations

from datetime import date

import pytest
from werkzeug import Response

from geo.errors import FetchError
from geo.fetch import FeedSource, run_source
from geo.fetch.feeds import canonical_url, event_extractor, extract_page, parse_feed
from geo.fetch.state import REVIEW_PENDING, MemoryLedger

WRITER = "test:feed"

STORIES = {
    "/news/1": ("Shelling near Bakhmut",
                "Russian forces shelled Bakhmut on Monday, the Ukrainian general staff said. "),
    "/news/2": ("Fighting at Soledar",
                "Heavy fighting continued near Soledar, the Ukrainian military said. "),
    "/news/3": ("Strike on Kramatorsk",
                "A missile strike hit Kramatorsk on Monday, local officials said. "),
}


def page(title: str, text: str, *, day: str | None = "2023-03-13", lang: str = "en",
         canonical: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{day}T08:00:00Z">' if day else ""
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    filler = ("The situation in the region remained tense as residents sheltered in "
              "basements and volunteers delivered water and bread. ") * 6
    return (f'<html lang="{lang}"><head><title>{title}</title>{meta}{link}</head><body>'
            f"<nav>Home | World | Sport</nav><article><h1>{title}</h1><p>{text}</p>"
            f"<p>{filler}</p></article><footer>(c) Example News</footer></body></html>")


def rss(base: str, items: list[tuple[str, str, str | None]]) -> str:
    entries = "".join(
        f"<item><title>{title}</title><link>{base}{path}</link>"
        + (f"<pubDate>{when}</pubDate>" if when else "") + "</item>"
        for path, title, when in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Example</title>'
            f"<link>{base}/</link><language>en</language>{entries}</channel></rss>")


@pytest.fixture(scope="module")
def extractor():
    return event_extractor(None)


@pytest.fixture
def news(httpserver):
    base = httpserver.url_for("").rstrip("/")
    for path, (title, text) in STORIES.items():
        httpserver.expect_request(path).respond_with_data(page(title, text),
                                                          content_type="text/html")
    items = [(p, t, "Mon, 13 Mar 2023 09:00:00 GMT") for p, (t, _) in STORIES.items()]

    def feed(request):
        if request.headers.get("If-None-Match") == '"f1"':
            return Response(status=304, headers={"ETag": '"f1"'})
        return Response(rss(base, items), content_type="application/rss+xml",
                        headers={"ETag": '"f1"'})

    httpserver.expect_request("/feed.xml").respond_with_handler(feed)
    return httpserver


def source(client, server, extractor, **options):
    options.setdefault("name", "example")
    return FeedSource(client=client, urls=[server.url_for("/feed.xml")], extractor=extractor,
                      **options)


def page_requests(server) -> list[str]:
    return [r.path for r, _ in server.log if r.path.startswith("/news/")]


def test_articles_stored_and_events_queued_for_review(news, client, store, extractor):
    ledger = MemoryLedger()
    result = run_source(source(client, news, extractor), store, written_by=WRITER,
                        ledger=ledger)
    articles = store.articles()
    assert result.articles_added == 3 and len(articles) == 3
    assert {a.title for a in articles} == {t for t, _ in STORIES.values()}
    assert all(a.published == date(2023, 3, 13) and a.source == "example" for a in articles)
    assert all(a.url.startswith("http://") and "/news/" in a.url for a in articles)
    queued = ledger.queue(REVIEW_PENDING)
    assert {p.event.place.name for p in queued} >= {"Bakhmut", "Soledar", "Kramatorsk"}
    assert all(p.event.layer == "feed-example" for p in queued)
    assert result.events_added == 0
    days = store.date_range()
    assert days is None or store.events_between(*days) == []  # nothing on the map unreviewed


def test_rerun_adds_nothing_and_asks_the_feed_conditionally(news, client, store, extractor):
    ledger = MemoryLedger()
    run_source(source(client, news, extractor), store, written_by=WRITER, ledger=ledger)
    version = store.data_version()
    news.clear_log()
    again = run_source(source(client, news, extractor), store, written_by=WRITER,
                       ledger=ledger)
    assert again.articles_added == 0 and page_requests(news) == []
    assert news.log[0][0].headers["If-None-Match"] == '"f1"'
    assert store.data_version() == version


def test_known_urls_are_not_fetched_again_without_validators(news, store, extractor):
    from geo.fetch import HttpClient, HttpConfig

    ledger = MemoryLedger()
    for _ in range(2):
        with HttpClient(HttpConfig(min_interval=0)) as fresh:
            result = run_source(source(fresh, news, extractor), store, written_by=WRITER,
                                ledger=ledger)
    assert result.articles_added == 0 and result.counts["items already stored"] == 3
    assert len(page_requests(news)) == 3  # each page fetched once over both runs


def test_duplicate_article_under_two_urls_is_stored_once(httpserver, client, store,
                                                         extractor):
    base = httpserver.url_for("").rstrip("/")
    title, text = STORIES["/news/1"]
    httpserver.expect_request("/news/1").respond_with_data(page(title, text),
                                                           content_type="text/html")
    httpserver.expect_request("/amp/news-1").respond_with_data(
        page(title + " (AMP)", text), content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(rss(base, [
        ("/news/1?utm_source=rss#top", title, "Mon, 13 Mar 2023 09:00:00 GMT"),
        ("/amp/news-1", title, "Mon, 13 Mar 2023 09:05:00 GMT")]))
    result = run_source(source(client, httpserver, extractor), store, written_by=WRITER,
                        ledger=MemoryLedger())
    assert result.articles_added == 1 and result.counts["duplicate articles"] == 1
    assert store.articles()[0].url == f"{base}/news/1"


def test_item_without_a_date_takes_the_page_date_or_is_skipped(httpserver, client, store,
                                                               extractor):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/dated").respond_with_data(
        page("Dated", STORIES["/news/2"][1], day="2023-03-14"), content_type="text/html")
    httpserver.expect_request("/undated").respond_with_data(
        page("Undated", STORIES["/news/3"][1], day=None), content_type="text/html")
    httpserver.expect_request("/feed.xml").respond_with_data(rss(base, [
        ("/dated", "Dated", None), ("/undated", "Undated", None)]))
    result = run_source(source(client, httpserver, extractor), store, written_by=WRITER,
                        ledger=MemoryLedger())
    (article,) = store.articles()
    assert article.title == "Dated" and article.published == date(2023, 3, 14)
    assert result.counts["items without a date skipped"] == 1


def test_malformed_xml_names_the_feed_url_and_step(httpserver, client, store, extractor):
    httpserver.expect_request("/feed.xml").respond_with_data("<rss><channel><item><title>x",
                                                             content_type="application/xml")
    httpserver.expect_request("/broken.xml").respond_with_data("this is not xml at all {",
                                                               content_type="text/plain")
    for path in ("/feed.xml", "/broken.xml"):
        feed = FeedSource(client=client, urls=[httpserver.url_for(path)], name="example",
                          extractor=extractor)
        with pytest.raises(FetchError, match=r"feed:example: feed http://.*not an RSS/Atom"):
            run_source(feed, store, written_by=WRITER, ledger=MemoryLedger())
    assert store.articles() == []


def test_auto_accept_above_the_threshold(news, client, store, extractor):
    ledger = MemoryLedger()
    result = run_source(source(client, news, extractor, auto_accept=0.6), store,
                        written_by=WRITER, ledger=ledger)
    stored = store.events_between(date(2023, 3, 1), date(2023, 3, 31))
    assert result.events_added == len(stored) > 0
    assert all(e.confidence >= 0.6 for e in stored)
    assert all(p.event.confidence < 0.6 for p in ledger.queue())


def test_language_from_option_page_then_feed(httpserver, client, store):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/uk").respond_with_data(
        page("Обстріл", "Російські війська обстріляли Бахмут у понеділок. " * 3, lang="uk"),
        content_type="text/html; charset=utf-8")
    httpserver.expect_request("/feed.xml").respond_with_data(rss(base, [
        ("/uk", "Обстріл", "Mon, 13 Mar 2023 09:00:00 GMT")]))
    run_source(FeedSource(client=client, urls=[httpserver.url_for("/feed.xml")], name="ua"),
               store, written_by=WRITER, ledger=MemoryLedger())
    assert store.articles()[0].language == "uk"


def test_atom_feed_and_canonical_urls():
    atom = (b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
            b'<entry><title>A</title><link href="https://Example.org:443/a?b=2&amp;a=1'
            b'&amp;utm_medium=x#c"/><updated>2023-03-13T10:00:00Z</updated></entry></feed>')
    (item,), lenient = parse_feed(atom, url="u", source="s")
    assert not lenient and item.published == date(2023, 3, 13)
    assert canonical_url(item.link) == "https://example.org/a?a=1&b=2"
    assert canonical_url("http://x.org:8080") == "http://x.org:8080/"


def test_page_without_main_text():
    assert extract_page(b"<html><body></body></html>", url="http://x/") is None


def test_options_checked(client):
    with pytest.raises(ValueError, match="source name"):
        FeedSource(client=client, urls=[], name="../etc")
    with pytest.raises(ValueError, match="language"):
        FeedSource(client=client, urls=[], name="x", language="english")
    with pytest.raises(ValueError, match="auto_accept"):
        FeedSource(client=client, urls=[], name="x", auto_accept=2)
