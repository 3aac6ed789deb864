"""``frontline geoparse`` and ``frontline ingest`` on Ukrainian and Russian input."""

from __future__ import annotations

import io
import json
from argparse import Namespace

import pytest

from dashboard.cli import main
from dashboard.commands.geoparse import _run as geoparse_run

UK = "Бої тривають у Бахмуті та під Авдіївкою, повідомив Генштаб."
RU = "Российские войска освободили Артемовск, заявили в Минобороны."


def run_geoparse(lines: list[bytes], language: str | None = None) -> list[dict]:
    out = io.StringIO()
    args = Namespace(no_alternatives=True, overrides=False, store=None, language=language)
    assert geoparse_run(args, stdin=io.BytesIO(b"\n".join(lines)), stdout=out) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_geoparse_reads_ukrainian_and_russian():
    records = run_geoparse([json.dumps({"id": "uk", "text": UK}).encode(),
                            json.dumps({"id": "ru", "text": RU}, ensure_ascii=False).encode()])
    uk, ru = records
    assert [(p["name"], p["geonameid"]) for p in uk["places"]] == [
        ("Бахмуті", 713174), ("Авдіївкою", 713122)]
    for place in uk["places"]:
        assert UK[place["start"]:place["end"]] == place["name"]
    assert [(p["name"], p["geonameid"]) for p in ru["places"]] == [("Артемовск", 713174)]


def test_geoparse_language_option_and_field():
    line = json.dumps({"id": 1, "text": "Вибухи в Харкові."}).encode()
    for language in (None, "uk", "ru"):
        (record,) = run_geoparse([line], language)
        assert [p["geonameid"] for p in record["places"]] == [706483]
    records = run_geoparse([json.dumps({"id": 2, "text": RU, "language": "ru"}).encode(),
                            json.dumps({"id": 3, "text": RU, "language": "xx"}).encode()])
    assert records[0]["places"][0]["geonameid"] == 713174
    assert records[1]["places"] == [] and "language" in records[1]["error"]


def test_geoparse_language_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["geoparse", "--language", "klingon"])
    assert exit_info.value.code == 2
    assert "--language" in capsys.readouterr().err


def test_ingest_ukrainian_and_russian_articles(tmp_path, capsys):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "uk.txt").write_text("Обстріл Херсона\n\nОкупанти обстріляли Херсон і "
                                   "Нікополь з лівого берега Дніпра.\n", encoding="utf-8")
    (folder / "ru.txt").write_text("Бои в Курской области\n\nВ Курской области и под "
                                   "Белгородом продолжаются бои.\n", encoding="utf-8")
    assert main(["ingest", str(folder), "--date", "2024-08-10", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "'Обстріл Херсона': 4 places" in out, out
    assert "'Бои в Курской области': 3 places" in out, out
    store = tmp_path / "s.gpkg"
    assert main(["--store", str(store), "ingest", str(folder / "uk.txt"), "--date",
                 "2024-08-10", "--language", "uk"]) == 0
    assert "4 places; article added" in capsys.readouterr().out
    assert main(["--store", str(store), "ingest", str(folder / "uk.txt"), "--date",
                 "2024-08-10", "--language", "uk"]) == 0
    assert "article unchanged" in capsys.readouterr().out


def test_ingest_language_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["ingest", str(tmp_path), "--language", "de"])
    assert exit_info.value.code == 2
    assert "--language" in capsys.readouterr().err
