"""The process-wide swap of branca's ``Template`` (layers/templates.py): made only on the
branca release it was checked against, and still rendering (and escaping) like Jinja.

When branca is upgraded, the first test fails on purpose: read branca's ``element.py``
again (does ``Element`` still look ``Template`` up as a module global, is nothing else
relying on it being jinja2's class?), then move ``CHECKED_BRANCA`` and the pin together.
"""

from __future__ import annotations

import logging
import pickle
import re
from pathlib import Path

import branca
import branca.element
import folium
import jinja2
import pytest

import layers.compose  # noqa: F401  (installs the swap, as every map build does)
from layers import templates
from layers.text import escape_display

ROOT = Path(__file__).resolve().parents[2]


def test_branca_is_the_release_the_swap_was_checked_against() -> None:
    assert branca.__version__ == templates.CHECKED_BRANCA, (
        f"branca {branca.__version__} is installed but layers/templates.py was checked "
        f"against {templates.CHECKED_BRANCA}: re-check the Template swap, then update "
        "CHECKED_BRANCA and the pin in requirements.txt")
    pins = re.findall(r"^branca==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert pins == [templates.CHECKED_BRANCA]


def test_swap_is_installed_by_map_building() -> None:
    assert templates.installed()
    assert branca.element.Template is templates.cached_template
    assert templates.install() is True  # idempotent


@pytest.mark.parametrize("source, context", [
    ("plain text, no Jinja\n", {}),
    ("{{ a }} and {{ b|e }}\n", {"a": 1, "b": "<i>"}),
    ("{% for x in xs %}[{{ x }}]{% endfor %}", {"xs": [1, 2, 3]}),
    ("{# a comment #}kept", {}),
    ("{% macro script(this, kwargs) %}var x = {{ this.v }};{% endmacro %}", {}),
])
def test_swapped_template_renders_like_jinja(source: str, context: dict) -> None:
    assert templates.cached_template(source).render(**context) == \
        jinja2.Template(source).render(**context)


def test_elements_share_one_compiled_template_and_survive_pickling() -> None:
    first = branca.element.Element("<b>{{ this.get_name() }}</b>")
    second = branca.element.Element("<b>{{ this.get_name() }}</b>")
    assert first._template is second._template
    copy = pickle.loads(pickle.dumps(first))  # __setstate__ compiles through Template too
    assert copy.render() == f"<b>{first.get_name()}</b>"


def test_escaped_data_text_is_not_run_as_jinja() -> None:
    """branca compiles rendered scripts as templates: escaped text must stay inert text."""
    hostile = "{{ 'pw' ~ 'ned' }} {% if true %}ran{% endif %} ${alert(1)}"
    m = folium.Map(location=[48.6, 38.0], tiles=None)
    folium.CircleMarker([48.6, 38.0], tooltip=escape_display(hostile),
                        popup=folium.Popup(escape_display(hostile))).add_to(m)
    page = m.get_root().render()
    assert "pwned" not in page and ">ran<" not in page and " ran " not in page
    assert "&#123;&#123; &#x27;pw&#x27; ~ &#x27;ned&#x27; &#125;&#125;" in page
    assert "{{" not in page.split("<script>", 1)[-1].split("CircleMarker", 1)[-1]


def test_other_branca_release_is_refused_with_a_warning(monkeypatch, caplog) -> None:
    monkeypatch.setattr(branca.element, "Template", jinja2.Template)
    monkeypatch.setattr(branca, "__version__", "0.9.0")
    monkeypatch.setitem(templates._state, "warned", False)
    with caplog.at_level(logging.WARNING, logger="layers.templates"):
        assert templates.install() is False
    assert branca.element.Template is jinja2.Template
    assert "branca 0.9.0 is not " + templates.CHECKED_BRANCA in caplog.text


def test_changed_branca_internals_are_refused(monkeypatch) -> None:
    monkeypatch.setattr(branca.element, "Template", object)
    monkeypatch.setitem(templates._state, "warned", True)
    assert templates.install() is False
    assert branca.element.Template is object
