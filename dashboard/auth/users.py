"""The local users file: names, roles and argon2id password hashes, for air-gapped use.

Format (JSON, written atomically with mode 0600)::

    {"format": "frontline-users", "version": 1,
     "users": [{"name": "alice", "role": "analyst", "hash": "$argon2id$v=19$..."}]}

A password is never stored, logged or put in an error message; only its hash is kept.
"""

from __future__ import annotations

import json
import logging
import os
import re
import stat
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from dashboard.auth.roles import Role
from geo.errors import AuthError, InputError

log = logging.getLogger(__name__)

FORMAT = "frontline-users"
VERSION = 1
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
NAME_RE = re.compile(r"[a-z0-9][a-z0-9._@-]{0,63}")

_HASHER = PasswordHasher()  # argon2id, argon2-cffi's RFC 9106 low-memory profile
_DUMMY: list[str] = []
_DUMMY_LOCK = threading.Lock()


@dataclass(frozen=True)
class User:
    """One local user: the name, the role and the argon2id hash of the password."""

    name: str
    role: Role
    hash: str


def check_name(name: str) -> str:
    """The normalised user name (lower case); raises AuthError if it is not a valid name."""
    normal = str(name).strip().lower()
    if not NAME_RE.fullmatch(normal):
        raise AuthError(f"user name {str(name)[:70]!r} is not valid: 1-64 characters, "
                        "letters, digits and . _ @ - (starting with a letter or digit)")
    return normal


def check_password(password: str) -> str:
    """``password`` if it is acceptable; raises AuthError (without echoing it) if not."""
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        raise AuthError(f"a password needs {MIN_PASSWORD} to {MAX_PASSWORD} characters "
                        f"(this one has {len(password)})")
    if any(ch in password for ch in "\r\n\0"):
        raise AuthError("a password cannot contain a line break or a NUL character")
    return password


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (checked first)."""
    return _HASHER.hash(check_password(password))


class UsersFile:
    """The users file at ``path``; every method reads the file afresh (the CLI may change it
    while the app runs), writes replace it atomically."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)

    def __repr__(self) -> str:
        return f"UsersFile({str(self.path)!r})"

    # Reading -------------------------------------------------------------------------
    def users(self) -> dict[str, User]:
        """Every user by name ({} when the file does not exist); raises InputError naming
        the file, the entry and the field when it is malformed."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise AuthError(f"{self.path}: cannot read the users file: "
                            f"{exc.strerror or exc}") from exc
        self._warn_if_open()
        try:
            doc = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(f"not a JSON users file: {exc}", source=str(self.path)) from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise InputError(f"not a users file (expected \"format\": {FORMAT!r})",
                             source=str(self.path), field="format")
        if doc.get("version") != VERSION:
            raise InputError(f"unsupported version {doc.get('version')!r} (expected {VERSION})",
                             source=str(self.path), field="version")
        entries = doc.get("users")
        if not isinstance(entries, list):
            raise InputError("\"users\" must be a list", source=str(self.path), field="users")
        found: dict[str, User] = {}
        for number, entry in enumerate(entries, start=1):
            user = self._entry(entry, number)
            if user.name in found:
                raise InputError(f"user {user.name!r} is listed twice", source=str(self.path),
                                 item=number, field="name")
            found[user.name] = user
        return found

    def _entry(self, entry: object, number: int) -> User:
        source = str(self.path)
        if not isinstance(entry, dict):
            raise InputError("a user entry must be an object", source=source, item=number)
        for key in ("name", "role", "hash"):
            if not isinstance(entry.get(key), str):
                raise InputError("missing or not a string", source=source, item=number,
                                 field=key)
        try:
            name = check_name(entry["name"])
        except AuthError as exc:
            raise InputError(str(exc), source=source, item=number, field="name") from None
        try:
            role = Role.parse(entry["role"])
        except AuthError as exc:
            raise InputError(str(exc), source=source, item=number, field="role") from None
        if not entry["hash"].startswith("$argon2id$"):
            raise InputError("not an argon2id hash", source=source, item=number, field="hash")
        return User(name=name, role=role, hash=entry["hash"])

    def _warn_if_open(self) -> None:
        mode = stat.S_IMODE(self.path.stat().st_mode)
        if mode & 0o077:
            log.warning("%s: the users file is readable by others (mode %o); "
                        "`chmod 600` it", self.path, mode)

    def get(self, name: str) -> User | None:
        """The user called ``name`` (any case), or None."""
        try:
            normal = check_name(name)
        except AuthError:
            return None
        return self.users().get(normal)

    def verify(self, name: str, password: str) -> User | None:
        """The user if ``password`` is theirs, else None. An unknown name costs the same
        argon2 work as a known one (no timing hint of who exists)."""
        user = self.get(name)
        try:
            if user is None:
                _HASHER.verify(_dummy_hash(), password)
                return None
            _HASHER.verify(user.hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if _HASHER.check_needs_rehash(user.hash):
            self._replace(user, hash=_HASHER.hash(password))
        return user

    # Writing -------------------------------------------------------------------------
    def add(self, name: str, password: str, role: Role) -> User:
        """Add a user; raises AuthError if the name is taken."""
        users = self.users()
        normal = check_name(name)
        if normal in users:
            raise AuthError(f"{self.path}: user {normal!r} already exists "
                            "(`frontline users passwd` changes a password)")
        user = User(name=normal, role=role, hash=hash_password(password))
        self._write([*users.values(), user])
        return user

    def remove(self, name: str) -> None:
        """Remove a user; raises AuthError if there is no such user."""
        users = self.users()
        normal = self._existing(users, name)
        self._write([u for u in users.values() if u.name != normal])

    def set_password(self, name: str, password: str) -> User:
        """Give a user a new password (their open sessions end)."""
        user = self.users()[self._existing(self.users(), name)]
        return self._replace(user, hash=hash_password(password))

    def set_role(self, name: str, role: Role) -> User:
        """Change a user's role."""
        user = self.users()[self._existing(self.users(), name)]
        return self._replace(user, role=role)

    def _existing(self, users: dict[str, User], name: str) -> str:
        normal = check_name(name)
        if normal not in users:
            raise AuthError(f"{self.path}: no user {normal!r}")
        return normal

    def _replace(self, user: User, **changes: object) -> User:
        users = self.users()
        new = User(name=user.name, role=changes.get("role", user.role),  # type: ignore[arg-type]
                   hash=changes.get("hash", user.hash))  # type: ignore[arg-type]
        users[user.name] = new
        self._write(list(users.values()))
        return new

    def _write(self, users: list[User]) -> None:
        """Replace the file atomically (temp file in the same folder, fsync, rename), 0600."""
        doc = {"format": FORMAT, "version": VERSION,
               "users": [{"name": u.name, "role": u.role.value, "hash": u.hash}
                         for u in sorted(users, key=lambda u: u.name)]}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(doc, out, indent=2)
                out.write("\n")
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise


def _dummy_hash() -> str:
    with _DUMMY_LOCK:
        if not _DUMMY:
            _DUMMY.append(_HASHER.hash(os.urandom(16).hex()))
        return _DUMMY[0]
