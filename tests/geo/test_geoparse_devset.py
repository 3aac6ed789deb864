"""Quality on our labelled development set (tests/data/geoparse_dev.jsonl), as in the bench."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "geoparse_dev.jsonl"


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


@pytest.mark.xdist_group("geoparse_dev_sets")  # one naive index per run (conftest)
def test_devset_targets(dev_score):
    result = dev_score(DATA, "ours")
    precision = result.matched / result.predicted
    recall = result.matched / result.gold
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.95, (f1, result.misses[:10], result.spurious[:10])
    assert result.within161 / result.gold >= 0.93
    assert result.far == []


@pytest.mark.xdist_group("geoparse_dev_sets")  # one naive index per run (conftest)
def test_ours_beats_the_naive_baseline(dev_score):
    ours, naive = dev_score(DATA, "ours"), dev_score(DATA, "naive")
    assert ours.within161 > naive.within161
