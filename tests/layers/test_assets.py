"""Offline assets: every JS/CSS link becomes an inlined data: URI, and pages are checked."""

from __future__ import annotations

import base64
import re

import branca.colormap
import folium
import folium.plugins
import pytest
import streamlit_folium
from branca.element import CssLink, JavascriptLink
from folium.elements import JSCSSMixin

from geo.errors import AssetError
from layers import assets
from layers.assets import assert_offline_html, collect_links, make_offline, offline_html

REMOTE = re.compile(r"^(?:https?:)?//")


def _decode(uri: str) -> str:
    assert uri.startswith("data:") and ";base64," in uri, uri[:60]
    return base64.b64decode(uri.split(",", 1)[1]).decode("utf-8")


def _script_srcs(page: str) -> list[str]:
    return re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', page)


def _css_hrefs(page: str) -> list[str]:
    return re.findall(r'<link\b[^>]*\bhref="([^"]+)"', page)


# --- the data: URIs themselves ---------------------------------------------------------------


def test_leaflet_js_is_the_installed_leaflet_1_9_3() -> None:
    js = _decode(assets.leaflet_js())
    assert 'version="1.9.3"' in js
    assert "sourceMappingURL" not in js  # no request for a .map file
    # default marker icons point at inlined images, not at a path next to leaflet.css
    assert 'iconUrl:"data:image/png;base64,' in js


def test_css_resources_are_inlined() -> None:
    css = _decode(assets.leaflet_css())
    assert ".leaflet-container" in css
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    assert urls, "leaflet.css should reference its images"
    for url in urls:
        assert url.startswith(("data:image/", "#")), url  # '#default#VML' is an IE behaviour
    assert "images/layers.png" not in css


def test_font_awesome_webfonts_inlined_as_woff2_only() -> None:
    css = _decode(assets.font_awesome_css())
    fonts = re.findall(r"url\(\s*['\"]?(data:[^;]+);", css)
    assert fonts and set(fonts) == {"data:font/woff2"}
    assert "../webfonts/" not in css and ".ttf" not in css


def test_data_uris_are_cached() -> None:
    assert assets.leaflet_js() is assets.leaflet_js()
    assert assets.jquery_js() is assets.jquery_js()


# --- make_offline ----------------------------------------------------------------------------


def test_map_links_become_data_uris_and_unused_ones_are_dropped() -> None:
    m = make_offline(folium.Map(tiles=None))
    names_js = [name for name, _ in m.default_js]
    names_css = [name for name, _ in m.default_css]
    assert names_js == ["leaflet", "jquery"]
    assert names_css == ["leaflet_css"]
    assert all(url.startswith("data:") for _, url in m.default_js + m.default_css)
    # instance attributes only: folium's class lists are untouched for other code
    assert folium.Map.default_js[0][1].startswith("https://")


def test_make_offline_is_idempotent() -> None:
    m = make_offline(folium.Map(tiles=None))
    before = (list(m.default_js), list(m.default_css))
    make_offline(m)
    assert (m.default_js, m.default_css) == before


def test_font_awesome_kept_on_request() -> None:
    m = make_offline(folium.Map(tiles=None), font_awesome=True)
    fa = dict(m.default_css)["awesome_markers_font_css"]
    assert fa == assets.font_awesome_css()


def test_marker_cluster_served_offline() -> None:
    m = folium.Map(tiles=None)
    cluster = folium.plugins.MarkerCluster().add_to(m)
    make_offline(m)
    assert [n for n, _ in cluster.default_js] == ["markerclusterjs"]
    assert _decode(dict(cluster.default_js)["markerclusterjs"]).count("MarkerClusterGroup") > 0
    assert dict(cluster.default_css)["markerclustercss"] == assets.markercluster_css()
    assert dict(cluster.default_css)["markerclusterdefaultcss"] == (
        assets.markercluster_default_css())
    page = offline_html(m)
    assert "cdnjs" not in page


class _Unservable(JSCSSMixin):
    default_js = [("mystery", "https://cdn.example.org/mystery-plugin.js")]


def test_unservable_link_raises_naming_element_and_url() -> None:
    m = folium.Map(tiles=None)
    _Unservable().add_to(m)
    with pytest.raises(AssetError) as info:
        make_offline(m)
    message = str(info.value)
    assert "_Unservable" in message
    assert "https://cdn.example.org/mystery-plugin.js" in message


