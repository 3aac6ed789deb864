"""ACLED export CSV -> Events.

Columns used (as ACLED exports them): ``event_id_cnty``, ``event_date`` (``2023-03-13`` or
``13 March 2023``), ``time_precision`` (1 day, 2 week, 3 month), ``event_type``,
``sub_event_type``, ``actor1``, ``assoc_actor_1``, ``actor2``, ``assoc_actor_2``, ``country``,
``iso``, ``location``, ``latitude``, ``longitude``, ``geo_precision`` (1 town, 2 near/part of
a region, 3 larger region), ``source``, ``notes``, ``fatalities``.

=====================================  ==========================================  ========
event_type / sub_event_type             EventKind                                   claim
=====================================  ==========================================  ========
Battles / Armed clash                   ground_fighting                             confirmed
Battles / Government regains territory  capture_claim (claimed by actor1)           claimed
Battles / Non-state actor overtakes     capture_claim (claimed by actor1)           claimed
territory
Explosions/Remote violence / any        shelling_strike                             confirmed
Strategic developments / Agreement      diplomatic                                  confirmed
Strategic developments / Arrests        judicial                                    confirmed
Strategic developments / Non-violent    capture_claim (claimed by actor1)           claimed
transfer of territory
Strategic developments / Disrupted      shelling_strike                             confirmed
weapons use
Violence against civilians, Protests,   other                                       confirmed
Riots, anything else
=====================================  ==========================================  ========

"confirmed" here means coded by ACLED from its named sources (kept in ``source``); territory
changes are one side's claim. ``notes`` becomes the summary; precision codes are kept as ACLED
publishes them (``time_precision``, ``geo_precision``).
"""

from __future__ import annotations

from geo.ingest.common import parse_date
from geo.ingest.rows import (
    Row,
    TableFormat,
    coordinates,
    integer,
    required,
    split_list,
    text,
)
from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place, content_hash
from geo.zones.repair import Note, OnInvalid

LAYER = LayerInfo(
    layer="acled", source="ACLED (Armed Conflict Location & Event Data)",
    licence="ACLED terms of use: attribution required, redistribution restricted",
    attribution="Armed Conflict Location & Event Data Project (ACLED); www.acleddata.com",
    non_commercial=True)

_TERRITORY = {"government regains territory", "non-state actor overtakes territory",
              "non-violent transfer of territory"}
_BY_SUB = {
    "armed clash": EventKind.GROUND_FIGHTING,
    "agreement": EventKind.DIPLOMATIC,
    "arrests": EventKind.JUDICIAL,
    "disrupted weapons use": EventKind.SHELLING_STRIKE,
}
_BY_TYPE = {
    "battles": EventKind.GROUND_FIGHTING,
    "explosions/remote violence": EventKind.SHELLING_STRIKE,
}
_ISO_NUMERIC = {"804": "UA", "643": "RU", "112": "BY", "498": "MD"}


def kind_and_claim(event_type: str, sub_event_type: str) -> tuple[EventKind, bool]:
    """(kind, is a territorial claim) for an ACLED type pair (case-insensitive)."""
    sub = sub_event_type.strip().lower()
    if sub in _TERRITORY:
        return EventKind.CAPTURE_CLAIM, True
    if sub in _BY_SUB:
        return _BY_SUB[sub], False
    return _BY_TYPE.get(event_type.strip().lower(), EventKind.OTHER), False


def to_event(row: Row, source: str, item: int, policy: OnInvalid, notes: list[Note]
             ) -> Event:
    native = required(row, "event_id_cnty", source, item)
    day = parse_date(required(row, "event_date", source, item), source=source, item=item,
                     field="event_date")
    country = text(row, "country")
    lat, lon = coordinates(row, "latitude", "longitude", source, item, policy, notes,
                           check_swap=country.lower() == "ukraine")
    kind, claim = kind_and_claim(required(row, "event_type", source, item),
                                 text(row, "sub_event_type"))
    actor1 = text(row, "actor1")
    actors = [a for col in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2")
              for a in split_list(text(row, col)) if a]
    location = text(row, "location") or text(row, "admin2") or text(row, "admin1")
    summary = text(row, "notes") or f"{text(row, 'sub_event_type')} in {location}"
    return Event(
        day=day,
        place=Place(name=location or f"{lat:.4f}, {lon:.4f}", lat=lat, lon=lon,
                    country_code=_ISO_NUMERIC.get(text(row, "iso"), ""),
                    source_id=f"acled:{native}"),
        kind=kind, summary=summary,
        source="; ".join(split_list(text(row, "source"))) or "ACLED",
        claim_status=ClaimStatus.CLAIMED if claim else ClaimStatus.CONFIRMED,
        claimed_by=actor1 if claim else "",
        actors=tuple(dict.fromkeys(actors)),
        layer=LAYER.layer, id=content_hash("acled", native),
        time_precision=integer(row, "time_precision", source, item),
        geo_precision=integer(row, "geo_precision", source, item))


FORMAT = TableFormat(
    name="acled", layer=LAYER,
    required=("event_id_cnty", "event_date", "event_type", "latitude", "longitude"),
    signature=("event_id_cnty", "event_date"),
    to_event=to_event)
