"""The ``frontline`` command-line tool. It never imports streamlit.

Exit codes: 0 success, 1 a FrontlineError (the message names file, item and field),
2 a usage error (argparse).
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from dashboard.args import whole_number
from dashboard.auth.config import is_loopback
from dashboard.environment import (
    LOCAL_ANALYST_ENV,
    READ_ONLY_ENV,
    configure_gazetteer_cache,
    store_location,
)
from dashboard.writers import cli_writer
from geo.errors import FrontlineError
from geo.store import STORE_ENV, open_store

log = logging.getLogger("frontline")

# Inside the package, so that `frontline serve` works from an installed wheel too.
APP_FILE = Path(__file__).resolve().parent / "page.py"


def _cmd_seed(args: argparse.Namespace) -> int:
    from dashboard.seeding import seed_store

    with open_store(args.store, create=True) as store:
        summary = seed_store(store, written_by=args.written_by)
        spans = [(t.name, store.date_range(t.name)) for t in store.theatres()]
    text = "; ".join(f"{name}: data from {days[0]} to {days[1]}"
                     for name, days in spans if days) or "no dates"
    print(f"{store.location}: {summary} ({text})")
    return 0


def _cmd_serve(args: argparse.Namespace) -> int:
    if args.local_analyst and not is_loopback(args.address):
        print(f"frontline: error: --local-analyst lets anyone who reaches the server write "
              f"without signing in, so it is refused unless --address is a loopback address "
              f"(127.0.0.1, ::1, localhost), not {args.address!r}", file=sys.stderr)
        return 2
    location = args.store
    # Fail early with a clear message rather than inside the app.
    store = open_store(location)
    shown = store.location  # password-free form of a server URL
    store.close()
    env = dict(os.environ, **{STORE_ENV: location})
    env.pop(LOCAL_ANALYST_ENV, None)  # only this command's own option grants it
    if args.read_only:
        env[READ_ONLY_ENV] = "1"
    if args.local_analyst:
        env[LOCAL_ANALYST_ENV] = "1"
    command = [sys.executable, "-m", "dashboard.serve_main", str(APP_FILE),
               "--server.headless", "true", "--server.address", args.address,
               "--server.port", str(args.port), "--browser.gatherUsageStats", "false",
               # as .streamlit/config.toml says (an installed package has no such file):
               # no forced full garbage collection after every run (a quarter of a step)
               "--runner.postScriptGC", "false"]
    log.info("serving %s on http://%s:%s", shown, args.address, args.port)
    return _run_forwarding_signals(command, env)


def _run_forwarding_signals(command: list[str], env: dict[str, str]) -> int:
    """Run the server and wait for it; SIGTERM/SIGINT/SIGHUP sent to this process (a service
    manager, ``timeout``, ``kill``) are passed on, so the server never outlives the CLI."""
    proc = subprocess.Popen(command, env=env)

    def forward(signum: int, _frame: object) -> None:
        proc.send_signal(signum)

    previous = {sig: signal.signal(sig, forward)
                for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)}
    try:
        return proc.wait()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _cmd_info(args: argparse.Namespace) -> int:
    with open_store(args.store) as store:
        days = store.date_range()
        print(f"store: {store.location}")
        print(f"data version: {store.data_version()}")
        print(f"dates: {days[0]} to {days[1]}" if days else "dates: none")
        print(f"articles: {len(store.articles())}")
        print(f"zone reports: {len(store.zone_reports())}")
        if days:
            print(f"events: {len(store.events_between(days[0], days[1]))}")
        for layer in store.layers():
            print(f"layer {layer.layer}: {layer.source} ({layer.licence})")
        for theatre in store.theatres():
            span = store.date_range(theatre.name)
            if span:
                print(f"theatre {theatre.name}: {span[0]} to {span[1]} "
                      f"({', '.join(theatre.side_ids)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for tests and docs)."""
    parser = argparse.ArgumentParser(
        prog="frontline",
        description="Map a war front from the news: control zones, events, a time slider.")
    parser.add_argument("--store", metavar="PATH_OR_URL",
                        help=f"store to use (default: ${STORE_ENV} or data/frontline.gpkg)")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    seed = commands.add_parser("seed", help="build or refresh the store from the bundled seeds")
    seed.set_defaults(func=_cmd_seed)

    serve = commands.add_parser("serve", help="serve the dashboard (headless Streamlit)")
    serve.add_argument("--port", type=whole_number(1, 65535), default=8501)
    serve.add_argument("--address", default="127.0.0.1")
    serve.add_argument("--read-only", action="store_true",
                       help="hide every write panel and refuse every write, whatever the "
                            "sign-in configuration")
    serve.add_argument("--local-analyst", action="store_true",
                       help="let the person at this machine write without signing in "
                            "(only with a loopback --address)")
    serve.set_defaults(func=_cmd_serve)

    info = commands.add_parser("info", help="summarise what the store holds")
    info.set_defaults(func=_cmd_info)

    for module in command_modules():
        module.register(commands)
    return parser


def command_modules() -> list:
    """Modules under ``dashboard/commands`` that add subcommands through ``register``."""
    import importlib
    import pkgutil

    from dashboard import commands as package

    return [importlib.import_module(f"{package.__name__}.{info.name}")
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name)
            if not info.name.startswith("_")]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    configure_gazetteer_cache()
    args.store = store_location(args.store)
    args.written_by = cli_writer(args.command)  # what this command's writes record
    try:
        return args.func(args)
    except FrontlineError as exc:
        print(f"frontline: error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # e.g. `frontline diff ... | head`: the reader left, not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
