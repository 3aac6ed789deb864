"""The fuzz property of an event-table import (shared by the ACLED, UCDP, VIINA modules)."""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from geo.ingest import read_events
from tests.fuzz.checks import assert_rendered_safe, import_or_refuse, store_import


def check_table(data: bytes, name: str, table_format: str, policy: str) -> None:
    """Import ``data`` (a file called ``name``) as ``table_format``: stored, or refused
    naming the file, row and column with the store unchanged; what is stored renders safe."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)

        def run(store):
            batch = read_events([path], table_format=table_format, on_invalid=policy)
            result = store_import(store, batch)
            return store.events_between(date(1900, 1, 1), date(2200, 1, 1)), result

        result, error = import_or_refuse(Path(folder), [path], run)
        if error is None:
            events, _ = result
            fresh = [e for e in events if e.layer != "keep"]
            assert all(-90 <= e.place.lat <= 90 and -180 <= e.place.lon <= 180 for e in fresh)
            assert_rendered_safe(events=fresh)

