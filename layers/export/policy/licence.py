"""Licence guard: every exported layer carries its licence; restrictive terms warn.

The store's layer table (:meth:`Store.layers`) holds each layer's source, licence,
attribution and a non-commercial flag. An export names every layer whose zones or events it
contains. A layer whose licence restricts use or redistribution (non-commercial flag, or a
licence text such as "CC BY-NC", "no derivatives", "all rights reserved") makes the export
warn, and its full terms go into the credits and the manifest. A layer the store knows no
licence for warns too.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import seeds
from geo.models import LayerInfo

__all__ = ["BASE_CREDITS", "LicenceReport", "check_licences", "is_restricted"]

log = logging.getLogger(__name__)

#: Always credited (basemap and gazetteer), whatever the data layers.
BASE_CREDITS: tuple[str, ...] = (
    seeds.BASEMAP_ATTRIBUTION,
    "Place names: GeoNames (CC BY 4.0)",
)

_RESTRICTIVE = re.compile(
    r"\bNC\b|non[- ]?commercial|\bND\b|no[- ]?deriv|no redistribution|not for redistribution|"
    r"all rights reserved|proprietary|personal use", re.IGNORECASE)


def is_restricted(info: LayerInfo) -> bool:
    """True when the layer's terms restrict commercial use, derivatives or redistribution."""
    return info.non_commercial or bool(_RESTRICTIVE.search(info.licence or ""))


def _terms(info: LayerInfo) -> str:
    restriction = " Restricted: non-commercial use only / redistribution not cleared." \
        if is_restricted(info) else ""
    attribution = f" {info.attribution}" if info.attribution else ""
    return f"{info.source} [{info.layer}]: {info.licence or 'licence unknown'}.{restriction}" \
           f"{attribution}"


@dataclass(frozen=True)
class LicenceReport:
    """The licences of the layers one export contains."""

    layers: tuple[LayerInfo, ...]
    unknown: tuple[str, ...]

    @property
    def restricted(self) -> tuple[LayerInfo, ...]:
        """Layers whose licence restricts use or redistribution."""
        return tuple(info for info in self.layers if is_restricted(info))

    def credits(self) -> list[str]:
        """Short credit lines for the map corner (plain text; escape before display)."""
        lines = []
        for info in self.layers:
            if info.layer == seeds.SEED_LAYER:  # the map's own credits name the seed data
                continue
            flag = ", non-commercial" if is_restricted(info) else ""
            lines.append(f"{info.source} ({info.licence or 'licence unknown'}{flag})")
        lines += [f"Layer {name!r}: licence unknown" for name in self.unknown]
        return lines

    def terms(self) -> list[str]:
        """Full terms, one line per layer, base credits first (plain text)."""
        return [*BASE_CREDITS, *(_terms(info) for info in self.layers),
                *(f"Layer {name!r}: no licence on record" for name in self.unknown)]

    def warnings(self) -> list[str]:
        """One warning per restricted or unlicensed layer (plain text)."""
        out = [f"layer {info.layer!r} ({info.source}) is under {info.licence or 'unknown terms'}"
               f" and restricts use or redistribution: non-commercial use only; its terms are "
               f"in the credits and the manifest" for info in self.restricted]
        out += [f"layer {name!r} has no licence on record: check its terms before sharing"
                for name in self.unknown]
        return out

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, for manifests and data-file metadata."""
        return {
            "base_credits": list(BASE_CREDITS),
            "layers": [{"layer": i.layer, "source": i.source, "licence": i.licence,
                        "attribution": i.attribution, "non_commercial": i.non_commercial,
                        "restricted": is_restricted(i), "terms": _terms(i)}
                       for i in self.layers],
            "unknown_layers": list(self.unknown),
            "warnings": self.warnings(),
        }


def check_licences(known: Sequence[LayerInfo], used: Iterable[str]) -> LicenceReport:
    """The licence report for the layers named in ``used`` (zones' and events' ``layer``).

    Logs one warning per restricted or unlicensed layer.
    """
    by_name = {info.layer: info for info in known}
    names = sorted(set(used))
    report = LicenceReport(layers=tuple(by_name[n] for n in names if n in by_name),
                           unknown=tuple(n for n in names if n not in by_name))
    for warning in report.warnings():
        log.warning("export: %s", warning)
    return report
