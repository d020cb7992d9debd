"""The console script's entry point: `twitchcheck status` from a current stored status before Typer loads,
everything else (and anything here it does not recognise) through the Typer app.

Why by hand: building the Typer app (and pydantic's adapters for each option) costs more than the rest of a
stored `status` (docs/keep-watch.md, bench/README.md "Where people wait"). Only the plainest forms are taken
here, `status [--format|-f text|json] [--db PATH|URL] [--as-of now]`; any other argument, a value that
looks like an option, help, or a status that is not stored and current goes to Typer unchanged, which parses
it, says what is wrong, or computes the status, exactly as before.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from twitchcheck.adapters.cli.errors import EXIT_INTERRUPTED, EXIT_PROBLEMS

_VALUED = {"--db": "db", "--format": "format", "-f": "format", "--as-of": "as_of"}
"""The options taken here, each with a value, and what they set."""


def main() -> None:
    """Console-script entry point."""
    try:
        if sys.argv[1:2] == ["status"] and _stored_status(sys.argv[2:]):
            return
        from twitchcheck.adapters.cli.commands import app

        app()
    except BrokenPipeError:  # `twitchcheck kb list | head`: the reader left; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        raise SystemExit(EXIT_PROBLEMS) from None


def status_options(args: Sequence[str]) -> tuple[str | None, bool] | None:
    """`status`'s arguments as (--db, JSON?) when they are only the plainest forms, as of now; None for
    anything else (then Typer parses them)."""
    found: dict[str, str] = {}
    index = 0
    while index < len(args):
        token = args[index]
        name, equals, value = token.partition("=")
        if not (equals and name.startswith("--") and name in _VALUED):
            if token in _VALUED and index + 1 < len(args):
                name, value = token, args[index + 1]
                index += 1
            elif token.startswith("-f") and len(token) > 2 and token[2] != "=":  # -fjson
                name, value = "-f", token[2:]
            else:
                return None
        if not value or value.startswith("-"):
            return None
        found[_VALUED[name]] = value
        index += 1
    if found.get("as_of", "now").strip().lower() != "now":
        return None
    if found.get("format", "text") not in ("text", "json"):
        return None
    return found.get("db"), found.get("format") == "json"


def _stored_status(args: Sequence[str]) -> bool:
    """Print the stored status when the arguments are plain and it is current (True); False, having printed
    nothing, for Typer to do it. An error while printing is said as the commands say it (`common.guard`)."""
    options = status_options(args)
    if options is None:
        return False
    from twitchcheck.adapters.cli.dashboard import show_stored

    db, as_json = options
    try:
        return show_stored(db, as_json=as_json, emergency_number=None)
    except BrokenPipeError:
        raise
    except KeyboardInterrupt:
        print("\ntwitchcheck: error: interrupted", file=sys.stderr)
        raise SystemExit(EXIT_INTERRUPTED) from None
    except Exception as error:  # as `guard` says an internal error
        print(
            f"twitchcheck: error: internal error: {type(error).__name__}: {error}"
            " (`twitchcheck --debug ...` shows a traceback)",
            file=sys.stderr,
        )
        raise SystemExit(EXIT_PROBLEMS) from None
