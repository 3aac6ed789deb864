"""The bundled theatres beyond the default one: ``theatres/*.toml`` (the battle of Mosul)."""

from __future__ import annotations

from geo.theatre import Theatre, parse_theatre
from seeds._io import read_text

THEATRE_FILES: tuple[str, ...] = ("mosul-2016.toml",)


def load_theatres() -> list[Theatre]:
    """Every bundled theatre file, validated (errors name the file and the key)."""
    return [parse_theatre(read_text("theatres", name), source=f"seeds/theatres/{name}")
            for name in THEATRE_FILES]
