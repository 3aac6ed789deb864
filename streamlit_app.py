"""Streamlit entry point: page config, logging, then the dashboard."""

import logging

import streamlit as st

from dashboard.app import main

st.set_page_config(page_title="Frontline map — Bakhmut 2023", page_icon="🗺️", layout="wide")
logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
main()
