"""Streamlit entry point (`streamlit run streamlit_app.py`): the page `frontline serve` runs."""

from dashboard.page import run

run()
