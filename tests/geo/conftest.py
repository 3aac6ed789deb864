"""Fixtures of the geoparser quality tests: bench/geoparse.py as a module and its scores on
the dev sets, computed once per test process."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]

@pytest.fixture(scope="session")
def bench() -> ModuleType:
    """``bench/geoparse.py`` (the dev-set scorer and the systems it compares)."""
    spec = importlib.util.spec_from_file_location("bench_geoparse",
                                                  ROOT / "bench" / "geoparse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_geoparse"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def dev_score(bench) -> Callable[[Path, str], object]:
    """``dev_score(path, "ours" | "naive")``: that system's ``bench.Score`` on the dev set at
    ``path`` (read-only for the tests). Each score is computed once; ours is a fresh
    Geoparser for each dev set, the naive baseline (a pure lookup) one index for all (some
    3 s to build: the dev-set tests share one worker, ``xdist_group("geoparse_dev_sets")``)."""
    scores: dict[tuple[Path, str], object] = {}
    naive: list[Callable] = []

    def score(path: Path, which: str) -> object:
        if (path, which) not in scores:
            if which == "naive":
                naive or naive.append(bench.naive())
                system = naive[0]
            else:
                system = bench.ours()
            result = bench.Score(which)
            bench.score(result, bench.load(path), system)
            scores[path, which] = result
        return scores[path, which]

    return score
