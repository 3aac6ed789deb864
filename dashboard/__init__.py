"""The Streamlit dashboard and the command-line tool (the CLI never imports streamlit)."""
