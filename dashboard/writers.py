"""Who a write is recorded as (``Batch.written_by``) when the CLI writes.

The app records the signed-in identity (:func:`dashboard.auth.gate.current_writer`); a CLI
command records ``cli:<command> (<os user>)``. Never imports streamlit.
"""

from __future__ import annotations

import getpass
import os


def os_user() -> str:
    """The operating-system user running this process (``uid N`` when it has no name)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no $USER/$LOGNAME and no passwd entry (containers)
        return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown os user"


def cli_writer(command: str) -> str:
    """``cli:<command> (<os user>)``: what a CLI command's writes record."""
    return f"cli:{command} ({os_user()})"


__all__ = ["cli_writer", "os_user"]
