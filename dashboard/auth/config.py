"""Which sign-in the app offers, from the environment (``frontline serve`` options) and the
``[frontline]`` table of ``.streamlit/secrets.toml``::

    [frontline]
    sign_in = "local"            # or "oidc" (the default when [auth] is configured)
    users_file = "/srv/frontline/users.json"   # else $FRONTLINE_USERS_FILE, else beside the store
    session_minutes = 480
    oidc_provider = "corp"       # the [auth.corp] table; omit for the [auth] defaults
    oidc_default_role = "viewer"
    oidc_analysts = ["alice@example.org"]
    oidc_admins = ["root@example.org"]

``[auth]`` is Streamlit's own OpenID Connect configuration (``st.login``).
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dashboard import environment
from dashboard.auth.roles import Role
from dashboard.auth.sessions import DEFAULT_SESSION_MINUTES
from geo.errors import AuthError

SIGN_IN_METHODS = ("local", "oidc")


@dataclass(frozen=True)
class AuthConfig:
    """Everything the sign-in gate needs to know."""

    users_file: Path
    sign_in: str = "local"
    read_only: bool = False
    local_analyst: bool = False
    session_minutes: float = DEFAULT_SESSION_MINUTES
    oidc_provider: str | None = None
    oidc_default_role: Role = Role.VIEWER
    oidc_roles: dict[str, Role] = field(default_factory=dict)

    def oidc_role(self, email: str) -> Role:
        """The role of an OpenID Connect user, by e-mail address."""
        return self.oidc_roles.get(email.strip().lower(), self.oidc_default_role)


def oidc_configured(secrets: Mapping) -> bool:
    """Whether ``[auth]`` holds a provider (``client_id`` at the top or in a sub-table)."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping):
        return False
    return "client_id" in auth or any(isinstance(v, Mapping) and "client_id" in v
                                      for v in auth.values())


def auth_config(location: str, secrets: Mapping,
                environ: Mapping[str, str] = os.environ) -> AuthConfig:
    """The configuration for the store at ``location``; raises AuthError naming the
    ``[frontline]`` key when a value is wrong."""
    own = secrets.get("frontline") or {}
    if not isinstance(own, Mapping):
        raise AuthError("secrets.toml: [frontline] must be a table")
    sign_in = str(own.get("sign_in") or ("oidc" if oidc_configured(secrets) else "local"))
    if sign_in not in SIGN_IN_METHODS:
        raise AuthError(f"secrets.toml: [frontline] sign_in = {sign_in[:40]!r} "
                        f"(one of {', '.join(SIGN_IN_METHODS)})")
    if sign_in == "oidc" and not oidc_configured(secrets):
        raise AuthError("secrets.toml: [frontline] sign_in = 'oidc' needs an [auth] table "
                        "(Streamlit's st.login configuration)")
    try:
        minutes = float(own.get("session_minutes", DEFAULT_SESSION_MINUTES))
    except (TypeError, ValueError):
        minutes = -1.0
    if not 0 < minutes <= 7 * 24 * 60:
        raise AuthError("secrets.toml: [frontline] session_minutes must be a number of "
                        "minutes between 0 and 10080 (a week)")
    roles: dict[str, Role] = {}
    for key, role in (("oidc_analysts", Role.ANALYST), ("oidc_admins", Role.ADMIN)):
        names = own.get(key, [])
        if not isinstance(names, list | tuple) or not all(isinstance(n, str) for n in names):
            raise AuthError(f"secrets.toml: [frontline] {key} must be a list of e-mail "
                            "addresses")
        roles.update({n.strip().lower(): role for n in names})
    users = own.get("users_file")
    return AuthConfig(
        users_file=Path(users) if users and not environ.get(environment.USERS_FILE_ENV)
        else environment.users_file(location, environ),
        sign_in=sign_in, read_only=environment.read_only(environ),
        local_analyst=environment.local_analyst(environ), session_minutes=minutes,
        oidc_provider=str(own["oidc_provider"]) if own.get("oidc_provider") else None,
        oidc_default_role=Role.parse(own.get("oidc_default_role", "viewer"),
                                     where="secrets.toml: [frontline] oidc_default_role"),
        oidc_roles=roles)


def is_loopback(address: str) -> bool:
    """Whether ``address`` (a --server.address) binds to this machine only."""
    if address.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False
