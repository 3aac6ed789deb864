"""The review panel's original text: event sentences and places highlighted, escaped, for
Ukrainian as for English, and who claims and who denies each event."""

from __future__ import annotations

import re
from datetime import date

from dashboard.review import claims_html, highlighted_html
from geo.events import EventExtractor
from geo.models import Article

UK = ("Росія заявила, що її війська захопили Кліщіївку в неділю, що заперечують у Києві. "
      "Сі Цзіньпін відвідає Москву з 20 по 22 березня, повідомили в Кремлі. ЗСУ відбили "
      'атаки біля Бахмута <img src=x onerror="alert(1)"> ${alert(2)} `tick`, повідомив '
      "Генштаб.")


def _review(text: str):
    extractor = EventExtractor()
    article = Article(title="", text=text, published=date(2023, 3, 13), source="Wire <b>")
    toponyms = extractor.parser.parse(text)
    return toponyms, extractor.extract(article, toponyms)


def test_ukrainian_article_highlighted_with_event_sentences_and_places():
    toponyms, events = _review(UK)
    page = highlighted_html(UK, toponyms, events)
    assert page.count('<span class="fl-event') == 3
    assert '<span class="fl-event fl-disputed"' in page
    assert '<span class="fl-event fl-planned"' in page
    assert '<span class="fl-event fl-claimed"' in page
    assert ">Кліщіївку</mark>" in page and ">Бахмута</mark>" in page
    assert "capture_claim at Klishchiivka, disputed by Росія, denied by Київ" in page
    assert "<img" not in page and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    body = page.split('<div class="fl-article">', 1)[1]
    ours = re.sub(r'<mark class="fl-place" title="[^"<>]*">|</mark>|'
                  r'<span class="fl-event fl-\w+" title="[^"<>]*">|</span>|</div>$', "", body)
    assert "<" not in ours and ">" not in ours  # every other angle bracket was escaped


def test_event_titles_are_escaped():
    hostile = 'Росія обстріляла Херсон, повідомив "><script>alert(1)</script>.'
    toponyms, events = _review(hostile)
    page = highlighted_html(hostile, toponyms, events)
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_highlights_without_events_are_the_places_alone():
    toponyms, _ = _review(UK)
    page = highlighted_html(UK, toponyms)
    assert "fl-event" not in page.split("</style>", 1)[1] and "fl-place" in page


def test_who_says_so_lists_disputed_and_planned_with_their_sources():
    _, events = _review(UK)
    page = claims_html(events, "Wire <b>")
    assert page.index("disputed") < page.index("planned")
    assert "claimed by Росія; denied by Київ; source: Wire &lt;b&gt;" in page
    assert "diplomatic at Moscow, 2023-03-20 – 2023-03-22 — claimed by Кремль" in page
    assert claims_html([], "x") == ""
