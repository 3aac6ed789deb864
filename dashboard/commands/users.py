"""``frontline users add|remove|list|passwd``: the local users file (argon2id hashes) for
signing in to the app without an OpenID Connect provider (air-gapped use).

A password is read with a hidden prompt (asked twice), or as one line from standard input
with ``--password-stdin``; never from the command line. The file is ``--file``, else
``$FRONTLINE_USERS_FILE``, else ``<store>.users.json`` beside the store (what the app
reads); it is written atomically with mode 0600.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from dashboard.auth.roles import Role
from dashboard.auth.users import UsersFile, check_password
from dashboard.environment import users_file
from geo.errors import AuthError


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``frontline users``."""
    parser = subparsers.add_parser(
        "users", help="manage the local users who sign in to the app",
        description=__doc__.splitlines()[0])
    parser.add_argument("--file", metavar="PATH", type=Path,
                        help="users file (default: $FRONTLINE_USERS_FILE, else "
                             "<store>.users.json beside the store)")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    roles = [r.value for r in Role]

    add = actions.add_parser("add", help="add a user (asks for the password)")
    add.add_argument("name")
    add.add_argument("--role", choices=roles, default=Role.ANALYST.value,
                     help="viewer, analyst (default) or admin")
    _password_option(add)
    add.set_defaults(func=_add)

    remove = actions.add_parser("remove", help="remove a user (their sessions end)")
    remove.add_argument("name")
    remove.set_defaults(func=_remove)

    listing = actions.add_parser("list", help="list the users and their roles")
    listing.set_defaults(func=_list)

    passwd = actions.add_parser("passwd", help="set a user's password (their sessions end)")
    passwd.add_argument("name")
    passwd.add_argument("--role", choices=roles, help="also change the role")
    _password_option(passwd)
    passwd.set_defaults(func=_passwd)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--password-stdin", action="store_true",
                        help="read the password as one line from standard input")


def _file(args: argparse.Namespace) -> UsersFile:
    return UsersFile(args.file or users_file(args.store))


def _password(args: argparse.Namespace) -> str:
    """The new password, from stdin (``--password-stdin``) or a hidden prompt, checked."""
    if args.password_stdin:
        line = sys.stdin.readline()
        return check_password(line.removesuffix("\n").removesuffix("\r"))
    if not sys.stdin.isatty():
        raise AuthError("no terminal to ask for the password: pipe it with --password-stdin")
    first = check_password(getpass.getpass("New password: "))
    if getpass.getpass("Again: ") != first:
        raise AuthError("the two passwords differ; nothing changed")
    return first


def _add(args: argparse.Namespace) -> int:
    users = _file(args)
    if users.get(args.name) is not None:  # before asking for a password
        raise AuthError(f"{users.path}: user {args.name.strip().lower()!r} already exists "
                        "(`frontline users passwd` changes a password)")
    user = users.add(args.name, _password(args), Role(args.role))
    print(f"added {user.name} ({user.role.value}) to {users.path}")
    return 0


def _remove(args: argparse.Namespace) -> int:
    users = _file(args)
    users.remove(args.name)
    print(f"removed {args.name.strip().lower()} from {users.path}")
    return 0


def _list(args: argparse.Namespace) -> int:
    users = _file(args)
    found = users.users()
    if not found:
        print(f"no users in {users.path} (add one: frontline users add NAME --role analyst)")
        return 0
    width = max(len(name) for name in found)
    for user in sorted(found.values(), key=lambda u: u.name):
        print(f"{user.name:<{width}}  {user.role.value}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    users = _file(args)
    if users.get(args.name) is None:
        raise AuthError(f"{users.path}: no user {args.name.strip().lower()!r}")
    user = users.set_password(args.name, _password(args))
    if args.role:
        user = users.set_role(user.name, Role(args.role))
    print(f"changed the password of {user.name} ({user.role.value}) in {users.path}")
    return 0
