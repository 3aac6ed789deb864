"""Geocoders behind one small protocol, geopy-style: offline by default, online on request.

* :class:`OfflineGeocoder` answers from our gazetteer (no network, the default);
* :class:`GeopyGeocoder` wraps a geopy service (``nominatim`` or ``photon``) with
  ``RateLimiter`` (one request a second by default), a configurable user agent, endpoint
  (a self-hosted Nominatim) and timeout, and a persistent cache in the store;
* :class:`FallbackGeocoder` uses the online geocoder only when enabled; when the service is
  broken it falls back to the offline one and records a :class:`FallbackReport`.

As in geopy, ``None`` means "not found" and an exception (:class:`geo.errors.GeocodeError`)
means the service is broken. Corrections live in the store as overrides
(:class:`StoreOverrides`) and are applied by the geoparser on every later parse.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from geo.errors import GeocodeError, InputError
from geo.geoparse import Geoparser, override_key
from geo.models import Place
from geo.store.base import Batch, Store
from geo.store.schema import Correction

log = logging.getLogger(__name__)

DEFAULT_USER_AGENT = "frontline-map/0.1 (offline-first war map; set your own contact)"
SERVICES = ("nominatim", "photon")


class Geocoder(Protocol):
    """Anything that turns a place name into a :class:`Place` (lat, lon) or ``None``."""

    name: str

    def geocode(self, query: str, *, country_codes: Sequence[str] = ()) -> Place | None: ...


def place_to_json(place: Place) -> str:
    """A Place as compact JSON (what caches and overrides store)."""
    return json.dumps(asdict(place), ensure_ascii=False, separators=(",", ":"))


def place_from_json(text: str) -> Place | None:
    """The inverse of :func:`place_to_json` (``"null"`` is a cached "not found")."""
    data = json.loads(text)
    if data is None:
        return None
    data["alternatives"] = tuple(data.get("alternatives") or ())
    return Place(**data)


class OfflineGeocoder:
    """Geocode from the offline gazetteer: the query is geoparsed, else looked up whole."""

    name = "offline"

    def __init__(self, parser: Geoparser | None = None) -> None:
        self.parser = parser or Geoparser()

    def geocode(self, query: str, *, country_codes: Sequence[str] = ()) -> Place | None:
        query = (query or "").strip()
        if not query:
            return None
        wanted = {c.upper() for c in country_codes}
        for toponym in self.parser.parse(query):
            if not wanted or toponym.place.country_code in wanted:
                return toponym.place
        for place in self.parser.gaz.search(query, limit=20):
            if not wanted or place.country_code in wanted:
                return place
        return None


class GeopyGeocoder:
    """A geopy online service with rate limiting and a persistent cache in the store."""

    def __init__(self, service: str = "nominatim", *, user_agent: str = DEFAULT_USER_AGENT,
                 domain: str | None = None, scheme: str = "https", timeout: float = 10.0,
                 min_delay_seconds: float = 1.0, max_retries: int = 0,
                 cache: Store | None = None,
                 adapter_factory: Callable[..., Any] | None = None) -> None:
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim, Photon

        if service not in SERVICES:
            raise InputError(f"unknown geocoding service {service!r} (use one of "
                             f"{', '.join(SERVICES)})", field="service")
        if not user_agent:
            raise InputError("online geocoders need a user agent", field="user_agent")
        options: dict[str, Any] = {"user_agent": user_agent, "scheme": scheme,
                                   "timeout": timeout}
        if domain:
            options["domain"] = domain
        if adapter_factory is not None:
            options["adapter_factory"] = adapter_factory
        cls = Nominatim if service == "nominatim" else Photon
        self.service = service
        self.name = f"{service}:{domain or 'default'}"
        self.geolocator = cls(**options)
        self.cache = cache
        self._call = RateLimiter(self.geolocator.geocode, min_delay_seconds=min_delay_seconds,
                                 max_retries=max_retries, swallow_exceptions=False)

    def _cache_key(self, query: str, country_codes: Sequence[str]) -> str:
        return f"{' '.join(query.split()).lower()}|{','.join(sorted(country_codes)).lower()}"

    def geocode(self, query: str, *, country_codes: Sequence[str] = ()) -> Place | None:
        from geopy.exc import GeopyError

        query = (query or "").strip()
        if not query:
            return None
        key = self._cache_key(query, country_codes)
        if self.cache is not None:
            cached = self.cache.cache_get(self.name, key)
            if cached is not None:
                return place_from_json(cached)
        kwargs: dict[str, Any] = {"exactly_one": True}
        if self.service == "nominatim":
            kwargs["addressdetails"] = True
            if country_codes:
                kwargs["country_codes"] = [c.lower() for c in country_codes]
        try:
            location = self._call(query, **kwargs)
        except GeopyError as exc:
            raise GeocodeError(f"{self.name}: {type(exc).__name__}: {exc}") from exc
        place = self._to_place(query, location) if location is not None else None
        if place is not None and country_codes and place.country_code not in {
                c.upper() for c in country_codes}:
            place = None
        if self.cache is not None:
            self.cache.cache_put(self.name, key, place_to_json(place) if place else "null")
        return place

    def _to_place(self, query: str, location: Any) -> Place | None:
        raw = location.raw if isinstance(location.raw, dict) else {}
        try:
            lat, lon = float(location.latitude), float(location.longitude)
        except (TypeError, ValueError):
            return None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            return None
        if self.service == "nominatim":
            cc = (raw.get("address") or {}).get("country_code", "")
            ident = f"osm:{raw.get('osm_type', '')}/{raw.get('osm_id', '')}"
        else:
            props = raw.get("properties") or {}
            cc = props.get("countrycode", "")
            ident = f"osm:{props.get('osm_type', '')}/{props.get('osm_id', '')}"
        name = str(location.address or query).split(",")[0].strip() or query
        return Place(name=name, lat=round(lat, 6), lon=round(lon, 6),
                     country_code=str(cc).upper()[:2], feature_class="P",
                     source_id=f"{self.service}:{ident}", confidence=0.8)


@dataclass(frozen=True)
class FallbackReport:
    """An online lookup that failed and was answered offline instead."""

    query: str
    service: str
    error: str


@dataclass
class FallbackGeocoder:
    """Online first when enabled; offline when online is off, finds nothing or is broken."""

    offline: Geocoder
    online: Geocoder | None = None
    online_enabled: bool = False
    reports: list[FallbackReport] = field(default_factory=list)
    name: str = "fallback"

    def geocode(self, query: str, *, country_codes: Sequence[str] = ()) -> Place | None:
        if self.online_enabled and self.online is not None:
            try:
                found = self.online.geocode(query, country_codes=country_codes)
            except GeocodeError as exc:
                report = FallbackReport(query, self.online.name, str(exc))
                self.reports.append(report)
                log.warning("online geocoder failed for %r (%s): answered offline", query, exc)
            else:
                if found is not None:
                    return found
        return self.offline.geocode(query, country_codes=country_codes)


def make_geocoder(*, online: str | None = None, store: Store | None = None,
                  user_agent: str = DEFAULT_USER_AGENT, domain: str | None = None,
                  timeout: float = 10.0, min_delay_seconds: float = 1.0,
                  parser: Geoparser | None = None,
                  adapter_factory: Callable[..., Any] | None = None) -> FallbackGeocoder:
    """The default chain: offline only, or ``online`` ("nominatim"/"photon") then offline."""
    offline = OfflineGeocoder(parser)
    if not online:
        return FallbackGeocoder(offline)
    service = GeopyGeocoder(online, user_agent=user_agent, domain=domain, timeout=timeout,
                            min_delay_seconds=min_delay_seconds, cache=store,
                            adapter_factory=adapter_factory)
    return FallbackGeocoder(offline, service, online_enabled=True)


class StoreOverrides:
    """The analysts' corrections kept in the store (its ``corrections`` table).

    A correction maps a name as written (folded by :func:`geo.geoparse.override_key`) to a
    Place; the geoparser asks :meth:`get` for every mention, so a correction made once is
    re-applied to every later ingest. Lookups are memoised per instance.
    """

    def __init__(self, store: Store) -> None:
        self.store = store
        self._memo: dict[str, Place | None] = {}

    def get(self, key: str, /) -> Place | None:
        if key not in self._memo:
            self._memo[key] = self.store.correction(key)
        return self._memo[key]


def make_correction(name: str, place: Place | None = None, *, lat: float | None = None,
                    lon: float | None = None, alternative: str | None = None,
                    parser: Geoparser | None = None) -> Correction:
    """A correction of ``name``: an explicit Place, explicit coordinates, or an alternative
    gazetteer id. Nothing is stored: put it in a :class:`~geo.store.Batch`."""
    key = override_key(name)
    if not key:
        raise InputError("a correction needs a place name", field="name")
    if place is None and alternative:
        parser = parser or Geoparser()
        place = parser.gaz.by_id(alternative)
        if place is None:
            raise InputError(f"unknown gazetteer id {alternative!r}", field="alternative")
    if place is None:
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise InputError("a correction needs a place, an alternative or valid lat/lon",
                             field="lat")
        place = Place(name=name, lat=lat, lon=lon, source_id="override")
    return Correction(key, place)


def correct_place(store: Store, name: str, place: Place | None = None, *,
                  lat: float | None = None, lon: float | None = None,
                  alternative: str | None = None, parser: Geoparser | None = None,
                  written_by: str) -> Place:
    """Record a correction (see :func:`make_correction`) in its own write, by
    ``written_by``."""
    correction = make_correction(name, place, lat=lat, lon=lon, alternative=alternative,
                                 parser=parser)
    store.write(Batch(corrections=[correction], written_by=written_by))
    return correction.place
