"""One error hierarchy for the whole project.

Every error that reaches a user names the file, row/feature and field involved.
"""

from __future__ import annotations


class FrontlineError(Exception):
    """Base class of every error this project raises on purpose."""


class InputError(FrontlineError):
    """Bad input data: names the source (file), the item (row/feature) and the field."""

    def __init__(self, message: str, *, source: str | None = None, item: str | int | None = None,
                 field: str | None = None) -> None:
        self.source = source
        self.item = item
        self.field = field
        where = []
        if source is not None:
            where.append(str(source))
        if item is not None:
            where.append(f"item {item}")
        if field is not None:
            where.append(f"field {field!r}")
        prefix = ": ".join([", ".join(where)]) if where else ""
        super().__init__(f"{prefix}: {message}" if prefix else message)
        self.message = message


class EncodingError(InputError):
    """Input bytes are not UTF-8 text (or hold a NUL byte): ``offset`` is the byte offset of
    the bad byte in the input, ``line`` its 1-based line."""

    def __init__(self, message: str, *, source: str | None = None, offset: int,
                 line: int, item: str | int | None = None) -> None:
        super().__init__(message, source=source, item=item)
        self.offset = offset
        self.line = line


class ArchiveError(InputError):
    """An archive (KMZ, any zip) is refused: too big inflated, too many entries, a compression
    ratio that looks like a bomb, or data that do not match the central directory. ``entry``
    names the archive member (None when the archive as a whole is refused)."""

    def __init__(self, message: str, *, source: str, entry: str | None = None,
                 field: str | None = None) -> None:
        super().__init__(message, source=source, item=entry, field=field)
        self.entry = entry
        where = source + (f", entry {entry!r}" if entry is not None else "")
        self.args = (f"{where}: {message}",)


class GeometryError(InputError):
    """A geometry is missing, invalid or outside the theatre."""


class DataError(InputError):
    """Data bundled with the project is missing or malformed (a bug in the project, reported
    like bad input: the file, the row and the field). Raised by :mod:`geo.data`."""


class SeedError(DataError):
    """The bundled demo content (``seeds/``) is malformed."""


class StoreError(FrontlineError):
    """The store cannot be opened, read or written."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        self.path = path
        super().__init__(f"{path}: {message}" if path else message)


class StoreCorruptError(StoreError):
    """The store file is not a readable GeoPackage/SQLite database."""


class StoreLockedError(StoreError):
    """Another process holds a write lock on the store for too long."""


class StoreSchemaError(StoreError):
    """The store was written by another schema version of this project."""


class AssetError(FrontlineError):
    """An offline JS/CSS asset is missing, or a CDN link would be left in a page."""


class ExportError(FrontlineError):
    """An export (PNG, PDF, HTML, data files) failed."""


class LanguageError(InputError, ValueError):
    """A language the geoparser does not read (``--language``, a feed's ``language`` field):
    the message names the value and the languages it reads."""


class GeocodeError(FrontlineError):
    """An online geocoding service is broken (not-found is None, not an error)."""


class DistributedError(FrontlineError):
    """The Dask scheduler is unreachable, or a batch could not be processed."""


class AuthError(FrontlineError):
    """A sign-in is refused, or a write is attempted without a signed-in analyst. The
    message names the user or the action, never a password or token."""


class FetchError(FrontlineError):
    """A live source failed: names the source, the URL and the step (``list``, ``snapshot``,
    ``feed``, ``article``, ``parse``...). Nothing of the failed item is stored."""

    def __init__(self, message: str, *, source: str, url: str, step: str,
                 status: int | None = None) -> None:
        self.source = source
        self.url = url
        self.step = step
        self.status = status
        self.message = message
        super().__init__(f"{source}: {step} {url}: {message}")


class ResponseTooLargeError(FetchError):
    """A response is above the size limit (refused from its Content-Length or while
    streaming, never read whole)."""


class SourceConfigError(FrontlineError):
    """A live source is misconfigured (``sources.toml``: names the file, source and field)."""


class DryRunRollback(Exception):  # noqa: N818 - control flow, not an error anyone sees
    """Raised inside a store transaction to roll a dry run back; never leaves the store."""