def test_plugin_without_offline_copy_raises() -> None:
    m = folium.Map(tiles=None)
    folium.plugins.Fullscreen().add_to(m)
    with pytest.raises(AssetError, match="Fullscreen"):
        make_offline(m)


def test_awesome_marker_icon_refused() -> None:
    m = folium.Map(tiles=None)
    folium.Marker([48.6, 38.0], icon=folium.Icon(color="red")).add_to(m)
    with pytest.raises(AssetError, match="awesome-markers"):
        make_offline(m)


def test_colormap_refused_because_st_folium_adds_d3_from_cdn() -> None:
    m = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    with pytest.raises(AssetError, match="d3"):
        make_offline(m)


def test_links_of_an_earlier_render_are_purged() -> None:
    m = folium.Map(tiles=None)
    first = m.get_root().render()
    assert "cdn.jsdelivr.net" in first
    make_offline(m)
    header = m.get_root().header._children.values()
    assert not [c for c in header if isinstance(c, (JavascriptLink, CssLink))
                and REMOTE.match(str(c.url))]
    page = m.get_root().render()
    assert_offline_html(page)
    assert "bootstrap" not in page.lower()


def test_offline_html_inlines_leaflet_in_order() -> None:
    page = offline_html(folium.Map(tiles=None))
    srcs = _script_srcs(page)
    assert srcs == [assets.leaflet_js(), assets.jquery_js()]  # Leaflet first
    assert _css_hrefs(page) == [assets.leaflet_css()]


def test_streamlit_folium_link_collection_is_offline() -> None:
    """Replicates st_folium: feature group added to the map, tree walked for links."""
    m = make_offline(folium.Map(tiles=None))
    group = folium.FeatureGroup(name="day")
    folium.plugins.MarkerCluster().add_to(group)
    make_offline(group)
    m.get_root().render()
    streamlit_folium._get_feature_group_string(group, map=m)
    js, css = collect_links(m)
    assert js and css
    assert all(url.startswith("data:") for url in js + css), [u[:60] for u in js + css]
    assert assets.markercluster_js() in js


def test_collect_links_matches_streamlit_folium_for_colormap() -> None:
    m = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["red", "blue"]).add_to(m)
    js, _ = collect_links(m)
    assert js[0].startswith("https://d3js.org/")


# --- assert_offline_html ---------------------------------------------------------------------


@pytest.mark.parametrize("page", [
    '<script src="https://cdn.example.org/x.js"></script>',
    "<script type='text/javascript' src='http://cdn.example.org/x.js'></script>",
    '<script src="//cdn.example.org/x.js"></script>',
    '<link rel="stylesheet" href="https://cdn.example.org/x.css"/>',
    '<img alt="" src="https://tiles.example.org/1/2/3.png">',
    "<style>.a{background:url('https://example.org/a.png')}</style>",
    "<style>@import \"https://example.org/a.css\";</style>",
    '<div style="background-image: url(http://example.org/a.png)"></div>',
    'var html = "\\u003cimg src=\\"https://example.org/pixel.gif\\"\\u003e";',
    '<link rel="stylesheet" href="data:text/css;base64,'
    + base64.b64encode(b".x{background:url(https://example.org/a.png)}").decode() + '"/>',
])
def test_remote_resources_are_reported(page: str) -> None:
    with pytest.raises(AssetError, match="example.org"):
        assert_offline_html(f"<html><head></head><body>{page}</body></html>")


@pytest.mark.parametrize("page", [
    '<a href="https://leafletjs.com" title="A JavaScript library">Leaflet</a>',
    "<p>Read more at https://example.org/article or url(https://example.org) in text</p>",
    '<script src="data:text/javascript;base64,AAAA"></script>',
    '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    "<style>.a{background:url(data:image/png;base64,AAAA)}</style>",
])
def test_offline_pages_pass(page: str) -> None:
    assert_offline_html(f"<html><body>{page}</body></html>")


def test_error_lists_every_url() -> None:
    page = ('<script src="https://a.example.org/1.js"></script>'
            '<link rel="stylesheet" href="https://b.example.org/2.css"/>')
    with pytest.raises(AssetError) as info:
        assert_offline_html(page)
    assert "https://a.example.org/1.js" in str(info.value)
    assert "https://b.example.org/2.css" in str(info.value)


def test_default_folium_page_fails_the_check() -> None:
    with pytest.raises(AssetError, match="cdn.jsdelivr.net"):
        assert_offline_html(folium.Map(tiles=None).get_root().render())
