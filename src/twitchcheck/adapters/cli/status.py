"""`twitchcheck status` and `twitchcheck triggers`: what the journal shows, as a dashboard or as JSON.

The words come from the knowledge base (through the journal's findings); this module only lays them out and
draws the small charts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

import typer

from twitchcheck.adapters.cli.common import EmergencyNumber, console, guard
from twitchcheck.adapters.cli.dashboard import Shown, print_dashboard, print_stored, show_stored
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db
from twitchcheck.core.words import counted


class Format(StrEnum):
    text = "text"
    json = "json"


AsOf = Annotated[
    str,
    typer.Option(
        "--as-of",
        metavar="WHEN",
        help="Look at the journal as it was then: now, -7d, 2026-11-02 or 2026-11-02T18:30 (local). "
        "Example: --as-of 2026-11-01",
    ),
]
OutputFormat = Annotated[
    Format,
    typer.Option("--format", "-f", help="text: a dashboard; json: the data. Example: -f json"),
]


def _moment(text: str, zone: Any) -> datetime:
    from twitchcheck.core.errors import InputError
    from twitchcheck.journal.moments import as_of_moment

    try:
        moment, future = as_of_moment(text, datetime.now(UTC), zone, "--as-of")
    except InputError as error:
        raise CliError(f"--as-of: {error.problems[0].message}") from None
    if future:
        typer.echo(f"twitchcheck: note: --as-of {text} is in the future; showing now instead", err=True)
    return moment


def status(
    ctx: typer.Context,
    as_of: AsOf = "now",
    output_format: OutputFormat = Format.text,
    emergency_number: EmergencyNumber = None,
    db: Db = None,
) -> None:
    """What your journal shows: the level and red flags that time reveals, with the trends and their numbers.

    The JSON form is an assessment (the contract) made from the journal, with a `history` part: what was
    taken from the journal and why, and every trend with its numbers. With no twitch logged but a symptom
    logged recently, the assessment is of the symptoms alone. Exit status 2 when neither is logged.

    As of now it shows, first, any alert not seen yet, and keeps the status it computes (`twitchcheck alerts`,
    docs/keep-watch.md); `--format json` as of now gives the stored status when it is still current.

    \b
    Examples:
      twitchcheck status
      twitchcheck status --as-of 2026-11-01 --format json
    """
    if as_of.strip().lower() == "now":
        with guard(ctx):
            if show_stored(db, as_json=output_format is Format.json, emergency_number=emergency_number):
                return
    from twitchcheck.adapters.cli.alerting import say_alerts
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.knowledge import load_knowledge
    from twitchcheck.services import journal_status
    from twitchcheck.services.status import chart_series
    from twitchcheck.services.watch import current_status

    with guard(ctx), Journal.open(db, create=False) as journal:
        now = _moment(as_of, journal.zone)
        kb = load_knowledge()
        if as_of.strip().lower() == "now":  # the stored status when current (docs/keep-watch.md)
            current = current_status(journal, now, kb, emergency_number=emergency_number)
            if output_format is Format.json:
                if current.stored.assessment is None:
                    raise CliError(current.stored.nothing or "nothing logged to assess")
                typer.echo(json.dumps(current.stored.assessment, indent=2, ensure_ascii=False))
                return
            say_alerts(journal)
            if current.computed is None and current.stored.charts is not None:
                print_stored(journal.location, journal.zone, current.stored)
                return
            if current.computed is None:  # stored before the dashboard's numbers were kept
                current = current_status(journal, now, kb, full=True, emergency_number=emergency_number)
            assert current.computed is not None
            found = current.computed
        else:
            found = journal_status(journal.history(until=now), now, kb, emergency_number=emergency_number)
        assessment = found.assessment
        charts = chart_series(found.analyses, kb)
        shown = Shown(journal.location, found.events, found.as_of, charts, found.trends)
        if assessment is None:
            if output_format is Format.text:
                print_dashboard(shown, None)
            raise CliError(found.nothing or "nothing logged to assess") from None
        if output_format is Format.json:
            typer.echo(json.dumps(assessment.to_contract(), indent=2, ensure_ascii=False))
            return
        print_dashboard(shown, assessment.to_contract())


def triggers(
    ctx: typer.Context,
    as_of: AsOf = "now",
    output_format: OutputFormat = Format.text,
    db: Db = None,
) -> None:
    """Which logged factors go with your twitch days: caffeine, short sleep, training load, fluid deficit.

    For each factor: the twitch-day rate with and without it, the difference and the ratio with 95%
    confidence intervals, or "not enough data yet" below a stated minimum. This is an association in your own
    journal, not proof of a cause.

    \b
    Examples:
      twitchcheck triggers
      twitchcheck triggers --format json
    """
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.journal.findings import trigger_findings, triggers_json
    from twitchcheck.journal.link import journal_triggers
    from twitchcheck.knowledge import load_knowledge

    with guard(ctx), Journal.open(db, create=False) as journal:
        now = _moment(as_of, journal.zone)
        kb = load_knowledge()
        result = journal_triggers(journal.history(until=now), now, kb)
        if output_format is Format.json:
            typer.echo(json.dumps(triggers_json(result, now, kb), indent=2, ensure_ascii=False))
            return
        caveat = kb.say(
            "triggers_caveat", habit_h=kb.constants.trigger_habit_window_h, factors=len(result.factors)
        )
        _print_triggers(result, trigger_findings(result, kb), caveat)


def _print_triggers(result: Any, findings: list[dict[str, Any]], caveat: str) -> None:
    from rich.table import Table
    from rich.text import Text

    out = console()
    out.print(
        Text(
            f"{counted(result.days_observed, 'day')} with something logged, "
            f"{result.twitch_days} with twitching.",
            style="bold",
        )
    )
    table = Table(box=None, pad_edge=False)
    table.add_column("factor", style="bold")
    table.add_column("what the journal shows")
    for finding in findings:
        style = "bold yellow" if finding["associated"] else ("dim" if not finding["enough_data"] else "")
        table.add_row(finding["label"], Text(finding["finding"], style=style))
    out.print(table)
    out.print(Text(caveat, style="dim italic"))
