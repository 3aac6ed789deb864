"""``frontline serve``'s server process: load the dashboard's modules, then run Streamlit.

Streamlit runs the page's script when the first viewer connects; importing the dashboard
(pandas, geopandas, folium, the store and map code: about 1.5 s) and compiling folium's
page templates on the first map (about 0.5 s) would otherwise be part of that viewer's
wait. Done here first, the script finds them loaded and compiled.

    python -m dashboard.serve_main PAGE [streamlit run options...]
"""

from __future__ import annotations

import logging
import sys


def main() -> int:
    """``streamlit run`` with this process's arguments, the dashboard imported first."""
    from streamlit.runtime.caching import cache_data_api
    from streamlit.web import cli

    # st.cache_data checks its arguments at import and warns that no runtime exists yet;
    # its caches are made when called, inside the runtime, so the warning means nothing here
    quiet = logging.getLogger(cache_data_api.__name__)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        import dashboard.app  # noqa: F401  (loaded once, before the first viewer's run)
        import dashboard.page  # noqa: F401
    finally:
        quiet.setLevel(level)
    _compile_map_templates()

    sys.argv = ["streamlit", "run", *sys.argv[1:]]
    return cli.main()


def _compile_map_templates() -> None:
    """Render one offline base map, so that folium's Jinja templates are compiled."""
    from layers.compose import base_map, map_html

    try:
        map_html(base_map())
    except Exception:  # only a head start: the first viewer's run compiles them instead
        logging.getLogger(__name__).warning("could not pre-render a map", exc_info=True)


if __name__ == "__main__":
    raise SystemExit(main())
