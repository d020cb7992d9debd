"""The status dashboard, and the stored status shown as it was kept: Rich and the standard library only.

`twitchcheck status` as of now, with the stored status current, is answered from here before the command
line's framework (Typer, pydantic) is imported (`cli.entry`, docs/keep-watch.md); the ordinary `status`
command draws the same dashboard with the same functions, so both ways print the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.terminal import console
from twitchcheck.core.words import counted
from twitchcheck.services.understood import field_words, value_words

if TYPE_CHECKING:
    from collections.abc import Sequence
    from datetime import tzinfo

    from rich.console import RenderableType

    from twitchcheck.adapters.cli.render import Words
    from twitchcheck.services.watch import StoredStatus

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


@dataclass(frozen=True)
class Shown:
    """What the dashboard shows besides the assessment: where, how much, as of when, the charts' numbers."""

    location: str
    events: int
    as_of: datetime
    charts: dict[str, Any]
    trends: list[dict[str, Any]]


def show_stored(db: str | None, *, as_json: bool, emergency_number: str | None) -> bool:
    """Print the stored status as of now when it is current, read without the database layer
    (`storage.peek`: SQLite with `sqlite3`, PostgreSQL with psycopg alone): the assessment's JSON as stored,
    or the dashboard from its kept numbers and words. False, having printed nothing, when the ordinary way
    must do it: another database, no stored status or no assessment in it (the ordinary way says why), stale,
    alerts to show first (the dashboard only: they are shown and marked seen the ordinary way), or a status
    stored before its charts were kept."""
    from twitchcheck.adapters.storage.peek import DEFAULT_JOURNAL, glance
    from twitchcheck.services.watch import StoredStatus

    seen = glance(db, DEFAULT_JOURNAL)
    if seen is None or seen.status is None or seen.zone is None:
        return False
    if not as_json and seen.unseen_alerts:
        return False
    stored = StoredStatus.from_json(seen.status)
    if stored.assessment is None or not stored.is_current(seen.revision, datetime.now(UTC), emergency_number):
        return False
    if as_json:
        print(json.dumps(stored.assessment, indent=2, ensure_ascii=False), flush=True)
        return True
    if stored.charts is None:
        return False
    from zoneinfo import ZoneInfo

    print_stored(seen.location, ZoneInfo(seen.zone), stored)
    return True


def print_stored(location: str, zone: tzinfo, stored: StoredStatus) -> None:
    """The dashboard of a stored status (with its chart numbers) from its JSON as kept, without the
    assessment's models, and without the knowledge base when the answers' words were kept with it; exit
    status 2 when it has no assessment."""
    assert stored.charts is not None
    shown = Shown(location, stored.events, stored.as_of.astimezone(zone), stored.charts, stored.trends)
    if stored.assessment is None:
        print_dashboard(shown, None)
        raise CliError(stored.nothing or "nothing logged to assess")
    print_dashboard(shown, stored.assessment, kept_words(stored.words))


def kept_words(kept: dict[str, Any] | None) -> Words | None:
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


def print_dashboard(shown: Shown, assessment: dict[str, Any] | None, words: Words | None = None) -> None:
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
