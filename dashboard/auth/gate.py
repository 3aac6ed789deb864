"""The sign-in gate of the app: who is signed in, the sign-in panel, and the write guard.

The app is read-only unless a signed-in analyst (or ``--local-analyst``) is present. The
guard is checked where a write happens (:func:`require_writer` in the save functions), not
only by hiding panels, so crafted widget state cannot reach a write. A browser session
holds only an opaque token; the session it names lives in this process
(:data:`SESSIONS`), so crafted session state cannot make one up either.
"""

from __future__ import annotations

import getpass
import logging
import math
import time
from collections.abc import Mapping

import streamlit as st

from dashboard.auth.config import AuthConfig, auth_config, is_loopback
from dashboard.auth.limiter import SignInLimiter
from dashboard.auth.roles import Role
from dashboard.auth.sessions import Session, SessionRegistry
from dashboard.auth.users import UsersFile
from dashboard.environment import store_location
from dashboard.safe import md
from geo.errors import AuthError, FrontlineError

log = logging.getLogger(__name__)

#: Shared by every browser session of this process.
SESSIONS = SessionRegistry()
LIMITER = SignInLimiter()
TOKEN_KEY = "_frontline_session"
NOTICE_KEY = "_frontline_auth_notice"
ADD_USER_HINT = ("`frontline users add NAME --role analyst` adds a local user (then sign in "
                 "here); `frontline serve --local-analyst` lets you write on your own "
                 "machine without signing in.")


def config() -> AuthConfig:
    """This run's sign-in configuration (environment and ``st.secrets``)."""
    return auth_config(store_location(), _secrets())


def _secrets() -> Mapping:
    try:
        if not st.secrets.load_if_toml_exists():
            return {}
        return st.secrets.to_dict()
    except (FileNotFoundError, OSError):  # no secrets.toml: no OIDC, defaults for the rest
        return {}


def client_key() -> str:
    """The client (its address) failed sign-ins are also counted by."""
    try:
        return st.context.ip_address or "local"
    except (AttributeError, RuntimeError):
        return "local"


def current_session(cfg: AuthConfig | None = None) -> Session | None:
    """The signed-in session of this browser session, or None (a viewer)."""
    cfg = cfg or config()
    if cfg.local_analyst and local_analyst_allowed():
        return Session(method="local-analyst", name=getpass.getuser(), role=Role.ANALYST,
                       expires_at=math.inf)
    token = st.session_state.get(TOKEN_KEY)
    if token is None:
        return _oidc_session(cfg) if cfg.sign_in == "oidc" else None
    session = SESSIONS.get(token)
    if session is not None and session.method == "user":
        session = _still_valid(cfg, token, session)
    if session is None:
        del st.session_state[TOKEN_KEY]
        st.session_state[NOTICE_KEY] = "Your session has ended: sign in again to write."
        if cfg.sign_in == "oidc" and _oidc_user() is not None:
            st.logout()
    return session


def local_analyst_allowed() -> bool:
    """``--local-analyst`` counts only on a server bound to loopback (checked here again, in
    case the environment variable was set by hand)."""
    address = str(st.get_option("server.address") or "")
    if is_loopback(address):
        return True
    log.error("local analyst refused: the server address %r is not loopback", address)
    return False


def _still_valid(cfg: AuthConfig, token: str, session: Session) -> Session | None:
    """A local user's session as the users file has it now (removed user or new password:
    ended; a new role applies at once)."""
    try:
        user = UsersFile(cfg.users_file).get(session.name)
    except FrontlineError as exc:
        log.error("cannot check the session of %s: %s", session.identity, exc)
        return None
    if user is None or user.hash != session.stamp:
        SESSIONS.close(token)
        return None
    if user.role != session.role:
        SESSIONS.update(token, role=user.role)
        session = SESSIONS.get(token)
    return session


def can_write(cfg: AuthConfig | None = None) -> bool:
    """Whether this browser session may write (review, draw, import)."""
    cfg = cfg or config()
    if cfg.read_only:
        return False
    session = current_session(cfg)
    return session is not None and session.role.can_write


def require_writer(action: str) -> Session:
    """The session allowed to do ``action`` (a write), or AuthError (logged)."""
    cfg = config()
    if cfg.read_only:
        log.warning("write refused (%s): the server is read-only", action)
        raise AuthError(f"{action}: this server is read-only (frontline serve --read-only)")
    session = current_session(cfg)
    if session is None or not session.role.can_write:
        who = session.identity if session else "a viewer who has not signed in"
        log.warning("write refused (%s): %s", action, who)
        raise AuthError(f"{action}: only a signed-in analyst can write")
    return session


def current_writer(action: str = "write") -> str:
    """The identity writes record: ``user:alice``, ``oidc:<email>``,
    ``local-analyst:<osuser>``; AuthError when nobody may write."""
    return require_writer(action).identity


