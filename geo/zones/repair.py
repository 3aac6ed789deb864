"""Geometry repair as a policy: ``on_invalid="raise" | "fix" | "skip"``, every action reported."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geo.errors import GeometryError

OnInvalid = Literal["raise", "fix", "skip"]
ON_INVALID_CHOICES: tuple[str, ...] = ("raise", "fix", "skip")


@dataclass(frozen=True)
class Note:
    """One thing an import did to or with an input item, for the import report.

    ``action`` is ``fixed``, ``swapped``, ``reprojected``, ``skipped``, ``dropped``
    (dropped: left out by a documented rule, e.g. DeepState decoration) or ``kept`` (a
    previous zone left in force because everything that would replace it was unusable).
    """

    source: str
    item: int | str | None
    action: str
    reason: str

    def __str__(self) -> str:
        where = self.source if self.item is None else f"{self.source}, item {self.item}"
        return f"{where}: {self.action}: {self.reason}"


def check_policy(on_invalid: str) -> OnInvalid:
    """The policy itself, or ValueError naming the choices."""
    if on_invalid not in ON_INVALID_CHOICES:
        raise ValueError(f"on_invalid must be one of {', '.join(ON_INVALID_CHOICES)}, "
                         f"got {on_invalid!r}")
    return on_invalid  # type: ignore[return-value]


def polygonal_parts(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """The polygonal part of any geometry (lines/points dropped; empty Polygon if none)."""
    if geometry.is_empty:
        return Polygon()
    if isinstance(geometry, Polygon | MultiPolygon):
        return geometry
    polys = [p for p in shapely.get_parts(geometry)
             if isinstance(p, Polygon | MultiPolygon) and not p.is_empty]
    flat = [q for p in polys for q in shapely.get_parts(p)]
    if not flat:
        return Polygon()
    return flat[0] if len(flat) == 1 else MultiPolygon(flat)


def made_valid(geometry: BaseGeometry) -> BaseGeometry:
    """``make_valid`` that never raises: GEOS's default ("linework") repair fails on some
    degenerate inputs (a collapsed shell with a hole: "Overlay input is mixed-dimension");
    those get the "structure" repair, and an empty polygon if that fails too."""
    try:
        return shapely.make_valid(geometry)
    except shapely.errors.GEOSException:
        pass
    try:
        return shapely.make_valid(geometry, method="structure", keep_collapsed=False)
    except shapely.errors.GEOSException:
        return Polygon()


def valid_polygonal(geometry: BaseGeometry) -> Polygon | MultiPolygon:
    """The geometry if valid, else its ``make_valid`` repair (polygonal part only)."""
    if geometry.is_valid:
        return polygonal_parts(geometry)
    return polygonal_parts(made_valid(geometry))


def repair_polygonal(geometry: BaseGeometry, *, on_invalid: OnInvalid, source: str,
                     item: int | str | None) -> tuple[BaseGeometry | None, Note | None]:
    """Apply the policy to one polygonal geometry.

    Returns ``(geometry, None)`` when valid, ``(repaired, note)`` under ``fix``, ``(None,
    note)`` under ``skip`` (or when nothing polygonal survives the repair); raises
    :class:`GeometryError` under ``raise``.
    """
    if geometry.is_valid:
        return geometry, None
    reason = shapely.is_valid_reason(geometry)
    if on_invalid == "raise":
        raise GeometryError(f"invalid geometry ({reason}); --on-invalid fix repairs it with "
                            "make_valid, --on-invalid skip leaves it out", source=source,
                            item=item, field="geometry")
    if on_invalid == "skip":
        return None, Note(source, item, "skipped", f"invalid geometry ({reason})")
    fixed = polygonal_parts(made_valid(geometry))
    if fixed.is_empty:
        return None, Note(source, item, "skipped",
                          f"invalid geometry ({reason}); nothing polygonal left after repair")
    return fixed, Note(source, item, "fixed", f"invalid geometry ({reason}) repaired with "
                       "make_valid")
