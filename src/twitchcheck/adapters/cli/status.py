"""`twitchcheck status` and `twitchcheck triggers`: what the journal shows, as a dashboard or as JSON.

The words come from the knowledge base (through the journal's findings); this module only lays them out and
draws the small charts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from twitchcheck.adapters.cli.common import EmergencyNumber, console, guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db
from twitchcheck.core.words import counted
from twitchcheck.services.understood import field_words, value_words

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import tzinfo

    from rich.console import RenderableType

    from twitchcheck.adapters.cli.render import Words
    from twitchcheck.services.watch import StoredStatus


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

_BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float | None]) -> str:
    """Values as a row of bars scaled to the largest (a space for a missing value, the lowest bar for 0)."""
    known = [value for value in values if value is not None]
    top = max(known, default=0.0)
    if top <= 0:
        return "".join(" " if value is None else _BARS[0] for value in values)
    low = min(known)
    span = top - low if top > low else top
    base = low if top > low else 0.0
    return "".join(
        " " if value is None else _BARS[min(len(_BARS) - 1, int((value - base) / span * (len(_BARS) - 1)))]
        for value in values
    )


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
            if _shown_as_stored(db, output_format, emergency_number):
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
                _print_stored(journal.location, journal.zone, current.stored)
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
                _print_dashboard(shown, None)
            raise CliError(found.nothing or "nothing logged to assess") from None
        if output_format is Format.json:
            typer.echo(json.dumps(assessment.to_contract(), indent=2, ensure_ascii=False))
            return
        _print_dashboard(shown, assessment.to_contract())


@dataclass(frozen=True)
class Shown:
    """What the dashboard shows besides the assessment: where, how much, as of when, the charts' numbers."""

    location: str
    events: int
    as_of: datetime
    charts: dict[str, Any]
    trends: list[dict[str, Any]]


def _shown_as_stored(db: str | None, output_format: Format, emergency_number: str | None) -> bool:
    """Show the stored status, when it is current, without opening the journal through the database layer
    (`storage.peek`: SQLite read with `sqlite3`, PostgreSQL with psycopg alone); False when the ordinary way
    must do it (another database, no stored status, stale, alerts to show first, or a status stored before its
    charts were kept)."""
    from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, glance
    from twitchcheck.services.watch import StoredStatus

    seen = glance(db, DEFAULT_JOURNAL)
    if seen is None or seen.status is None or seen.zone is None:
        return False
    text = output_format is Format.text
    if text and seen.unseen_alerts:  # shown (and marked seen) by the ordinary way
        return False
    stored = StoredStatus.from_json(seen.status)
    if not stored.is_current(seen.revision, datetime.now(UTC), emergency_number):
        return False
    if not text:
        if stored.assessment is None:
            raise CliError(stored.nothing or "nothing logged to assess")
        typer.echo(json.dumps(stored.assessment, indent=2, ensure_ascii=False))
        return True
    if stored.charts is None:
        return False
    from zoneinfo import ZoneInfo

    _print_stored(seen.location, ZoneInfo(seen.zone), stored)
    return True


def _print_stored(location: str, zone: tzinfo, stored: StoredStatus) -> None:
    """The dashboard of a stored status (with its chart numbers) from its JSON as kept, without the
    assessment's models, and without the knowledge base when the answers' words were kept with it; exit
    status 2 when it has no assessment."""
    assert stored.charts is not None
    shown = Shown(location, stored.events, stored.as_of.astimezone(zone), stored.charts, stored.trends)
    if stored.assessment is None:
        _print_dashboard(shown, None)
        raise CliError(stored.nothing or "nothing logged to assess")
    _print_dashboard(shown, stored.assessment, _kept_words(stored.words))


