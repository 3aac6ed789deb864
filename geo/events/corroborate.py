"""Corroboration: reports of the same event by several articles become one event.

Two reports are of the same event when they have the same kind and day (and end day),
places within :data:`RADIUS_KM`, and compatible details: a plan is never merged with what
happened, and statements only when the speaker is the same. Reports are linked in
connected components (single linkage), so merging again changes nothing (idempotent):
each merged event is the most confident report, with every source listed in ``sources``
and ``independent_sources`` counting outlets, where reports with the same wording (one
wire story printed by several outlets) count once. A denial stands (``disputed``); else the
most established status wins (confirmed, then assessed, then claimed).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from geo.gazetteer import km
from geo.models import ClaimStatus, Event, EventKind

RADIUS_KM = 25.0
"""Reports placed this close are taken for the same place (a town and its outskirts)."""
_STRENGTH = {ClaimStatus.CONFIRMED: 3, ClaimStatus.ASSESSED: 2, ClaimStatus.CLAIMED: 1,
             ClaimStatus.PLANNED: 0, ClaimStatus.DISPUTED: 0}


def _fold(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _compatible(a: Event, b: Event) -> bool:
    if a.kind is not b.kind or a.day != b.day or (a.end_day and b.end_day
                                                   and a.end_day != b.end_day):
        return False
    if (a.claim_status is ClaimStatus.PLANNED) != (b.claim_status is ClaimStatus.PLANNED):
        return False
    if a.kind is EventKind.STATEMENT and _fold(a.claimed_by) != _fold(b.claimed_by):
        return False
    return km(a.place.lat, a.place.lon, b.place.lat, b.place.lon) <= RADIUS_KM


def _sources(event: Event) -> tuple[str, ...]:
    return event.sources or ((event.source,) if event.source else ())


def independent_count(reports: list[Event]) -> int:
    """Outlets among ``reports``, where the same wording printed by several outlets (one
    wire story) counts once and an already merged event counts what it counted."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        parent[find(a)] = find(b)

    merged_extra = 0
    by_quote: dict[str, list[str]] = defaultdict(list)
    for report in reports:
        outlets = [f"o:{_fold(s)}" for s in _sources(report)] or [f"e:{report.id}"]
        for outlet in outlets:
            find(outlet)
        for other in outlets[1:]:
            union(outlets[0], other)
        if report.sources:  # already merged: one unit counting what it counted
            merged_extra += max(0, report.independent_sources - 1)
            continue
        if report.quote:
            by_quote[_fold(report.quote)].append(outlets[0])
    for outlets in by_quote.values():
        for other in outlets[1:]:
            union(outlets[0], other)
    units = len({find(x) for x in parent})
    return max(1, units + merged_extra)


def _merge(reports: list[Event]) -> Event:
    if len(reports) == 1:
        one = reports[0]
        return one if one.sources else replace(one, sources=_sources(one),
                                               independent_sources=1)
    lead = max(reports, key=lambda e: (e.confidence, -(e.source_date or e.day).toordinal(),
                                       e.id))
    sources = tuple(sorted({s for r in reports for s in _sources(r)}))
    disputed = [r for r in reports if r.claim_status is ClaimStatus.DISPUTED]
    if disputed:
        status, denied = ClaimStatus.DISPUTED, disputed[0].denied_by
    else:
        status = max((r.claim_status for r in reports), key=lambda s: _STRENGTH[s])
        denied = ""
    claimed_by = lead.claimed_by or next((r.claimed_by for r in reports if r.claimed_by), "")
    actors = tuple(dict.fromkeys(a for r in reports for a in r.actors))
    return replace(lead, sources=sources, independent_sources=independent_count(reports),
                   claim_status=status, denied_by=denied or lead.denied_by,
                   claimed_by=claimed_by, actors=actors)


def corroborate(events: Iterable[Event]) -> list[Event]:
    """The events of ``events`` with reports of the same event merged (see module doc), in
    the order of their first report; the same report given twice (re-ingest) counts once."""
    unique: dict[str, Event] = {}
    for event in events:
        unique.setdefault(event.id, event)
    reports = list(unique.values())
    groups: dict[tuple, list[int]] = defaultdict(list)
    for index, event in enumerate(reports):
        groups[(event.kind, event.day)].append(index)
    parent = list(range(len(reports)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for members in groups.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                if _compatible(reports[i], reports[j]):
                    parent[find(i)] = find(j)
    clusters: dict[int, list[int]] = defaultdict(list)
    for index in range(len(reports)):
        clusters[find(index)].append(index)
    ordered = sorted(clusters.values(), key=lambda c: c[0])
    return [_merge([reports[i] for i in cluster]) for cluster in ordered]
