"""Quality on our labelled development sets, as in the bench: English (geoparse_dev.jsonl),
general news (geoparse_news_dev.jsonl), Ukrainian and Russian (geoparse_ukru_dev.jsonl).

In one module so that one test process scores them (``--dist loadscope``): the naive
baseline's GeoNames index costs some 3 s to build and is built once.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "geoparse_dev.jsonl"
NEWS = ROOT / "tests" / "data" / "geoparse_news_dev.jsonl"
UKRU = ROOT / "tests" / "data" / "geoparse_ukru_dev.jsonl"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """``bench/geoparse.py`` (the dev-set scorer and the systems it compares)."""
    spec = importlib.util.spec_from_file_location("bench_geoparse",
                                                  ROOT / "bench" / "geoparse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_geoparse"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dev_score(bench) -> Callable[[Path, str], object]:
    """``dev_score(path, "ours" | "naive")``: that system's ``bench.Score`` on the dev set at
    ``path`` (read-only for the tests), computed once. Ours is a fresh Geoparser for each dev
    set; the naive baseline (a pure lookup) is one index for all."""
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


def test_devset_is_well_formed():
    records = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    sentences = [r for r in records if r["kind"] == "sentence"]
    articles = [r for r in records if r["kind"] == "article"]
    assert len(sentences) >= 150 and len(articles) >= 5
    assert sum(not r["places"] for r in sentences) >= 10  # sentences with no place
    for record in records:
        for place in record["places"]:
            assert record["text"][place["start"]:place["end"]] == place["name"]
            assert -90 <= place["lat"] <= 90 and -180 <= place["lon"] <= 180
            assert "cc" in place


def test_devset_targets(dev_score):
    result = dev_score(DATA, "ours")
    precision = result.matched / result.predicted
    recall = result.matched / result.gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (f1, result.misses[:10], result.spurious[:10])
    assert result.within161 / result.gold >= 0.93
    assert result.far == []


def test_ours_beats_the_naive_baseline(dev_score):
    ours, naive = dev_score(DATA, "ours"), dev_score(DATA, "naive")
    assert ours.within161 > naive.within161


def test_general_news_dev_set_targets(dev_score):
    result = dev_score(NEWS, "ours")
    assert result.f1() >= 0.90, (result.misses, result.spurious)
    assert result.end_to_end() >= 0.80
    geotext = dev_score(NEWS, "naive")
    assert result.within161 > geotext.within161


def test_ukrainian_russian_dev_set_targets(dev_score):
    result = dev_score(UKRU, "ours")
    assert result.f1() >= 0.90, (result.misses, result.spurious)
    assert result.end_to_end() >= 0.85
    assert result.far == []
    naive = dev_score(UKRU, "naive")
    assert result.within161 > naive.within161
