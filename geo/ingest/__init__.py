"""Importers: DeepStateMap snapshots, generic GeoJSON/KML zone files, ACLED/UCDP/VIINA tables.

Each ``read_*`` function returns a :class:`Batch` (one layer's reports and events plus notes
on what was fixed, skipped or dropped); :func:`import_batch` stores it in ONE transaction
(``dry_run=True`` reports what would change and stores nothing).
"""

from geo.ingest.common import DEFAULT_MAX_MB, Batch, import_batch
from geo.ingest.deepstate import read_deepstate
from geo.ingest.geojson import read_geojson
from geo.ingest.kml import read_kml
from geo.ingest.tables import read_events
from geo.ingest.validate import THEATRE
from geo.ingest.zonemap import ZoneMapping, load_mapping, parse_side_map

__all__ = ["DEFAULT_MAX_MB", "THEATRE", "Batch", "ZoneMapping", "import_batch", "load_mapping",
           "parse_side_map", "read_deepstate", "read_events", "read_geojson", "read_kml"]
