"""The fuzz tests' hypothesis profiles, picked by ``$FRONTLINE_FUZZ_PROFILE``: ``fuzz-short``
by default (a developer's run: the fast unit subset stays under a minute), ``fuzz-ci`` (set
by ``.ci/run``: the short run in CI) and ``fuzz-long`` (``make fuzz``);
``$FRONTLINE_FUZZ_EXAMPLES`` sets another example count per input path."""

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
settings.register_profile("fuzz-short", max_examples=12, **_COMMON)
settings.register_profile("fuzz-ci", max_examples=60, **_COMMON)
settings.register_profile("fuzz-long", max_examples=LONG_EXAMPLES, **_COMMON)

PROFILE = os.environ.get(PROFILE_ENV, "fuzz-short")
if PROFILE not in ("fuzz-short", "fuzz-ci", "fuzz-long"):
    raise ValueError(f"${PROFILE_ENV} must be fuzz-short, fuzz-ci or fuzz-long, "
                     f"not {PROFILE!r}")
_EXAMPLES = os.environ.get("FRONTLINE_FUZZ_EXAMPLES")  # a run of another length, e.g. 500
FUZZ_SETTINGS = settings(settings.get_profile(PROFILE),
                         **({"max_examples": int(_EXAMPLES)} if _EXAMPLES else {}))
"""Decorate each fuzz test with this (never loaded globally: other tests keep theirs)."""
