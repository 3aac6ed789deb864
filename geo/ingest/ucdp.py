"""UCDP Georeferenced Event Dataset (GED) CSV -> Events.

Columns used: ``id``, ``relid``, ``type_of_violence``, ``dyad_name``, ``side_a``,
``side_b``, ``source_office``, ``source_date``, ``source_headline``, ``source_original``,
``where_prec`` (1 exact place ... 7 international waters), ``where_coordinates``,
``where_description``, ``latitude``, ``longitude``, ``country``, ``event_clarity``,
``date_prec`` (1 exact day ... 5 longer), ``date_start``, ``date_end``, ``best``, ``low``,
``high``.

======================  ===============  ====================================
type_of_violence        EventKind        claim
======================  ===============  ====================================
1 state-based           ground_fighting  confirmed (event_clarity 1),
2 non-state             ground_fighting  assessed (event_clarity 2: aggregated)
3 one-sided             other            as above
======================  ===============  ====================================

UCDP does not code the weapon, so armed conflict events are ``ground_fighting``. The first
headline is kept as the quote, news agencies as ``source``, ``date_prec``/``where_prec`` as
``time_precision``/``geo_precision``.
"""

from __future__ import annotations

from geo.errors import InputError
from geo.ingest.common import parse_date
from geo.ingest.rows import (
    Row,
    TableFormat,
    coordinates,
    first,
    integer,
    required,
    split_list,
    text,
)
from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place, content_hash
from geo.zones.repair import Note, OnInvalid

LAYER = LayerInfo(
    layer="ucdp", source="UCDP Georeferenced Event Dataset (GED)", licence="CC BY 4.0",
    attribution="Events: UCDP Georeferenced Event Dataset (CC BY 4.0); Sundberg & Melander "
                "2013, Davies, Pettersson & Öberg 2022", non_commercial=False)

_KIND = {"1": EventKind.GROUND_FIGHTING, "2": EventKind.GROUND_FIGHTING,
         "3": EventKind.OTHER}
_COUNTRY = {"ukraine": "UA", "russia (soviet union)": "RU", "russia": "RU"}


def to_event(row: Row, source: str, item: int, policy: OnInvalid, notes: list[Note]
             ) -> Event:
    native = text(row, "relid") or required(row, "id", source, item)
    day = parse_date(required(row, "date_start", source, item), source=source, item=item,
                     field="date_start")
    country = text(row, "country")
    lat, lon = coordinates(row, "latitude", "longitude", source, item, policy, notes,
                           check_swap=country.lower() == "ukraine")
    violence = text(row, "type_of_violence")
    kind = _KIND.get(violence, EventKind.OTHER)
    place = text(row, "where_coordinates") or text(row, "adm_2") or text(row, "adm_1")
    deaths = text(row, "best")
    span = text(row, "date_end")
    until = f" until {span}" if span and span != text(row, "date_start") else ""
    summary = (f"{text(row, 'dyad_name') or text(row, 'side_a')}: {deaths or '?'} killed "
               f"(low {text(row, 'low') or '?'}, high {text(row, 'high') or '?'}) at "
               f"{text(row, 'where_description') or place}{until}")
    source_dates = split_list(text(row, "source_date"))
    source_date = None
    if source_dates:
        try:
            source_date = parse_date(source_dates[0], source=source, item=item,
                                     field="source_date")
        except InputError:  # a malformed source date is not worth refusing the event
            notes.append(Note(source, item, "fixed", "unreadable source_date left out"))
    clear = text(row, "event_clarity") in ("", "1")
    return Event(
        day=day,
        place=Place(name=place or f"{lat:.4f}, {lon:.4f}", lat=lat, lon=lon,
                    country_code=_COUNTRY.get(country.lower(), ""),
                    source_id=f"ucdp:{text(row, 'id')}"),
        kind=kind, summary=summary,
        source="; ".join(split_list(text(row, "source_office"))) or "UCDP GED",
        claim_status=ClaimStatus.CONFIRMED if clear else ClaimStatus.ASSESSED,
        claimed_by=text(row, "source_original") if not clear else "",
        actors=tuple(a for a in (text(row, "side_a"), text(row, "side_b")) if a),
        source_date=source_date,
        quote=first(split_list(text(row, "source_headline")), ""),
        layer=LAYER.layer, id=content_hash("ucdp", native),
        time_precision=integer(row, "date_prec", source, item),
        geo_precision=integer(row, "where_prec", source, item))


FORMAT = TableFormat(
    name="ucdp", layer=LAYER,
    required=("id", "date_start", "latitude", "longitude", "type_of_violence"),
    signature=("date_start", "where_prec"),
    to_event=to_event)
