"""Live sources: one polite HTTP client (:mod:`geo.fetch.http`) and one class per service
behind :class:`geo.fetch.base.Source` (registry: :data:`SOURCES`)."""

from __future__ import annotations

from geo.fetch.base import Fetched, RunResult, Source, run_source
from geo.fetch.deepstate import DeepStateSource
from geo.fetch.feeds import FeedSource
from geo.fetch.http import HttpClient, HttpConfig, MemoryValidators, Response
from geo.fetch.state import Ledger, MemoryLedger, StoreLedger
from geo.fetch.ucdp import UCDPSource
from geo.store.schema import Validators

SOURCES: dict[str, type[Source]] = {DeepStateSource.NAME: DeepStateSource,
                                     FeedSource.NAME: FeedSource, UCDPSource.NAME: UCDPSource}
"""Source classes by the name ``sources.toml`` and ``frontline fetch`` use."""

__all__ = ["SOURCES", "DeepStateSource", "FeedSource", "Fetched", "HttpClient", "HttpConfig",
           "Ledger", "MemoryLedger", "MemoryValidators", "Response", "RunResult", "Source",
           "StoreLedger", "UCDPSource", "Validators", "run_source"]
