"""argparse types shared by the ``frontline`` commands (the CLI never imports streamlit)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable
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


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """argparse type: an integer from ``low`` to ``high``; anything else is a usage error
    (exit 2) naming the option and the range, e.g. ``argument --window: must be a whole
    number from 1 to 366, got '99999999'``."""
    def parse(text: str) -> int:
        try:
            value = int(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a whole number") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be a whole number from {low:,} to "
                                             f"{high:,}, got {text[:40]!r}")
        return value
    parse.__name__ = "whole number"
    return parse


def number(low: float, high: float) -> Callable[[str], float]:
    """argparse type: a finite number from ``low`` to ``high`` (NaN and infinities are
    refused), a usage error (exit 2) otherwise."""
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a number") from None
        if not (math.isfinite(value) and low <= value <= high):
            raise argparse.ArgumentTypeError(f"must be a number from {low:g} to {high:g}, got "
                                             f"{text[:40]!r}")
        return value
    parse.__name__ = "number"
    return parse


LANGUAGE_HELP = ("language of the text: en, uk, ru, or auto (default: detected per text; "
                 "Latin-script names are read in every language)")


def language(text: str) -> str | None:
    """argparse type: ``en``, ``uk``, ``ru`` (any case) or ``auto`` (None: detect); anything
    else is a usage error (exit 2) naming the option and the choices."""
    from geo.geoparse.language import LanguageError, check_language

    try:
        return check_language(text)
    except LanguageError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


THEATRE_HELP = ("theatre to read or write (see `frontline theatre list`; default: the store's "
                "main theatre, bakhmut-2023 when it holds data)")


def add_theatre(parser: argparse.ArgumentParser) -> None:
    """The ``--theatre NAME`` option every reading or writing command takes."""
    parser.add_argument("--theatre", default="", metavar="NAME", help=THEATRE_HELP)


def chosen_theatre(store: object, name: str):  # noqa: ANN201 - a geo.theatre.Theatre
    """The theatre ``--theatre`` names in ``store`` (its main theatre when empty)."""
    return store.theatre(name) if name else store.main_theatre()  # type: ignore[attr-defined]
