"""Reading bundled files through :mod:`importlib.resources` (works from a wheel or a zip too)."""

from __future__ import annotations

import json
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from geo.errors import SeedError

PACKAGE = "seeds"


def resource(*parts: str) -> Traversable:
    """The bundled file ``seeds/<parts...>``."""
    node = resources.files(PACKAGE)
    for part in parts:
        node = node / part
    return node


def label(*parts: str) -> str:
    """A short name for error messages, e.g. ``seeds/zones/bakhmut_zones.geojson``."""
    return "/".join((PACKAGE, *parts))


def read_text(*parts: str) -> str:
    """Text of a bundled file (UTF-8); a missing file is a :class:`SeedError`."""
    node = resource(*parts)
    try:
        return node.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError) as exc:
        raise SeedError(f"bundled file missing or unreadable: {exc}", source=label(*parts)) from exc


def read_json(*parts: str) -> Any:
    """Parsed JSON of a bundled file; bad JSON is a :class:`SeedError`."""
    text = read_text(*parts)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SeedError(f"invalid JSON: {exc}", source=label(*parts), item=exc.lineno) from exc
