"""Fuzz: articles as text, Markdown, HTML and JSON lines, read as ``frontline ingest`` reads
them (read_drafts, to_article), geoparsed, their events extracted and stored."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from functools import lru_cache
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from dashboard.commands.ingest import LAYER, read_drafts, to_article
from geo.events import EventExtractor
from geo.geoparse import Geoparser
from tests.fuzz.checks import assert_rendered_safe, import_or_refuse, store_batch
from tests.fuzz.settings import FUZZ_SETTINGS
from tests.fuzz.strategies import (
    hostile_text,
    mutate_bytes,
    mutate_tree,
    plausible_day,
    wild_day,
    wild_text,
)

SENTENCES = ["Russian forces shelled Bakhmut overnight.",
             "Ukrainian troops recaptured Robotyne, the general staff said.",
             "Heavy fighting continued near Avdiivka and Marinka.",
             "A missile strike hit Kharkiv on Tuesday."]
sentence = st.one_of(st.sampled_from(SENTENCES), hostile_text)
body = st.lists(sentence, min_size=1, max_size=4).map(" ".join)


@lru_cache(maxsize=1)
def extractor() -> EventExtractor:
    return EventExtractor(Geoparser())


@st.composite
def article_file(draw) -> tuple[str, bytes]:
    """(file name, bytes) of an article input in one of the formats ingest reads."""
    kind = draw(st.sampled_from(["txt", "md", "html", "jsonl"]))
    if kind == "jsonl":
        items = [{"text": draw(body), "title": draw(st.one_of(hostile_text, st.none())),
                  "published": draw(st.one_of(plausible_day, wild_day)),
                  "source": draw(hostile_text),
                  "url": draw(st.sampled_from(["https://example.org/a", "javascript:X7335"]))}
                 for _ in range(draw(st.integers(1, 3)))]
        lines = [json.dumps(draw(mutate_tree(i)), ensure_ascii=False) for i in items]
        if draw(st.integers(0, 5)) == 0:
            lines.append(draw(st.sampled_from(["{", "[1, 2]", '{"text": 5}', "null"])))
        text = "\n".join(lines)
    elif kind == "html":
        title = draw(hostile_text)
        text = (f"<html><head><title>{title}</title><script>alert(1)</script></head><body>"
                f"<h1>{draw(hostile_text)}</h1><p>{draw(body)}</p>"
                f"{draw(st.sampled_from(['', '<p>unclosed', '<!--', '<style>x{}</style>']))}")
    else:
        text = f"# {draw(wild_text)}\n\n{draw(body)}\n" if kind == "md" else draw(body)
    return f"article.{kind}", draw(mutate_bytes(text.encode("utf-8", "surrogatepass")))


@FUZZ_SETTINGS
@given(doc=article_file(), default_date=st.sampled_from([None, date(2023, 3, 13)]))
def test_fuzz_articles(doc, default_date):
    name, data = doc
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)

        def run(store):
            # as frontline ingest: every article of the file read before anything is stored
            articles = [to_article(d, default_date, None)
                        for d in read_drafts(str(path), path.read_bytes())]
            stored = []
            for article in articles:
                events = extractor().extract(article, extractor().parser.parse(article.text))
                store.write(store_batch(layers=[LAYER], articles=[article], events=events))
                stored.extend(events)
            return stored

        events, error = import_or_refuse(Path(folder), [path], run)
        if error is None:
            assert_rendered_safe(events=events)
