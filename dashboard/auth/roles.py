"""The three roles: a viewer reads, an analyst also writes, an admin also manages users."""

from __future__ import annotations

from enum import StrEnum

from geo.errors import AuthError


class Role(StrEnum):
    """What a signed-in person may do (ordered: each role can do what the one before can)."""

    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def allows(self, needed: Role) -> bool:
        """Whether this role may do what ``needed`` may."""
        return self.rank >= needed.rank

    @property
    def can_write(self) -> bool:
        """Review, draw, import from the app."""
        return self.allows(Role.ANALYST)

    @classmethod
    def parse(cls, text: str, *, where: str = "role") -> Role:
        """A role from its name; raises AuthError naming ``where`` and the choices."""
        try:
            return cls(str(text).strip().lower())
        except ValueError:
            choices = "|".join(r.value for r in cls)
            raise AuthError(f"{where}: unknown role {str(text)[:40]!r} "
                            f"(one of {choices})") from None


_RANKS = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}
