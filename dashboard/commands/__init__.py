"""CLI subcommands, one module each.

Each module defines ``register(subparsers) -> None`` that adds its parser and sets
``func=callable(args) -> int``. The callable may raise FrontlineError (exit 1, message on
stderr). Modules here must not import streamlit.
"""
