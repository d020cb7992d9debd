"""What every command shares: errors turned into messages and exit codes, and the Rich console."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn

import typer

from twitchcheck.adapters.cli.errors import EXIT_INTERRUPTED, EXIT_PROBLEMS, EXIT_USAGE, CliError
from twitchcheck.adapters.cli.terminal import console
from twitchcheck.core.errors import InputError


def _emergency_number(given: str | None) -> str | None:
    """The option as the one check (core.limits) makes it: digits, perhaps a leading +, 2 to 15 digits."""
    from twitchcheck.core.limits import check_emergency_number

    try:
        return check_emergency_number(given, None, "--emergency-number")
    except InputError as error:
        raise typer.BadParameter(error.problems[0].message) from None


EmergencyNumber = Annotated[
    str | None,
    typer.Option(
        "--emergency-number",
        metavar="NUMBER",
        show_default=False,
        callback=_emergency_number,
        help="The emergency number to name in the advice: 2 to 15 digits, perhaps a leading + "
        "(spaces and dashes are fine). Example: --emergency-number 112",
    ),
]


@contextmanager
def guard(ctx: typer.Context) -> Iterator[None]:
    """Turn every error into a message on stderr and an exit code; a traceback only with --debug."""
    try:
        yield
    except (typer.Exit, typer.Abort, BrokenPipeError):
        raise
    except CliError as error:
        fail(error.message, error.exit_code)
    except InputError as error:
        fail(str(error), EXIT_USAGE)
    except KeyboardInterrupt:
        typer.echo("", err=True)
        fail("interrupted", EXIT_INTERRUPTED)
    except Exception as error:
        from twitchcheck.adapters.storage.journal import JournalError
        from twitchcheck.knowledge.loader import KnowledgeError

        if isinstance(error, JournalError):
            fail(str(error), EXIT_PROBLEMS)
        if isinstance(error, KnowledgeError):
            shown = "\n".join(f"  {problem}" for problem in error.problems[:10])
            more = len(error.problems) - 10
            fail(
                f"the knowledge base does not load ({len(error.problems)} problem(s); "
                f"`twitchcheck kb check` lists them all):\n{shown}"
                + (f"\n  ... and {more} more" if more > 0 else ""),
                EXIT_PROBLEMS,
            )
        if ctx.find_root().params.get("debug"):
            raise
        fail(
            f"internal error: {type(error).__name__}: {error} (`twitchcheck --debug ...` shows a traceback)",
            EXIT_PROBLEMS,
        )


def fail(message: str, exit_code: int) -> NoReturn:
    typer.echo(f"twitchcheck: error: {message}", err=True)
    raise typer.Exit(exit_code)


__all__ = ["EmergencyNumber", "console", "fail", "guard"]