def _kept_words(kept: dict[str, Any] | None) -> Words | None:
    """The answers' words as a stored status kept them (`answer_words`), falling back to the knowledge base
    for any not kept (a status stored before they were); None when none were kept."""
    if kept is None:
        return None
    fields: dict[str, str] = kept.get("fields", {})
    values: dict[str, dict[str, str]] = kept.get("values", {})

    def field(path: str) -> str:
        found = fields.get(path)
        return found if found is not None else field_words(path)

    def value(path: str, given: Any) -> str:
        found = values.get(path, {}).get(json.dumps(given, sort_keys=True))
        return found if found is not None else value_words(path, given)

    return field, value


def _print_dashboard(shown: Shown, assessment: dict[str, Any] | None, words: Words | None = None) -> None:
    """The dashboard: the journal's line, what time shows, the charts, what was taken from the journal and
    the card, of an assessment's contract JSON."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from twitchcheck.adapters.cli.render import print_assessment

    out = console()
    out.print(
        Text(
            f"Journal: {shown.location}, {counted(shown.events, 'event')}, "
            f"as of {shown.as_of:%Y-%m-%d %H:%M %Z}",
            style="dim",
        )
    )

    history = (assessment.get("history") or {}) if assessment is not None else {}
    lines: list[RenderableType] = []
    for finding in shown.trends:  # computed once, with the assessment
        mark, style = ("!", "bold yellow") if finding["flagged"] else ("·", "")
        lines.append(Text.assemble((f" {mark} ", style), (finding["finding"], style)))
    # Titles as Text: a str title is read as markup with emoji codes (Rich then imports its emoji table).
    out.print(Panel(Group(*lines), title=Text("What time shows"), title_align="left"))

    charts = Table(box=None, pad_edge=False, show_header=False)
    charts.add_column(style="bold")
    charts.add_column()
    charts.add_column(style="dim")
    series = shown.charts
    weekly = series["twitch_days_weekly"]
    if weekly:
        charts.add_row(
            "twitch days / week",
            sparkline(weekly),
            f"{len(weekly)} weeks; latest {weekly[-1]}"
            f" (not explained by a workout: {series['unexplained_days_latest_week']})",
        )
    recent = series["load_au_daily"]
    if recent:
        rolling, ewma = series["acwr_rolling"], series["acwr_ewma"]
        ratio = "" if rolling is None else f"; acute:chronic {rolling:.2f}"
        ewma_part = "" if ewma is None else f" (EWMA {ewma:.2f})"
        charts.add_row(
            "training load / day",
            sparkline(recent),
            f"last {len(recent)} days, RPE x min{ratio}{ewma_part}",
        )
    for trend in series["strength"]:
        values = trend["values"]
        if values:
            side = f" ({trend['side']})" if trend["side"] else ""
            label = trend["label"].lower()
            charts.add_row(
                f"{label}{side}",
                sparkline(values),
                f"{len(values)} readings, {values[0]:g} -> {values[-1]:g}",
            )
    for measured in series["circumference"]:
        values = measured["values"]
        label = measured["label"].lower()
        charts.add_row(
            f"{label} ({measured['side']}) cm",
            sparkline(values),
            f"{len(values)} readings, {values[0]:g} -> {values[-1]:g}",
        )
    caffeine = series["caffeine"]
    if caffeine is not None:
        charts.add_row(
            "caffeine on board",
            f"{caffeine['on_board_mg']:.0f} mg",
            f"{caffeine['last_24h_mg']:.0f} mg in 24 h",
        )
    if charts.row_count:
        out.print(Panel(charts, title=Text("Charts"), title_align="left"))
    if assessment is not None:
        taken = Table(box=None, pad_edge=False, show_header=False, expand=True)
        taken.add_column(style="bold", ratio=2)
        taken.add_column(style="dim", ratio=3)
        field, value = words or (field_words, value_words)
        for item in history.get("filled", []):
            said = value(item["field"], item["value"])
            taken.add_row(f"{field(item['field'])}: {said}", item["evidence"])
        if taken.row_count:
            out.print(Panel(taken, title=Text("Taken from your journal"), title_align="left"))
        print_assessment(assessment, out, words)


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
