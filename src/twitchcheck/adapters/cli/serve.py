"""`twitchcheck serve`: the web app and HTTP API on uvicorn.

On this machine only (a loopback host) it runs single-user by default: no sign-in, your own journal, the
same one the CLI uses. On any other host it needs accounts, so that no one on the network can read a journal
without signing in.
"""

from __future__ import annotations

import os
from typing import Annotated, NamedTuple

import typer

from twitchcheck.adapters.cli.common import EmergencyNumber, guard
from twitchcheck.adapters.cli.errors import CliError


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(
            help="The address to listen on; anything but a loopback address (127.x.x.x, localhost, ::1) "
            "needs --accounts. "
            "Example: --host 0.0.0.0",
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535, help="The port. Example: --port 8080")] = 8000,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            show_default=False,
            help="A SQLite file or a PostgreSQL URL (default: $TWITCHCHECK_DB, else your journal). "
            "Example: --db postgresql://twitch@db/twitchcheck",
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Worker processes (each with its own connections). Example: --workers 4"
        ),
    ] = 1,
    accounts: Annotated[
        bool | None,
        typer.Option(
            "--accounts/--single-user",
            show_default=False,
            help="Accounts with sign-in, each person their own journal (the default off this machine), or "
            "one person without sign-in (the default on a loopback host). Example: --accounts",
        ),
    ] = None,
    emergency_number: EmergencyNumber = None,
    secure_cookies: Annotated[
        bool | None,
        typer.Option(
            "--secure-cookies/--no-secure-cookies",
            show_default=False,
            help="Mark cookies Secure (send them over HTTPS only): on when serving behind TLS "
            "(default: $TWITCHCHECK_SECURE_COOKIES, else off). Example: --secure-cookies",
        ),
    ] = None,
    zone: Annotated[
        str | None,
        typer.Option(
            metavar="ZONE",
            show_default=False,
            help="The time zone of new journals and accounts (default: this machine's). "
            "Example: --zone Europe/Berlin",
        ),
    ] = None,
    registration: Annotated[
        str | None,
        typer.Option(
            "--registration",
            metavar="open|invite|closed",
            show_default=False,
            help="Who may sign up, with --accounts: anyone (open), only people invited with `twitchcheck "
            "admin invite` (invite), or no one: accounts from `admin create` only (closed). Default: "
            "$TWITCHCHECK_REGISTRATION, else open. Example: --registration invite",
        ),
    ] = None,
    sweep_every: Annotated[
        int,
        typer.Option(
            "--sweep-every",
            metavar="SECONDS",
            min=0,
            help="Bring every stored status up to date and email new alerts this often (as `watch --once`); "
            "0: never. Example: --sweep-every 300",
        ),
    ] = 600,
    keep_alive: Annotated[
        int,
        typer.Option(
            "--keep-alive",
            metavar="SECONDS",
            min=1,
            help="Close a connection idle this long between requests, so idle clients do not hold it. "
            "Example: --keep-alive 5",
        ),
    ] = 5,
    max_connections: Annotated[
        int,
        typer.Option(
            "--max-connections",
            min=1,
            help="Per worker: above this many open connections and tasks, new requests get 503 at once "
            "rather than waiting behind slow clients. Example: --max-connections 1000",
        ),
    ] = 1000,
    backlog: Annotated[
        int,
        typer.Option(
            min=1, help="Connections the system queues before they are accepted. Example: --backlog 2048"
        ),
    ] = 2048,
    graceful_timeout: Annotated[
        int,
        typer.Option(
            "--graceful-timeout",
            metavar="SECONDS",
            min=0,
            help="On stop, wait this long for requests in flight, then close. Example: --graceful-timeout 30",
        ),
    ] = 30,
) -> None:
    """Run the web app and the HTTP API (docs at /api/docs, OpenAPI at /openapi.json).

    On a loopback host (the default, 127.0.0.1) it runs for you alone, without sign-in, on your own journal.
    On any other host it needs --accounts: each person signs in and has their own journal; use PostgreSQL
    for a team and put it behind HTTPS (then add --secure-cookies).

    \b
    Examples:
      twitchcheck serve                                    # http://127.0.0.1:8000, just you
      twitchcheck serve --host 0.0.0.0 --accounts --db postgresql://twitch@db/twitchcheck --workers 4
    """
    with guard(ctx):
        from twitchcheck.adapters.storage.journal import JournalError, describe, open_engine
        from twitchcheck.adapters.storage.location import resolve_url
        from twitchcheck.adapters.web.security import is_loopback

        loopback = is_loopback(host)
        use_accounts = accounts if accounts is not None else not loopback
        if not use_accounts and not loopback:
            raise CliError(
                f"--single-user on {host} would let anyone who can reach it read and change your journal "
                "without signing in: use --accounts, or serve on 127.0.0.1"
            )
        if zone is not None:
            from twitchcheck.adapters.storage.accounts import check_zone

            check_zone(zone)
        if registration is not None and registration.strip().lower() not in ("open", "invite", "closed"):
            raise CliError(f"--registration {registration!r}: give open, invite or closed")
        from twitchcheck.adapters.notify.email import EmailSettings, EmailSettingsError

        try:
            EmailSettings.from_env()  # a bad email setting stops the start, not the first sweep
        except EmailSettingsError as error:
            raise CliError(str(error)) from None
        settings = _settings(
            database=db,
            accounts=use_accounts,
            emergency_number=emergency_number,
            secure_cookies=secure_cookies,
            zone=zone,
            sweep_every_s=sweep_every,
            registration=None if registration is None else registration.strip().lower(),
        )
        url = resolve_url(db)
        try:
            open_engine(db).dispose()  # migrate once, before the workers start, and fail here if unreachable
        except JournalError as error:
            raise CliError(str(error)) from None
        signing_up = {
            "open": "anyone can sign up",
            "invite": "sign-up by invitation only (twitchcheck admin invite)",
            "closed": "no sign-ups: accounts made with twitchcheck admin create",
        }
        mode = (
            "with accounts: everyone signs in and has their own journal; "
            + signing_up.get(str(getattr(settings, "registration", "open")), "anyone can sign up")
            if use_accounts
            else "single-user: no sign-in, your own journal; only this machine can connect"
        )
        typer.echo(f"twitchcheck serving on http://{_url_host(host)}:{port} ({mode})", err=True)
        typer.echo(f"Database: {describe(url)}; {workers} worker(s)", err=True)
        _run(
            settings,
            host,
            port,
            workers,
            _Limits(keep_alive, max_connections, backlog, graceful_timeout),
        )


