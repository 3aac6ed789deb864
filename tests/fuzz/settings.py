"""The fuzz tests' hypothesis profiles (``fuzz-short`` by default, ``fuzz-long`` for
``make fuzz``), picked by ``$FRONTLINE_FUZZ_PROFILE``; ``$FRONTLINE_FUZZ_EXAMPLES`` sets
another example count per input path."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

PROFILE_ENV = "FRONTLINE_FUZZ_PROFILE"
LONG_EXAMPLES = 10_000
"""Examples per input path in the long run (``make fuzz``)."""

_COMMON = {"deadline": None, "print_blob": True,
           "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large,
                                     HealthCheck.filter_too_much,
                                     HealthCheck.function_scoped_fixture]}
settings.register_profile("fuzz-short", max_examples=40, **_COMMON)
settings.register_profile("fuzz-long", max_examples=LONG_EXAMPLES, **_COMMON)

PROFILE = os.environ.get(PROFILE_ENV, "fuzz-short")
if PROFILE not in ("fuzz-short", "fuzz-long"):
    raise ValueError(f"${PROFILE_ENV} must be fuzz-short or fuzz-long, not {PROFILE!r}")
_EXAMPLES = os.environ.get("FRONTLINE_FUZZ_EXAMPLES")  # a run of another length, e.g. 500
FUZZ_SETTINGS = settings(settings.get_profile(PROFILE),
                         **({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {}))
"""Decorate each fuzz test with this (never loaded globally: other tests keep theirs)."""
