"""`twitchcheck admin`: the accounts of a server with accounts (`twitchcheck serve --accounts`), on the
server's database: create, list, disable, enable, delete, a one-time code to set a new password, and
invitations to sign up on an invite-only server (invite, invites, uninvite).

Each command parses its arguments and calls `twitchcheck.services.accounts` over the storage adapter's
`accounts.Directory`; none composes a use case itself.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from twitchcheck.adapters.cli.common import guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db, Format

if TYPE_CHECKING:
    from twitchcheck.services.accounts import AccountDirectory, ResetCode

admin_app = typer.Typer(
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="The accounts of a server with accounts (`twitchcheck serve --accounts`), on its database.\n\n"
    "Example: twitchcheck admin list --db postgresql://twitch@db/team",
)

Email = Annotated[
    str, typer.Argument(help="The account's email. Example: sam@example.org", show_default=False)
]
ValidHours = Annotated[
    float,
    typer.Option(
        "--valid-hours",
        min=0.1,
        max=24 * 7,
        help="How long the one-time code works, in hours (at most a week). Example: --valid-hours 24",
    ),
]


@contextmanager
def _directory(db: str | None, *, create: bool = False) -> Iterator[AccountDirectory]:
    from twitchcheck.adapters.storage.accounts import Directory
    from twitchcheck.adapters.storage.journal import open_engine

    engine = open_engine(db, create=create)
    try:
        yield Directory(engine)
    finally:
        engine.dispose()


def _print_code(code: ResetCode, what: str) -> None:
    typer.echo(what)
    typer.echo(f"One-time code for {code.email}: {code.code}")
    typer.echo(
        f"It works once, until {code.expires_at:%Y-%m-%d %H:%M} UTC: the person enters it with a new "
        "password at /reset-password on the server (or POST /api/v1/account/password-reset). "
        "Send it to them only."
    )


@admin_app.command()
def create(
    ctx: typer.Context,
    email: Email,
    zone: Annotated[
        str, typer.Option("--zone", help="The account's time zone. Example: --zone Europe/Berlin")
    ] = "UTC",
    valid_hours: ValidHours = 24.0,
    db: Db = None,
) -> None:
    """Create an account and print the one-time code with which its person sets their password (no one else,
    the administrator included, ever knows it).

    \b
    Example:
      twitchcheck admin create sam@example.org --zone Europe/Berlin
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db, create=True) as directory:
        code = accounts.create_account(
            directory, email, zone, datetime.now(UTC), timedelta(hours=valid_hours)
        )
        _print_code(code, f"Created the account {code.email}.")


@admin_app.command(name="list")
def list_accounts(
    ctx: typer.Context,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text: a table; json: the data. Example: -f json")
    ] = Format.text,
    db: Db = None,
) -> None:
    """List the accounts: email, when made, whether disabled or its email not yet confirmed, open sessions and
    when last used.

    \b
    Example:
      twitchcheck admin list --format json
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        entries = accounts.list_accounts(directory)
        if output_format is Format.json:
            typer.echo(json.dumps([entry.to_json() for entry in entries], indent=2, ensure_ascii=False))
            return
        if not entries:
            typer.echo("No accounts.")
            return
        for entry in entries:
            state = f"disabled {entry.disabled_at:%Y-%m-%d}" if entry.disabled_at else "active"
            if not entry.email_confirmed:
                state += ", email not confirmed"
            seen = f", last used {entry.last_seen_at:%Y-%m-%d %H:%M} UTC" if entry.last_seen_at else ""
            typer.echo(
                f"{entry.email}  {state}, since {entry.created_at:%Y-%m-%d}, "
                f"{entry.sessions} session(s){seen}"
            )


@admin_app.command()
def disable(ctx: typer.Context, email: Email, db: Db = None) -> None:
    """Disable an account: it cannot sign in, and every session of it ends now; its journal is kept
    (`admin enable` undoes it).

    \b
    Example:
      twitchcheck admin disable sam@example.org
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        entry = accounts.disable_account(directory, email, datetime.now(UTC))
        typer.echo(f"Disabled {entry.email}: signed out everywhere, and cannot sign in until enabled.")


