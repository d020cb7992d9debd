"""`twitchcheck alerts` and `twitchcheck watch`: what changed that matters, and the sweep that notices when
time alone changes a status (for cron or a systemd timer: docs/keep-watch.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

import typer

from twitchcheck.adapters.cli.common import EmergencyNumber, console, guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db, Format
from twitchcheck.core.words import counted

OutputFormat = Annotated[
    Format, typer.Option("--format", "-f", help="text: a list; json: the data. Example: -f json")
]


def alerts(
    ctx: typer.Context,
    output_format: OutputFormat = Format.text,
    last: Annotated[int, typer.Option(min=1, help="How many of the newest to list. Example: --last 5")] = 20,
    db: Db = None,
) -> None:
    """The alerts your journal raised: when the advice became more urgent, or a new warning sign appeared.

    Each is shown once after `log`, `journal import` and at the top of `status`; this lists them all (newest
    last) and marks them seen. A level that only falls raises none.

    \b
    Examples:
      twitchcheck alerts
      twitchcheck alerts --format json
    """
    from twitchcheck.adapters.cli.alerting import print_alerts
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.knowledge import load_knowledge

    with guard(ctx), Journal.open(db, create=False) as journal:
        found = journal.alerts(limit=last)
        unseen = [alert.id for alert in found if alert.seen_at is None]
        if output_format is Format.json:
            typer.echo(json.dumps([alert.to_json() for alert in found], indent=2, ensure_ascii=False))
        elif found:
            print_alerts(found, heading=False)
        else:
            console().print(load_knowledge().message("alert_none"))
        journal.mark_alerts_seen(unseen, datetime.now(UTC))


def watch(
    ctx: typer.Context,
    once: Annotated[
        bool,
        typer.Option("--once", help="Sweep once and exit (for cron or a systemd timer). Example: --once"),
    ] = False,
    emergency_number: EmergencyNumber = None,
    db: Db = None,
) -> None:
    """Bring every journal's stored status up to date, since time alone changes it, and email new alerts
    when TWITCHCHECK_SMTP_URL is set (docs/keep-watch.md).

    A status goes stale when the journal changes or when a window closes (a warning sign leaves the recent
    days; twitching goes on past two weeks); the sweep recomputes only those, and records an alert when one
    rose. Run it every few minutes; `twitchcheck serve` runs it itself.

    \b
    Example (cron, every 10 minutes):
      */10 * * * * twitchcheck watch --once
    """
    from twitchcheck.adapters.notify.email import EmailSettings, EmailSettingsError
    from twitchcheck.adapters.storage.journal import open_engine
    from twitchcheck.adapters.watching import sweep_database

    with guard(ctx):
        if not once:
            raise CliError("give --once: `twitchcheck watch --once` sweeps once; run it from cron or a timer")
        try:
            email = EmailSettings.from_env()
        except EmailSettingsError as error:
            raise CliError(str(error)) from None
        engine = open_engine(db, create=False)
        try:
            result = sweep_database(engine, email, emergency_number=emergency_number)
        finally:
            engine.dispose()
        swept, done = result.swept, result.emailed
        if swept is None:
            typer.echo("Another sweep of this database is running; nothing done.")
            return
        typer.echo(
            f"Swept {counted(swept.journals, 'journal')}: {swept.recomputed} recomputed, "
            f"{counted(swept.alerts, 'new alert')}."
        )
        if done is not None:
            failed = f"; {done.failed} not sent (tried again next time)" if done.failed else ""
            typer.echo(f"Emailed {counted(done.sent, 'alert')}{failed}.")
        coaches = result.coach_emailed
        if coaches is not None and (coaches.sent or coaches.failed):
            failed = f"; {coaches.failed} not sent (tried again next time)" if coaches.failed else ""
            typer.echo(f"Emailed {counted(coaches.sent, 'coach')} about a new alert{failed}.")
