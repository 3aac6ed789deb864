"""Data text inside Streamlit's markdown elements (captions, warnings, errors).

Streamlit renders those as Markdown: a layer name or link parameter such as
``[click](https://evil.example)`` would become a live link. :func:`md` escapes every
Markdown special character (and ``<``/``>``) so the text shows as written.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>:$<&])")


def md(text: object) -> str:
    """``text`` with Markdown (and HTML) syntax neutralised, for st.caption/st.warning/..."""
    escaped = _SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")
