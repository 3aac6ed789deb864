"""``frontline extract`` and ``frontline ingest`` propose events from Ukrainian and Russian text."""

from __future__ import annotations

import io
import json
from argparse import Namespace

import pytest

from dashboard.cli import build_parser, main
from dashboard.commands.extract import _run as extract_run

UK = "ЗСУ відбили атаки біля Бахмута, повідомили в Генштабі ЗСУ."
RU = "Минобороны РФ заявило, что ВС РФ освободили Марьинку. В Киеве это опровергли."


def run_extract(lines: list[str], language: str | None = None) -> list[dict]:
    out = io.StringIO()
    stdin = io.BytesIO("\n".join(lines).encode("utf-8"))
    assert extract_run(Namespace(store=None, language=language), stdin=stdin, stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_extract_detects_the_language():
    uk, ru = run_extract([json.dumps({"id": "u", "text": UK, "date": "2023-03-15"}),
                          json.dumps({"id": "r", "text": RU, "date": "2023-09-20"})])
    (fight,) = uk["events"]
    assert fight == {**fight, "kind": "ground_fighting", "claim_status": "claimed",
                     "claimed_by": "Генштаб ЗСУ", "day": "2023-03-15"}
    assert fight["place"]["name"] == "Bakhmut"
    (capture,) = ru["events"]
    assert capture == {**capture, "kind": "capture_claim", "claim_status": "disputed",
                       "claimed_by": "Минобороны РФ", "denied_by": "Киев"}
    start, end = capture["quote"]["start"], capture["quote"]["end"]
    assert RU[start:end].startswith("Минобороны РФ заявило")


def test_extract_language_option_and_field():
    line = json.dumps({"id": "r", "text": RU, "date": "2023-09-20"})
    assert run_extract([line], language="ru")[0]["events"][0]["kind"] == "capture_claim"
    args = build_parser().parse_args(["extract", "--language", "UK"])
    assert args.language == "uk"
    (record,) = run_extract([json.dumps({"id": "x", "text": RU, "date": "2023-09-20",
                                         "language": "ru"})])
    assert record["events"] and "error" not in record
    (bad,) = run_extract([json.dumps({"id": "y", "text": RU, "date": "2023-09-20",
                                      "language": "de"})])
    assert bad["events"] == [] and "language" in bad["error"]


def test_extract_language_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["extract", "--language", "de"])
    assert exit_info.value.code == 2
    assert "--language" in capsys.readouterr().err


def test_ingest_proposes_events_from_a_ukrainian_article(tmp_path, capsys):
    article = tmp_path / "uk.txt"
    article.write_text("Обстріл Херсона\n\nВчора окупанти обстріляли Херсон і Нікополь, "
                       "повідомили в ОВА.\n", encoding="utf-8")
    assert main(["ingest", str(article), "--date", "2024-08-10", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "2 events (dry run)" in out, out
    assert "2024-08-09 shelling_strike" in out and "Kherson" in out and "Nikopol" in out