def _settings(**given: object) -> object:
    """The TWITCHCHECK_* environment's settings with the options given on the command line over them: what
    the command line does not set (the session lifetime, the body cap, ...) keeps its configured value."""
    from twitchcheck.adapters.web.settings import Settings, SettingsError

    try:
        configured = Settings.from_env()
    except SettingsError as error:
        raise CliError(str(error)) from None
    chosen = {name: value for name, value in given.items() if value is not None}
    return Settings.model_validate({**configured.model_dump(), **chosen})


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class _Limits(NamedTuple):
    keep_alive_s: int
    max_connections: int
    backlog: int
    graceful_timeout_s: int


# A request's head (request line and headers) larger than this is refused when uvicorn runs on h11 (with
# httptools, uvicorn[standard]'s default, its own fixed limits apply); behind nginx, nginx's
# large_client_header_buffers refuses larger heads first (deploy/nginx/twitchcheck.conf).
MAX_HEAD_BYTES = 16 * 1024
LOOPBACK_PROXIES = "127.0.0.1,::1"


def _run(settings: object, host: str, port: int, workers: int, limits: _Limits) -> None:
    import uvicorn

    from twitchcheck.adapters.web.settings import Settings

    assert isinstance(settings, Settings)
    # Every worker builds its app from the environment, so the settings travel there.
    os.environ.update(settings.to_env())
    uvicorn.run(
        "twitchcheck.adapters.web:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        server_header=False,
        log_level="info",
        timeout_keep_alive=limits.keep_alive_s,
        limit_concurrency=limits.max_connections,
        backlog=limits.backlog,
        timeout_graceful_shutdown=limits.graceful_timeout_s,
        h11_max_incomplete_event_size=MAX_HEAD_BYTES,
        # The client's address and scheme come from X-Forwarded-For/-Proto only with TWITCHCHECK_TRUST_PROXY,
        # and only from a proxy on this machine (nginx, docs/deploy.md) or those in $FORWARDED_ALLOW_IPS:
        # otherwise a client could claim any address and slip past the rate limits (uvicorn's own default
        # believes 127.0.0.1 always).
        proxy_headers=settings.trust_proxy,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS") or LOOPBACK_PROXIES,
    )
