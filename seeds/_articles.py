"""The bundled seed article(s): ``articles/articles.json`` lists files and their metadata."""

from __future__ import annotations

from datetime import date
from typing import Any

from geo.errors import SeedError
from geo.models import Article
from seeds._io import read_json, read_text

INDEX = ("articles", "articles.json")
_SOURCE = "seeds/articles/articles.json"


def _field(entry: dict[str, Any], name: str, index: int) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        raise SeedError("missing or empty", source=_SOURCE, item=index, field=name)
    return value


def _article(entry: Any, index: int) -> Article:
    if not isinstance(entry, dict):
        raise SeedError("entry is not an object", source=_SOURCE, item=index)
    fname = _field(entry, "file", index)
    if "/" in fname or "\\" in fname or fname.startswith("."):
        raise SeedError(f"file name must be a plain name: {fname!r}", source=_SOURCE, item=index,
                        field="file")
    try:
        published = date.fromisoformat(_field(entry, "published", index))
    except ValueError as exc:
        raise SeedError(f"not an ISO date: {exc}", source=_SOURCE, item=index,
                        field="published") from exc
    url = entry.get("url")
    if url is not None and not isinstance(url, str):
        raise SeedError("must be a string or null", source=_SOURCE, item=index, field="url")
    return Article(title=_field(entry, "title", index), text=read_text("articles", fname),
                   published=published, source=_field(entry, "source", index), url=url or None,
                   language=entry.get("language", "en"))


def load_articles() -> list[Article]:
    """All bundled articles, in index order; ``text`` is the full file text."""
    index = read_json(*INDEX)
    if not isinstance(index, list):
        raise SeedError("expected a JSON list", source=_SOURCE)
    return [_article(entry, i) for i, entry in enumerate(index)]


def article_ids_by_file(articles: list[Article] | None = None) -> dict[str, str]:
    """Map article file name -> :attr:`Article.id` (the bundled index order)."""
    index = read_json(*INDEX)
    loaded = load_articles() if articles is None else articles
    ids = {a.title: a.id for a in loaded}
    return {e["file"]: ids[e["title"]] for e in index if e.get("title") in ids}
