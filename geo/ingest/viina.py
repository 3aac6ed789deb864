"""VIINA-style CSV (Zhukov, "Violent Incident Information from News Articles") -> Events.

Columns as VIINA's codebook publishes them: ``event_id``, ``report_id``, ``date``
(YYYYMMDD, the report's date), ``time``, ``source`` (outlet short name), ``url``, ``text``
(headline/description), ``lang``, ``address``, ``longitude``, ``latitude``,
``GEO_PRECISION`` (``STREET`` ... ``ADM1``), ``GEO_API``, and the classifier's labels
``t_<type>`` / ``a_<actor>``, each as a binary ``_b`` column, a probability ``_pred`` column
(counted when ≥ 0.5), or a bare column. The first label that is set, in this order, gives
the kind:

==============================================  ================  =================
labels                                          EventKind         note
==============================================  ================  =================
t_control, t_occupy                             capture_claim     claim of control
t_artillery, t_airstrike, t_aad, t_ied          shelling_strike
t_armor, t_firefight, t_raid                    ground_fighting
t_arrest                                        judicial
t_hospital                                      humanitarian
t_san                                           diplomatic        sanctions
none of these                                   other
==============================================  ================  =================

Every VIINA row is one outlet's report classified by a model, so the claim status is
``claimed`` with the outlet as ``claimed_by``; ``confidence`` is the label's probability when
a ``_pred`` column gives it.
Every label and probability cell must be a number from 0 to 1 (``_b`` / bare columns also
take true/yes/false/no; empty or ``NA`` is no value): NaN, infinities, 5.0 or -0.1 are
refused with the file, row and column named. Actors: a_rus -> "Russian forces",
a_ukr -> "Ukrainian forces", a_civ -> "Civilians", a_other -> "Third party".
GEO_PRECISION is kept as a number on UCDP's scale: STREET 1, locality 2, ADM2 3, ADM1 4,
country 6; ``time_precision`` is 1 (the day of the report).
"""

from __future__ import annotations

from geo.errors import InputError
from geo.ingest.common import parse_date
from geo.ingest.rows import Row, TableFormat, coordinates, required, text
from geo.models import ClaimStatus, Event, EventKind, LayerInfo, Place, content_hash
from geo.zones.repair import Note, OnInvalid

LAYER = LayerInfo(
    layer="viina", source="VIINA (Violent Incident Information from News Articles)",
    licence="as published at github.com/zhukovyuri/VIINA; cite Zhukov (2022)",
    attribution="Zhukov, Yuri (2022). VIINA: Violent Incident Information from News "
                "Articles on the 2022 Russian Invasion of Ukraine. University of Michigan.",
    non_commercial=False)

KIND_LABELS: tuple[tuple[str, EventKind], ...] = (
    ("t_control", EventKind.CAPTURE_CLAIM), ("t_occupy", EventKind.CAPTURE_CLAIM),
    ("t_artillery", EventKind.SHELLING_STRIKE), ("t_airstrike", EventKind.SHELLING_STRIKE),
    ("t_aad", EventKind.SHELLING_STRIKE), ("t_ied", EventKind.SHELLING_STRIKE),
    ("t_armor", EventKind.GROUND_FIGHTING), ("t_firefight", EventKind.GROUND_FIGHTING),
    ("t_raid", EventKind.GROUND_FIGHTING), ("t_arrest", EventKind.JUDICIAL),
    ("t_hospital", EventKind.HUMANITARIAN), ("t_san", EventKind.DIPLOMATIC),
)
ACTOR_LABELS = (("a_rus", "Russian forces"), ("a_ukr", "Ukrainian forces"),
                ("a_civ", "Civilians"), ("a_other", "Third party"))
GEO_PRECISION = {
    "street": 1, "house": 1, "exact": 1,
    "locality": 2, "city": 2, "town": 2, "village": 2, "ppl": 2, "district": 2,
    "adm2": 3, "raion": 3, "adm1": 4, "oblast": 4, "province": 4, "region": 4, "country": 6,
}
PRED_CUTOFF = 0.5


MISSING = ("", "na")
"""Cells read as "no value": empty, or R's ``NA``."""
TRUE_WORDS, FALSE_WORDS = ("true", "yes"), ("false", "no")


def _unit_number(row: Row, column: str, source: str, item: int) -> float | None:
    """The cell as a number from 0 to 1 (None: no value, or a true/false word is left to
    the caller); NaN, infinities and numbers outside [0, 1] are refused."""
    raw = text(row, column)
    if raw.lower() in MISSING:
        return None
    try:
        number = float(raw)
    except ValueError:
        if raw.lower() in TRUE_WORDS + FALSE_WORDS and not column.endswith("_pred"):
            return None
        raise InputError(f"not a number from 0 to 1: {raw!r}", source=source, item=item,
                         field=column) from None
    if not 0.0 <= number <= 1.0:  # also False for NaN
        raise InputError(f"{raw!r} is not a number from 0 to 1 (a label or its "
                         "probability)", source=source, item=item, field=column)
    return number


def label(row: Row, name: str, source: str, item: int) -> tuple[bool, float | None]:
    """(is set, probability if known) for a label from its _b, bare or _pred column; every
    value must be a number from 0 to 1 (or, for _b / bare, true/yes/false/no)."""
    prob = _unit_number(row, f"{name}_pred", source, item)
    for column in (f"{name}_b", name):
        number = _unit_number(row, column, source, item)
        if number is not None:
            return (number >= PRED_CUTOFF if number < 1 else True), prob
        value = text(row, column).lower()
        if value not in MISSING:
            return value in TRUE_WORDS, prob
    return (prob is not None and prob >= PRED_CUTOFF), prob


def kind_of(row: Row, source: str, item: int) -> tuple[EventKind, float | None]:
    """The kind of the first label set (and its probability); every label is checked."""
    found = [(kind, label(row, name, source, item)) for name, kind in KIND_LABELS]
    return next(((kind, prob) for kind, (is_set, prob) in found if is_set),
                (EventKind.OTHER, None))


def to_event(row: Row, source: str, item: int, policy: OnInvalid, notes: list[Note]
             ) -> Event:
    native = required(row, "event_id", source, item)
    day = parse_date(required(row, "date", source, item), source=source, item=item,
                     field="date")
    lat, lon = coordinates(row, "latitude", "longitude", source, item, policy, notes,
                           check_swap=True)
    kind, prob = kind_of(row, source, item)
    outlet = text(row, "source") or "VIINA"
    address = text(row, "address")
    name = next((p.strip() for p in reversed(address.split(",")) if p.strip()),
                f"{lat:.4f}, {lon:.4f}")
    body = text(row, "text")
    precision = text(row, "GEO_PRECISION").lower()
    return Event(
        day=day,
        place=Place(name=name, lat=lat, lon=lon, country_code="UA",
                    source_id=f"viina:{native}"),
        kind=kind, summary=body or f"{kind.label} report near {name}", source=outlet,
        claim_status=ClaimStatus.CLAIMED, claimed_by=outlet,
        actors=tuple(actor for column, actor in ACTOR_LABELS
                     if label(row, column, source, item)[0]),
        source_date=day, source_url=text(row, "url"), quote=body,
        confidence=prob if prob is not None else 1.0,
        layer=LAYER.layer, id=content_hash("viina", native),
        time_precision=1, geo_precision=GEO_PRECISION.get(precision))


FORMAT = TableFormat(
    name="viina", layer=LAYER, required=("event_id", "date", "latitude", "longitude"),
    signature=("event_id", "date", "latitude"), to_event=to_event)
