"""Fuzz profiles and the ``fuzz`` marker.

The fuzz tests take their example count from :data:`FUZZ_SETTINGS`, chosen by
``$FRONTLINE_FUZZ_PROFILE``: ``fuzz-short`` (the default, in a developer's ``make test``),
``fuzz-ci`` (the short run in CI) or ``fuzz-long`` (``make fuzz``: 10,000 examples per
input path). Only the fuzz tests use these profiles; every other hypothesis test keeps
its own settings.
"""

from __future__ import annotations

import pytest

from tests.fuzz.settings import PROFILE_ENV


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "fuzz: hypothesis fuzzing of an input path "
                            f"(tests/fuzz; ${PROFILE_ENV}=fuzz-long for the long run)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/fuzz/" in item.nodeid:
            item.add_marker(pytest.mark.fuzz)