@admin_app.command()
def enable(ctx: typer.Context, email: Email, db: Db = None) -> None:
    """Let a disabled account sign in again.

    \b
    Example:
      twitchcheck admin enable sam@example.org
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        entry = accounts.enable_account(directory, email, datetime.now(UTC))
        typer.echo(f"Enabled {entry.email}.")


@admin_app.command()
def delete(
    ctx: typer.Context,
    email: Email,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Delete without asking first. Example: --yes")
    ] = False,
    db: Db = None,
) -> None:
    """Delete an account and everything of it for good: its journal, sessions and shares.

    \b
    Example:
      twitchcheck admin delete sam@example.org --yes
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        if not yes:
            question = f"Delete {email.strip()} and its whole journal for good?"
            if not (sys.stdin.isatty() and typer.confirm(question, err=True)):
                raise CliError(f"{question} Nothing was deleted; run again with --yes to do it.")
        entry = accounts.delete_account(directory, email)
        typer.echo(f"Deleted {entry.email} and everything of it.")


@admin_app.command(name="reset-password")
def reset_password(ctx: typer.Context, email: Email, valid_hours: ValidHours = 1.0, db: Db = None) -> None:
    """Print a one-time code with which the person sets a new password (their old one works until then; the
    new one ends every session of the account).

    \b
    Example:
      twitchcheck admin reset-password sam@example.org
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        code = accounts.reset_password(directory, email, datetime.now(UTC), timedelta(hours=valid_hours))
        _print_code(code, f"A new password for {code.email}:")


@admin_app.command()
def invite(
    ctx: typer.Context,
    email: Email,
    valid_hours: Annotated[
        float,
        typer.Option(
            "--valid-hours",
            min=0.1,
            max=24 * 30,
            help="How long the invitation works, in hours (at most 30 days). Example: --valid-hours 48",
        ),
    ] = 24.0 * 7,
    db: Db = None,
) -> None:
    """Invite someone to sign up on an invite-only server (`serve --registration invite`): print a one-time
    invitation code for their email (an earlier unused one for it stops working). Only its hash is kept.

    \b
    Example:
      twitchcheck admin invite sam@example.org --valid-hours 48
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db, create=True) as directory:
        made = accounts.invite(directory, email, datetime.now(UTC), timedelta(hours=valid_hours))
        typer.echo(f"Invited {made.email}.")
        typer.echo(f"Invitation code: {made.code}")
        typer.echo(
            f"It works once, for {made.email} only, until {made.expires_at:%Y-%m-%d %H:%M} UTC: the person "
            f"opens /signup?invite={made.code} on the server (or enters the code on /signup, or gives it as "
            "`invite` to POST /api/v1/accounts). Send it to them only."
        )


@admin_app.command()
def invites(
    ctx: typer.Context,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text: a table; json: the data. Example: -f json")
    ] = Format.text,
    db: Db = None,
) -> None:
    """List the invitations: email, whether open, used or expired, and until when (codes are not kept).

    \b
    Example:
      twitchcheck admin invites
    """
    from twitchcheck.services import accounts

    now = datetime.now(UTC)
    with guard(ctx), _directory(db) as directory:
        entries = accounts.list_invitations(directory)
        if output_format is Format.json:
            typer.echo(json.dumps([entry.to_json(now) for entry in entries], indent=2, ensure_ascii=False))
            return
        if not entries:
            typer.echo("No invitations.")
            return
        for entry in entries:
            state = entry.state(now)
            when = (
                f"used {entry.used_at:%Y-%m-%d %H:%M} UTC"
                if entry.used_at is not None
                else f"{state}, until {entry.expires_at:%Y-%m-%d %H:%M} UTC"
            )
            typer.echo(f"{entry.email}  {when}, made {entry.created_at:%Y-%m-%d}")


@admin_app.command()
def uninvite(ctx: typer.Context, email: Email, db: Db = None) -> None:
    """Withdraw an email's unused invitation: its code no longer works.

    \b
    Example:
      twitchcheck admin uninvite sam@example.org
    """
    from twitchcheck.services import accounts

    with guard(ctx), _directory(db) as directory:
        accounts.uninvite(directory, email)
        typer.echo(f"Withdrew the invitation for {email.strip()}.")
