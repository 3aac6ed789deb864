"""Quality on our labelled development set (tests/data/geoparse_dev.jsonl), as in the bench."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "geoparse_dev.jsonl"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_geoparse", ROOT / "bench" /
                                                  "geoparse.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_geoparse"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


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


def test_devset_targets(bench):
    records = bench.load(DATA)
    result = bench.Score("ours")
    bench.score(result, records, bench.ours())
    precision = result.matched / result.predicted
    recall = result.matched / result.gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (f1, result.misses[:10], result.spurious[:10])
    assert result.within161 / result.gold >= 0.93
    assert result.far == []


def test_ours_beats_the_naive_baseline(bench):
    records = bench.load(DATA)
    ours, naive = bench.Score("ours"), bench.Score("naive")
    bench.score(ours, records, bench.ours())
    bench.score(naive, records, bench.naive())
    assert ours.within161 > naive.within161
