"""UCDP GED's JSON API as a live source (events; CC BY 4.0, attribution on the layer).

``GET {base}/{version}?pagesize=N&page=P[&Country=C][&StartDate=D][&EndDate=D]`` answers
``{"TotalCount", "TotalPages", "NextPageUrl", "Result": [event, ...]}``; each event has the
columns of the GED CSV, so :func:`geo.ingest.ucdp.to_event` maps it. Each page is one unit
(one transaction); events keep their content-hash ids (from UCDP's ``relid``), so a re-run
stores nothing twice. The access token (``x-ucdp-access-token``) comes from the caller
(``sources.toml`` names the environment variable holding it); it is sent, never logged.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

from geo.errors import FetchError, InputError
from geo.fetch.base import Fetched, Source
from geo.fetch.deepstate import parse_json
from geo.fetch.http import HttpClient
from geo.ingest import ucdp
from geo.ingest.common import Batch
from geo.store.base import Store
from geo.zones.repair import check_policy

DEFAULT_BASE_URL = "https://ucdpapi.pcr.uu.se/api/gedevents"
MAX_PAGES = 10_000


def _row(event: Any) -> dict[str, str]:
    """An API event as a CSV-like row (every value text, as the CSV mapper reads it)."""
    return {str(k): "" if v is None else str(v) for k, v in event.items()}


class UCDPSource(Source):
    """UCDP GED events, page by page."""

    NAME = "ucdp"
    LAYER = ucdp.LAYER

    def __init__(self, *, client: HttpClient, version: str = "25.1",
                 base_url: str = DEFAULT_BASE_URL, country: int | None = None,
                 start_date: date | None = None, end_date: date | None = None,
                 page_size: int = 1000, token: str | None = None,
                 on_invalid: str = "skip", theatre: str = "") -> None:
        super().__init__(client=client, theatre=theatre)
        if not 1 <= page_size <= 1000:
            raise ValueError(f"page_size {page_size!r}: from 1 to 1000")
        self.version = version
        self.base_url = base_url.rstrip("/")
        self.country = country
        self.start_date = start_date
        self.end_date = end_date
        self.page_size = page_size
        self._token = token
        self.on_invalid = check_policy(on_invalid)

    def page_url(self, page: int) -> str:
        query: dict[str, Any] = {"pagesize": self.page_size, "page": page}
        if self.country is not None:
            query["Country"] = self.country
        if self.start_date is not None:
            query["StartDate"] = self.start_date.isoformat()
        if self.end_date is not None:
            query["EndDate"] = self.end_date.isoformat()
        return f"{self.base_url}/{self.version}?{urlencode(query)}"

    def fetch_new(self, store: Store) -> Iterator[Fetched]:
        headers = {"x-ucdp-access-token": self._token} if self._token else None
        page = 0
        while page < MAX_PAGES:
            url = self.page_url(page)
            step = f"page {page}"
            response = self.client.get(url, source=self.NAME, step=step, conditional=False,
                                       accept="application/json", headers=headers)
            doc = parse_json(response, source=self.NAME, step=step)
            if not isinstance(doc, dict) or not isinstance(doc.get("Result"), list):
                raise FetchError("expected an object with a 'Result' list", source=self.NAME,
                                 url=url, step=step)
            batch = Batch(layer=self.LAYER)
            batch.files.append(url)
            events = []
            for index, item in enumerate(doc["Result"]):
                if not isinstance(item, dict):
                    raise FetchError(f"result {index} is not an object", source=self.NAME,
                                     url=url, step=step)
                try:
                    event = ucdp.to_event(_row(item), url, index, self.on_invalid, batch.notes)
                except InputError as exc:
                    raise FetchError(f"result {index}, field {exc.field!r}: {exc.message}",
                                     source=self.NAME, url=url, step=step) from exc
                if event is not None:
                    events.append(event)
            batch.events = events
            batch.count("events read", len(events))
            if events:
                yield Fetched(label=step, batch=batch)
            pages = doc.get("TotalPages")
            last = not doc.get("NextPageUrl") or not doc["Result"] or (
                isinstance(pages, int) and page + 1 >= pages)
            if last:
                return
            page += 1