def sign_in(cfg: AuthConfig, name: str, password: str, client: str) -> Session:
    """Check a local user's password (rate-limited) and open a session; raises AuthError
    with a message that never holds the password."""
    users = UsersFile(cfg.users_file)
    wait = LIMITER.retry_after(name.strip().lower(), client)
    known = users.get(name)
    shown = known.name if known else "(unknown user)"  # a password typed as a name stays out
    if wait > 0:
        log.warning("sign-in refused for %s from %s: too many failed attempts", shown, client)
        raise AuthError(f"too many failed sign-ins: try again in {math.ceil(wait / 60)} "
                        "minute(s)")
    user = users.verify(name, password)
    if user is None:
        LIMITER.failed(name.strip().lower(), client)
        log.warning("sign-in refused for %s from %s: wrong user name or password "
                    "(%d failure(s) in the window)", shown, client,
                    LIMITER.failures(user=name.strip().lower()))
        raise AuthError("wrong user name or password")
    LIMITER.succeeded(user.name)
    stamp = (users.get(user.name) or user).hash  # verify() may have rehashed it
    token = SESSIONS.open("user", user.name, user.role, cfg.session_minutes, stamp=stamp)
    st.session_state[TOKEN_KEY] = token
    log.info("signed in: user:%s (%s) from %s", user.name, user.role.value, client)
    return SESSIONS.get(token)


def sign_out() -> None:
    """End this browser session's sign-in."""
    token = st.session_state.pop(TOKEN_KEY, None)
    session = SESSIONS.get(token)
    SESSIONS.close(token)
    if session is not None:
        log.info("signed out: %s", session.identity)
        if session.method == "oidc":
            st.logout()


def _oidc_user() -> Mapping | None:
    try:
        user = st.user
        return user if user.is_logged_in else None
    except (AttributeError, KeyError, RuntimeError):
        return None


def _oidc_session(cfg: AuthConfig) -> Session | None:
    """A session for the OpenID Connect identity Streamlit holds, ending
    ``session_minutes`` after the provider issued it (its ``iat``)."""
    user = _oidc_user()
    if user is None:
        return None
    email = str(user.get("email") or user.get("sub") or "").strip().lower()
    if not email:
        return None
    issued = user.get("iat")
    left_s = cfg.session_minutes * 60.0
    if isinstance(issued, int | float) and not isinstance(issued, bool):
        left_s -= time.time() - float(issued)
    if left_s <= 0:
        log.info("OpenID Connect session of oidc:%s expired", email)
        st.session_state[NOTICE_KEY] = "Your session has ended: sign in again to write."
        st.logout()
        return None
    token = SESSIONS.open("oidc", email, cfg.oidc_role(email), left_s / 60.0)
    st.session_state[TOKEN_KEY] = token
    log.info("signed in: oidc:%s (%s)", email, cfg.oidc_role(email).value)
    return SESSIONS.get(token)


def sign_in_panel() -> bool:
    """The sidebar's sign-in block; returns whether this session may write."""
    try:
        cfg = config()
    except AuthError as exc:
        st.error(f"Sign-in is misconfigured, the app is read-only: {md(exc)}")
        return False
    st.markdown("**Sign-in**")
    if cfg.read_only:
        st.caption("Read-only: this server was started with `--read-only`.")
        return False
    if cfg.local_analyst and not local_analyst_allowed():
        st.error("`--local-analyst` is ignored: the server is not bound to a loopback "
                 "address. The app is read-only.")
        return False
    session = current_session(cfg)
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        st.info(notice)
    if session is not None:
        return _signed_in(session)
    if cfg.sign_in == "oidc":
        st.caption("Read-only until you sign in.")
        if st.button("Sign in", key="auth_oidc_login"):
            st.login(cfg.oidc_provider) if cfg.oidc_provider else st.login()
        return False
    try:
        configured = bool(UsersFile(cfg.users_file).users())
    except FrontlineError as exc:
        st.error(f"The users file cannot be read, the app is read-only: {md(exc)}")
        return False
    if not configured:
        st.info("Read-only: no user is configured. " + ADD_USER_HINT)
        return False
    st.caption("Read-only until an analyst signs in.")
    with st.form("auth_sign_in", clear_on_submit=True, border=False):
        name = st.text_input("User", key="auth_user", max_chars=64)
        password = st.text_input("Password", key="auth_password", type="password",
                                 max_chars=1024)
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            session = sign_in(cfg, name, password, client_key())
        except AuthError as exc:
            st.error(md(exc))
            return False
        st.rerun()
    return False


def _signed_in(session: Session) -> bool:
    label = "on this machine, without signing in" if session.method == "local-analyst" \
        else f"({session.role.value})"
    st.caption(f"Signed in as {md(session.identity)} {label}")
    if session.method != "local-analyst" and st.button("Sign out", key="auth_sign_out"):
        sign_out()
        if session.method != "oidc":  # st.logout sends the browser away; a rerun drops that
            st.rerun()
        return False
    return session.role.can_write
