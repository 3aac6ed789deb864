"""Reading geo's package data through :mod:`importlib.resources` (works from a wheel or a zip)."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from geo.errors import DataError

PACKAGE = "geo.data"


def resource(*parts: str) -> Traversable:
    """The bundled file ``geo/data/<parts...>``."""
    node = resources.files(PACKAGE)
    for part in parts:
        node = node / part
    return node


def label(*parts: str) -> str:
    """A short name for error messages, e.g. ``geo/data/gazetteer/theatre.csv``."""
    return "/".join(("geo", "data", *parts))


def read_text(*parts: str) -> str:
    """Text of a bundled file (UTF-8); a missing file is a :class:`DataError` naming it."""
    try:
        return resource(*parts).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"bundled file missing or unreadable: {exc}",
                        source=label(*parts)) from exc


def read_json(*parts: str) -> Any:
    """Parsed JSON of a bundled file; bad JSON is a :class:`DataError` naming file and line."""
    text = read_text(*parts)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"invalid JSON: {exc}", source=label(*parts), item=exc.lineno) from exc
