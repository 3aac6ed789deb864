"""The map component's files: frames compressed once and named by content, pages by HTML."""

from __future__ import annotations

import gzip
import json

from dashboard.components import frontline_map as component


def _frames(n: int) -> dict:
    return {"v": 1, "days": [f"2023-03-{d:02d}" for d in range(1, n + 1)], "text": "<b>&"}


def test_frames_are_compressed_once_and_named_by_their_content():
    one, same, other = (component.pack_frames(_frames(3)), component.pack_frames(_frames(3)),
                        component.pack_frames(_frames(4)))
    assert one.name == same.name != other.name and one.name.endswith(".json.gz")
    assert json.loads(gzip.decompress(one.data)) == _frames(3)
    assert one.wire_bytes == len(one.data) < one.raw_bytes + 40


def test_published_frames_are_served_from_a_relative_url():
    packed = component.pack_frames(_frames(5))
    url = component.publish(packed)
    assert url.startswith("../dashboard.components.frontline_map.frames/")
    assert url.endswith(packed.name) and "://" not in url
    path = component.served_path(url)
    assert path is not None and path.read_bytes() == packed.data
    path.unlink()  # an evicted file is written again when it is wanted
    assert component.served_path(component.publish(packed)) == path


def test_a_page_component_per_distinct_page():
    first = component.page_component("<html><body>one</body></html>")
    again = component.page_component("<html><body>one</body></html>")
    other = component.page_component("<html><body>two</body></html>")
    assert first.name == again.name != other.name
    assert first.name.startswith("dashboard.components.frontline_map.map_")
    assert component.served_page(first.name).read_text() == "<html><body>one</body></html>"


def test_the_component_script_speaks_streamlits_protocol_and_hard_codes_no_side():
    js = component.glue_js()
    for message in ("streamlit:componentReady", "streamlit:render",
                    "streamlit:setComponentValue", "streamlit:setFrameHeight"):
        assert message in js
    for side in ("russian", "ukrainian", "contested"):
        assert side not in js.lower()


def test_the_shared_scrubber_hard_codes_no_side():
    from layers.scrubber import scrubber_js

    source = scrubber_js()
    for side in ("russian", "ukrainian", "contested"):
        assert side not in source.lower()
