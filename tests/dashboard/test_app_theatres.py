"""AppTest: the app follows the theatre: title, legend, side toggles, selector, ?theatre=."""

from __future__ import annotations

import json
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.common import app_map_frames, app_map_page

APP = str(Path(__file__).resolve().parents[2] / "streamlit_app.py")


def _run(store: Path, monkeypatch, query: dict[str, str] | None = None) -> AppTest:
    monkeypatch.setenv("FRONTLINE_STORE", str(store))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def _map_script(at: AppTest) -> str:
    """The map page (base map, legend, labels) and the frames it fetches, as text."""
    return app_map_page(at) + json.dumps(app_map_frames(at))


def _query(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def test_without_parameter_the_default_theatre_opens_as_today(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    assert not at.exception
    assert at.title[0].value == "Frontline map — battle of Bakhmut, 2023"
    labels = [c.label for c in at.checkbox]
    assert {"Russian-controlled", "Ukrainian-controlled", "Contested / grey zone"} <= set(labels)
    script = _map_script(at)
    assert "Russian-controlled" in script and "Islamic State" not in script
    # the store holds two theatres: a selector, and links that say which one
    assert at.selectbox(key="theatre").value == "bakhmut-2023"
    assert _query(at, "theatre") == "bakhmut-2023"


def test_theatre_parameter_opens_the_second_theatre(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch, {"theatre": "mosul-2016"})
    assert not at.exception
    assert at.title[0].value == "Frontline map — battle of Mosul, 2016–2017"
    labels = [c.label for c in at.checkbox]
    assert {"Iraqi forces and allies", "Islamic State", "Contested / front zone"} <= set(labels)
    assert "Russian-controlled" not in labels
    script = _map_script(at)
    assert "Islamic State" in script and "Iraqi forces and allies" in script
    assert "Russian-controlled" not in script
    assert "Bartella" in script  # the theatre's own town labels
    day = _query(at, "day")
    assert "2016-10-17" <= day <= "2017-07-31"
    assert _query(at, "theatre") == "mosul-2016"
    assert not [w for w in at.warning if "link parameter" in w.value]


def test_the_selector_switches_theatre_and_permalink(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch)
    at.selectbox(key="theatre").set_value("mosul-2016").run()
    assert not at.exception
    assert "Mosul" in at.title[0].value
    assert _query(at, "theatre") == "mosul-2016"
    assert _query(at, "day") <= "2017-07-31"
    at.selectbox(key="theatre").set_value("bakhmut-2023").run()
    assert "Bakhmut" in at.title[0].value and _query(at, "day") >= "2023-01-01"


def test_unknown_theatre_or_side_is_reported_not_raised(seeded_store_path, monkeypatch):
    at = _run(seeded_store_path, monkeypatch,
              {"theatre": "<script>x</script>", "sides": "rebels"})
    assert not at.exception
    problems = " ".join(w.value for w in at.warning)
    assert "theatre" in problems and "sides" in problems
    assert "Bakhmut" in at.title[0].value
    assert "<script>" not in problems
