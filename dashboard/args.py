"""argparse types shared by the ``frontline`` commands (the CLI never imports streamlit)."""

from __future__ import annotations

import argparse
from datetime import date

from geo.dates import parse_day
from geo.errors import InputError


def iso_day(text: str) -> date:
    """argparse type: a YYYY-MM-DD day through :func:`geo.dates.parse_day` (range-checked).

    A bad value is a usage error (exit 2); argparse names the option, e.g.
    ``argument --date: not a YYYY-MM-DD date: '2023-13-01' (month must be in 1..12)``.
    """
    try:
        return parse_day(text, field="date")
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
