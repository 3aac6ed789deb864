"""Roles and sign-in.

Streamlit-free modules (the CLI uses them): :mod:`.roles`, :mod:`.users` (the local users
file, argon2id hashes), :mod:`.sessions` (sessions with an expiry), :mod:`.limiter` (failed
sign-ins), :mod:`.config` (which sign-in, from the environment and secrets). The Streamlit
side is :mod:`.gate`: the sign-in panel, :func:`~.gate.current_writer` and the write guard.
"""

from dashboard.auth.roles import Role

__all__ = ["Role"]
