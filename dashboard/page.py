"""The Streamlit page: config, logging, then the dashboard.

``frontline serve`` runs this file with ``streamlit run`` (an installed package has no
top-level ``streamlit_app.py``); ``streamlit_app.py`` in a checkout calls :func:`run` too.
"""

import logging

import streamlit as st

from dashboard.app import main
from dashboard.background import start_deferred


def run() -> None:
    """Configure the page and logging (an entry point), then draw the dashboard."""
    st.set_page_config(page_title="Frontline map", page_icon="🗺️",
                       layout="wide")
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        main()
    finally:  # also when a rerun or st.stop() ended the run
        start_deferred()


if __name__ == "__main__":  # as `streamlit run` executes it
    run()
