"""A theatre of war as data: its name, box, dates, sides and what the map shows.

A :class:`Theatre` is what a store holds about one conflict area (the battle of Bakhmut,
the battle of Mosul ...): everything the core, the map and the CLI used to hard-code for
Bakhmut. Sides are plain ids (``"russian"``, ``"rebels"``); their labels, colours, hatching,
drawing and precedence come from the theatre. Built from a TOML file by
:mod:`geo.theatre.toml_file`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from geo.models import EventKind

BBox = tuple[float, float, float, float]
"""(west, south, east, north) in degrees: lon, lat order like shapely bounds."""

OKABE_ITO = ("#0072B2", "#D55E00", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#F0E442",
             "#000000")
"""The Okabe–Ito palette (colour-blind safe): default side colours, in this order."""


@dataclass(frozen=True)
class SideSpec:
    """One side of a theatre: who may hold a zone."""

    id: str
    label: str
    colour: str
    contested: bool = False
    """A grey zone / unknown control rather than a party (drawn hatched, never 'gained')."""
    hatch: bool = False
    """Drawn with a hatch pattern (contested and unknown sides are, by default)."""
    drawn: bool = True
    """False for the side that holds the rest of the country, left undrawn as DeepStateMap
    does: its reports are stored and measured, but the map does not fill them."""


@dataclass(frozen=True)
class MapLabel:
    """A town name drawn on the base map; ``rank`` 1 shows at every zoom, higher later."""

    name: str
    lat: float
    lon: float
    rank: int = 1


@dataclass(frozen=True)
class PlaceOfInterest:
    """A place outside the theatre's box that its news names (a capital, a court ...)."""

    name: str
    lat: float
    lon: float


@dataclass(frozen=True)
class Theatre:
    """A conflict area: its sides and everything the map shows of it."""

    name: str
    """The id used by ``--theatre`` and ``?theatre=`` (lower-case letters, digits, ``-_``)."""
    title: str
    bbox: BBox
    start: date
    end: date
    sides: tuple[SideSpec, ...]
    center: tuple[float, float] | None = None
    """Default view centre (lat, lon); None: the box's centre."""
    zoom: int | None = None
    """Default view zoom; None: fitted to the box."""
    front: tuple[str, str] | None = None
    """The two sides a front line separates (the first one's ground is traced); None: the
    first two uncontested sides."""
    precedence: tuple[str, ...] = ()
    """Where sides overlap, the first listed holds the ground; empty: declaration order."""
    event_kinds: tuple[EventKind, ...] = tuple(EventKind)
    far_places: tuple[PlaceOfInterest, ...] = ()
    labels: tuple[MapLabel, ...] = ()
    countries: tuple[str, ...] = ()
    """ISO 3166 alpha-2 codes tried first for ambiguous place names."""
    zone_layers: tuple[str, ...] = ()
    """Zone layers shown by default (empty: every layer)."""
    description: str = ""
    credits: str = ""
    extra: dict[str, object] = field(default_factory=dict, compare=False)
    """Keys of the file this version does not use, kept as they were."""

    # -- sides ---------------------------------------------------------------------------

    @property
    def side_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sides)

    def side(self, side_id: str) -> SideSpec:
        """The side with this id (KeyError when the theatre has none)."""
        for spec in self.sides:
            if spec.id == side_id:
                return spec
        raise KeyError(side_id)

    def has_side(self, side_id: str) -> bool:
        return any(s.id == side_id for s in self.sides)

    def label_of(self, side_id: str) -> str:
        """The side's label, or the id itself for a side this theatre does not declare."""
        return self.side(side_id).label if self.has_side(side_id) else side_id

    def colour_of(self, side_id: str) -> str:
        return self.side(side_id).colour if self.has_side(side_id) else "#777777"

    @property
    def side_precedence(self) -> tuple[str, ...]:
        """Every side once, in the order that wins where zones overlap."""
        listed = [s for s in self.precedence if self.has_side(s)]
        return tuple(listed + [s for s in self.side_ids if s not in listed])

    @property
    def contested_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sides if s.contested)

    @property
    def front_sides(self) -> tuple[str, str]:
        """(traced side, other side) of the front line."""
        if self.front is not None:
            return self.front
        parties = [s.id for s in self.sides if not s.contested]
        return (parties[0], parties[1] if len(parties) > 1 else parties[0])

    @property
    def held_sides(self) -> tuple[str, ...]:
        """Sides whose ground the front line traces: the first front side and the contested."""
        return (self.front_sides[0], *self.contested_ids)

    # -- view ----------------------------------------------------------------------------

    @property
    def view_center(self) -> tuple[float, float]:
        """(lat, lon) of the default view."""
        if self.center is not None:
            return self.center
        west, south, east, north = self.bbox
        return ((south + north) / 2, (west + east) / 2)

    @property
    def view_zoom(self) -> int:
        """Default zoom: given, or the largest that shows the box on a ~900 px map."""
        if self.zoom is not None:
            return self.zoom
        west, south, east, north = self.bbox
        span = max(east - west, (north - south) * 1.3, 1e-6)
        zoom = 1
        while zoom < 14 and 360 / 2 ** (zoom + 1) * 3.5 >= span:
            zoom += 1
        return zoom

    def contains(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bbox
        return west <= lon <= east and south <= lat <= north


__all__ = ["BBox", "MapLabel", "OKABE_ITO", "PlaceOfInterest", "SideSpec", "Theatre"]
