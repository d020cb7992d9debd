"""The journal's commands: `log ...`, `journal ...`. They parse arguments and call the journal library."""

from __future__ import annotations

import difflib
import json
import re
import sys
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from twitchcheck.adapters.cli.alerting import say_alerts
from twitchcheck.adapters.cli.common import console, guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.core.errors import InputError
from twitchcheck.core.vocabulary import (
    SYMPTOMS,
    Frequency,
    LimbSide,
    Side,
    Site,
    StrengthTestName,
    WorkoutKind,
)
from twitchcheck.core.words import counted

if TYPE_CHECKING:
    from twitchcheck.adapters.storage.journal import Journal, Stored
    from twitchcheck.journal.events import Event

_HELP = {"help_option_names": ["-h", "--help"]}
_CONFIRM_ABOVE = 100
"""`journal undo` asks before taking back an import of more events than this."""
log_app = typer.Typer(no_args_is_help=True, context_settings=_HELP)
journal_app = typer.Typer(no_args_is_help=True, context_settings=_HELP)

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="PATH|URL",
        show_default=False,
        help="The journal: a SQLite file or a database URL (default: $TWITCHCHECK_DB, else journal.db in "
        "your data directory). Example: --db ~/twitch.db",
    ),
]
At = Annotated[
    str,
    typer.Option(
        "--at",
        metavar="WHEN",
        help="When: now, today, yesterday, -2h, -30m, -1d, 2026-11-02 or 2026-11-02T18:30 (local time). "
        "Example: --at -2h",
    ),
]
Note = Annotated[
    str | None, typer.Option("--note", show_default=False, help="A note. Example: --note 'new shoes'")
]


# Choices come from the core vocabularies (one table each): Typer offers a Literal's values as choices.


class Format(StrEnum):
    text = "text"
    json = "json"


# -- helpers ----------------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def parse_when(text: str, now: datetime, zone: tzinfo) -> str:
    """`--at` as the contract's `at` (see `journal.moments.parse_when`)."""
    from twitchcheck.journal.moments import parse_when as read

    try:
        return read(text, now, zone)
    except InputError as error:
        raise CliError(f"at: {error.problems[0].message}") from None


def _regions(values: list[str] | None, field: str) -> list[str] | None:
    if not values:
        return None
    from twitchcheck.core.report import REGIONS

    names = [part.strip().lower() for value in values for part in value.split(",") if part.strip()]
    unknown = [name for name in names if name not in REGIONS]
    if unknown:
        raise CliError(f"{field}: unknown region(s) {', '.join(unknown)}; choose from {', '.join(REGIONS)}")
    return list(dict.fromkeys(names))


def _open(db: str | None, *, create: bool = True) -> Journal:
    """The journal; commands that only read or change what is there pass create=False, so that a mistyped
    path is an error instead of a new, empty journal."""
    from twitchcheck.adapters.storage.journal import Journal

    return Journal.open(db, create=create)


Confirm = Annotated[
    bool,
    typer.Option(
        "--confirm",
        help="Keep a value outside the usual range for its test or site (it is refused otherwise, as a "
        "likely typo). Example: --confirm",
    ),
]


@contextmanager
def _confirm_hint(how: str) -> Iterator[None]:
    """An implausible value's problem says how to confirm it here."""
    from twitchcheck.core.errors import FieldProblem
    from twitchcheck.journal.plausible import CONFIRM_HINT

    try:
        yield
    except InputError as error:
        if not any(CONFIRM_HINT in problem.message for problem in error.problems):
            raise
        problems = [
            FieldProblem(p.field, p.message.replace(CONFIRM_HINT, f"If it is right, {how}"))
            for p in error.problems
        ]
        raise InputError(problems, error.what) from None


def _log(
    ctx: typer.Context,
    db: str | None,
    at: str,
    fields: dict[str, Any],
    *,
    confirmed: bool = False,
    ended_after_min: float | None = None,
) -> None:
    """Validate one event, add it, and say what was logged where.

    With `ended_after_min`, `at` is when the activity ended: the event's `at` (its start, as the journal's
    analyses and imported workout files read it) is that many minutes earlier.
    """
    from twitchcheck.journal.events import parse_event

    with guard(ctx), _confirm_hint("run the command again with --confirm"), _open(db) as journal:
        data = {key: value for key, value in fields.items() if value is not None}
        now = datetime.now(UTC)
        data["at"] = parse_when(at, now, journal.zone)
        if ended_after_min is not None and "T" in data["at"] and ended_after_min > 0:
            started = datetime.fromisoformat(data["at"]) - timedelta(minutes=ended_after_min)
            data["at"] = started.isoformat(timespec="seconds" if started.second else "minutes")
        data.setdefault("id", f"log-{uuid.uuid4().hex[:16]}")
        event = parse_event(data)
        from twitchcheck.journal.events import resolve_at

        if resolve_at(event.at, journal.zone) > now + timedelta(hours=1):
            raise CliError(f"--at: {event.at} is in the future; log what has happened (a date typo?)")
        from twitchcheck import services
        from twitchcheck.journal.words import event_words

        logged = services.log_events(
            journal, [event], now=now, summary=f"log {event_words(event)}", confirmed=confirmed
        )
        number = logged.added.seqs[0] if logged.added.seqs else "?"
        typer.echo(f"Logged #{number}: {describe_event(event)} (at {event.at}) in {journal.location}")
        say_consequence(logged.consequence, changed=bool(say_alerts(journal, stderr=True)))


def say_consequence(found: Any, *, changed: bool = True) -> None:
    """What the journal shows now, on stderr, when it needs attention (an emergency after a warning sign).

    In full (each red flag or warning with what to do) when this change raised an alert or the journal shows
    an emergency; when nothing changed and it is not an emergency, one line, so that logging a glass of water
    while a doctor's appointment is advised does not repeat the whole advice each time.
    """
    if found is None or found.assessment is None:
        return
    assessment = found.assessment
    level = assessment.level.replace("_", " ").upper()
    out = console(stderr=True)
    style = "bold red" if assessment.level == "emergency" else "bold yellow"
    if not changed and assessment.level != "emergency":
        out.print(
            f"[{style}]Your journal still shows: {level}.[/{style}] `twitchcheck status` gives the reasons.",
            highlight=False,
        )
        return
    out.print(
        f"[{style}]Your journal now shows: {level}. {assessment.triage.headline}[/{style}]", highlight=False
    )
    for flag in (*assessment.red_flags, *assessment.warnings):
        out.print(f"  {flag.title}: {flag.what_to_do}", markup=False, highlight=False)
    out.print("  `twitchcheck status` gives the reasons.", markup=False, highlight=False)


def _after_change(journal: Journal) -> None:
    """After an edit, a delete or an undo: the stored status brought up to date, and any alert it raised."""
    from twitchcheck import services
    from twitchcheck.knowledge import load_knowledge
    from twitchcheck.services.watch import fell_line

    kb = load_knowledge()
    fell = fell_line(services.refresh_status(journal, datetime.now(UTC), kb), kb)
    if fell is not None:
        typer.echo(fell, err=True)
    say_alerts(journal, stderr=True)


def describe_event(event: Event) -> str:
    """One line saying what an event records, in words (`journal.words`), for lists and confirmations."""
    from twitchcheck.journal.words import event_words  # the event models: not on `status`'s fast path

    text = event_words(event) + (f"  ({event.note})" if event.note else "")
    return _CONTROL.sub("?", text)  # a note's escape codes are not for the terminal


# -- log --------------------------------------------------------------------------------------------------


@log_app.callback()
def log_root() -> None:
    """Log what happened, now or at --at: a workout, a twitch, a symptom, a measurement, a drink, sleep.

    \b
    Examples:
      twitchcheck log workout --minutes 70 --rpe 7 --kind strength --regions quadriceps,glute
      twitchcheck log twitch calf --side left --frequency frequent
      twitchcheck log fluid 16oz --electrolytes
      twitchcheck log caffeine 200mg --source pre-workout --at -3h
      twitchcheck log sleep 6.5 --at today
    """


@log_app.command("workout")
def log_workout(
    ctx: typer.Context,
    minutes: Annotated[float, typer.Option("--minutes", "-m", help="How long, in minutes. Example: -m 70")],
    rpe: Annotated[
        float | None,
        typer.Option(
            "--rpe", show_default=False, help="How hard, 0 (rest) to 10 (maximal). Example: --rpe 7"
        ),
    ] = None,
    kind: Annotated[
        WorkoutKind | None, typer.Option("--kind", "-k", show_default=False, help="Example: --kind strength")
    ] = None,
    regions: Annotated[
        list[str] | None,
        typer.Option(
            "--regions", "-r", show_default=False, help="Muscles worked. Example: -r calf,quadriceps"
        ),
    ] = None,
    hot: Annotated[
        bool | None, typer.Option("--hot/--not-hot", show_default=False, help="In the heat. Example: --hot")
    ] = None,
    km: Annotated[
        float | None, typer.Option("--km", show_default=False, help="Distance. Example: --km 10")
    ] = None,
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log a workout that ended at --at (it is kept with its start, --minutes earlier).

    \b
    Example:
      twitchcheck log workout --minutes 45 --rpe 6 --kind endurance --regions calf --km 8 --at -1h
    """
    with guard(ctx):
        _log(
            ctx,
            db,
            at,
            {
                "type": "workout",
                "duration_min": minutes,
                "rpe": rpe,
                "kind": kind,
                "worked_regions": _regions(regions, "--regions"),
                "hot_environment": hot,
                "distance_km": km,
                "note": note,
            },
            ended_after_min=minutes,
        )


@log_app.command("twitch")
def log_twitch(
    ctx: typer.Context,
    regions: Annotated[list[str], typer.Argument(help="Where it twitches. Example: calf quadriceps")],
    side: Annotated[
        Side | None, typer.Option("--side", "-s", show_default=False, help="Example: --side left")
    ] = None,
    frequency: Annotated[
        Frequency | None,
        typer.Option("--frequency", show_default=False, help="Example: --frequency frequent"),
    ] = None,
    cramps: Annotated[
        bool | None,
        typer.Option(
            "--cramps/--no-cramps", show_default=False, help="Painful cramps too. Example: --cramps"
        ),
    ] = None,
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log twitching: where, which side, how often.

    \b
    Example:
      twitchcheck log twitch calf quadriceps --side left --frequency frequent
    """
    with guard(ctx):
        _log(
            ctx,
            db,
            at,
            {
                "type": "twitch",
                "regions": _regions(regions, "regions"),
                "side": side,
                "frequency": frequency,
                "painful_cramps": cramps,
                "note": note,
            },
        )


_SYMPTOM_HELP = f"""Log a symptom you have (or, with --absent, checked for and do not have).

    Symptoms: {", ".join(SYMPTOMS)}. Painful cramps are logged with the twitching they came with
    (twitchcheck log twitch calf --cramps).

    \b
    Examples:
      twitchcheck log symptom weakness --absent
      twitchcheck log symptom numbness_or_tingling --at -1d
    """


def symptom_name(typed: str) -> str:
    """The symptom's name as the journal knows it ("chest pain" and "chest-pain" are chest_pain); a CliError
    naming the field, with the nearest names, for one it does not know."""
    name = re.sub(r"[\s-]+", "_", typed.strip().lower())
    if name in SYMPTOMS:
        return name
    if "cramp" in name:
        raise CliError(
            f"symptom: {typed!r} is not a symptom on its own; log painful cramps with the twitching they "
            "came with, for example: twitchcheck log twitch calf --cramps"
        )
    near = difflib.get_close_matches(name, SYMPTOMS, n=3, cutoff=0.5)
    hint = f"; did you mean {' or '.join(near)}?" if near else ""
    raise CliError(
        f"symptom: there is no symptom called {typed!r}{hint} (twitchcheck log symptom --help lists all)"
    )


@log_app.command("symptom", help=_SYMPTOM_HELP)
def log_symptom(
    ctx: typer.Context,
    symptom: Annotated[
        str, typer.Argument(help="Example: weakness (twitchcheck log symptom --help lists all)")
    ],
    absent: Annotated[
        bool, typer.Option("--absent", help="Record that it is NOT there (checked, none). Example: --absent")
    ] = False,
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    with guard(ctx):
        name = symptom_name(symptom)
    fields = {"type": "symptom", "symptom": name, "present": not absent, "note": note}
    _log(ctx, db, at, fields)
    if not absent:
        from twitchcheck.knowledge import load_knowledge

        typer.echo(load_knowledge().message("journal_symptom_logged"), err=True)


@log_app.command("strength")
def log_strength(
    ctx: typer.Context,
    test: Annotated[
        StrengthTestName, typer.Argument(help="grip (kg), calf_raises or chair_stands (count). Example: grip")
    ],
    value: Annotated[float, typer.Argument(help="The result. Example: 38.5")],
    side: Annotated[
        Side | None, typer.Option("--side", "-s", show_default=False, help="Example: --side right")
    ] = None,
    at: At = "now",
    note: Note = None,
    confirm: Confirm = False,
    db: Db = None,
) -> None:
    """Log a strength test: grip with a hand dynamometer (kg), single-leg calf raises or 30 s chair stands.

    A result outside the usual range for the test (grip 2-100 kg, calf raises 0-100, chair stands 0-50) is
    refused as a likely typo unless you add --confirm.

    \b
    Examples:
      twitchcheck log strength grip 38.5 --side right
      twitchcheck log strength grip 104 --side right --confirm
    """
    fields = {
        "type": "strength_test",
        "test": test,
        "value": value,
        "side": side,
    }
    _log(ctx, db, at, {**fields, "note": note}, confirmed=confirm)


@log_app.command("circumference")
def log_circumference(
    ctx: typer.Context,
    site: Annotated[Site, typer.Argument(help="calf, thigh, forearm or upper_arm. Example: calf")],
    side: Annotated[LimbSide, typer.Argument(help="left or right. Example: left")],
    amount: Annotated[str, typer.Argument(metavar="LENGTH", help="Example: 36.5cm or 14.4in (cm if bare).")],
    at: At = "now",
    note: Note = None,
    confirm: Confirm = False,
    db: Db = None,
) -> None:
    """Log a limb circumference, measured at the widest point with a tape.

    A length outside the usual range for the site (a calf 20-65 cm, say) is refused as a likely typo unless
    you add --confirm.

    \b
    Example:
      twitchcheck log circumference calf left 36.5cm
    """
    from twitchcheck.core.units import parse_amount

    with guard(ctx):
        cm = parse_amount(amount, "length", "LENGTH")
        fields = {"type": "circumference", "site": site, "side": side, "cm": cm, "note": note}
        _log(ctx, db, at, fields, confirmed=confirm)


@log_app.command("fluid")
def log_fluid(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(metavar="AMOUNT", help="Example: 500ml, 1.5L, 16oz (ml if bare).")],
    electrolytes: Annotated[
        bool | None,
        typer.Option(
            "--electrolytes/--water",
            show_default=False,
            help="A sports drink or electrolytes (--water: plain). Example: --electrolytes",
        ),
    ] = None,
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log a drink.

    \b
    Example:
      twitchcheck log fluid 750ml --electrolytes --at -30m
    """
    from twitchcheck.core.units import parse_amount

    with guard(ctx):
        ml = parse_amount(amount, "volume", "AMOUNT")
        _log(ctx, db, at, {"type": "fluid", "ml": ml, "electrolytes": electrolytes, "note": note})


@log_app.command("caffeine")
def log_caffeine(
    ctx: typer.Context,
    amount: Annotated[
        str | None,
        typer.Argument(
            metavar="[MG]",
            show_default=False,
            help="Milligrams of caffeine, or what you had. Example: 200mg, or '2 espressos'",
        ),
    ] = None,
    drink: Annotated[
        str | None,
        typer.Option(
            "--drink",
            "-d",
            show_default=False,
            help="What you had, from the cited table (coffee, espresso, energy_drink, energy_shot, "
            "pre_workout): the caffeine per serving is filled in. Example: --drink espresso",
        ),
    ] = None,
    count: Annotated[
        float, typer.Option("--count", "-n", min=0.25, max=20, help="Servings of --drink. Example: -n 2")
    ] = 1,
    source: Annotated[
        str | None, typer.Option("--source", show_default=False, help="What it was. Example: --source cola")
    ] = None,
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log caffeine: milligrams from the label, or a drink from the table (with its sources).

    \b
    Examples:
      twitchcheck log caffeine 200 --source pre-workout --at -2h
      twitchcheck log caffeine --drink espresso --count 2
    """
    with guard(ctx):
        if (amount is None) == (drink is None):
            raise CliError("MG or --drink: give the milligrams, or a drink from the table (not both)")
        if drink is not None:
            mg, label = _drink_caffeine(drink, count)
            typer.echo(label, err=True)
            source = source or drink
        else:
            assert amount is not None
            from twitchcheck.services.entries import read_caffeine_mg

            try:  # the one reading of caffeine, as the web form's: 200, 200mg, or what you had
                mg, worked_out = read_caffeine_mg(amount)
            except InputError as error:
                raise CliError(f"MG: {error.problems[0].message}") from None
            if worked_out:
                typer.echo(worked_out, err=True)
        _log(ctx, db, at, {"type": "caffeine", "mg": mg, "source": source, "note": note})


def _drink_caffeine(name: str, count: float) -> tuple[float, str]:
    """Milligrams for `count` servings of a drink from the library's cited table, and a line saying so."""
    from twitchcheck.knowledge import load_knowledge
    from twitchcheck.text.lexicon import drink_caffeine, load_lexicon

    try:
        mg, drink = drink_caffeine(name, count)
    except KeyError:
        known = ", ".join(drink.id for drink in load_lexicon().drinks)
        raise CliError(f"--drink: {name!r} is not in the table; choose from {known}, or give MG") from None
    sources = load_knowledge().sources
    cited = "; ".join(
        f"{sources[ref.source].publisher}: {ref.supports}" if ref.source in sources else ref.supports
        for ref in drink.references
    )
    return mg, f"{count:g} x {drink.id} = {mg:g} mg ({cited})"


@log_app.command("weight")
def log_weight(
    ctx: typer.Context,
    amount: Annotated[str, typer.Argument(metavar="MASS", help="Example: 70.4kg or 155lb (kg if bare).")],
    at: At = "now",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log body mass (weigh before and after a workout to see the fluid lost).

    \b
    Example:
      twitchcheck log weight 70.4kg
    """
    from twitchcheck.core.units import parse_amount

    with guard(ctx):
        kg = parse_amount(amount, "mass", "MASS")
        _log(ctx, db, at, {"type": "body_mass", "kg": kg, "note": note})


@log_app.command("sleep")
def log_sleep(
    ctx: typer.Context,
    hours: Annotated[float, typer.Argument(help="Hours slept. Example: 6.5")],
    at: At = "today",
    note: Note = None,
    db: Db = None,
) -> None:
    """Log last night's sleep (by default on today's date).

    \b
    Example:
      twitchcheck log sleep 6.5 --at yesterday
    """
    _log(ctx, db, at, {"type": "sleep", "hours": hours, "note": note})


# -- journal ----------------------------------------------------------------------------------------------


@journal_app.callback()
def journal_root() -> None:
    """See, correct, import and export the journal.

    \b
    Examples:
      twitchcheck journal list --last 20
      twitchcheck journal edit 12 --set rpe=8
      twitchcheck journal delete 12
      twitchcheck journal undo
      twitchcheck journal import journal.jsonl
      twitchcheck journal import activity.fit
      twitchcheck journal export --out backup.jsonl
    """


@journal_app.command("list")
def journal_list(
    ctx: typer.Context,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", "-t", show_default=False, help="Only this type (repeatable). Example: -t twitch"
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option("--since", show_default=False, help="From this date. Example: --since 2026-11-01"),
    ] = None,
    last: Annotated[
        int, typer.Option("--last", "-n", min=1, help="The newest N events. Example: --last 100")
    ] = 30,
    output_format: Annotated[
        Format, typer.Option("--format", "-f", help="text or json (JSON Lines). Example: -f json")
    ] = Format.text,
    db: Db = None,
) -> None:
    """List the newest events, oldest first, with their numbers (for show, edit and delete).

    \b
    Example:
      twitchcheck journal list --type twitch --since 2026-11-01
    """

    with guard(ctx), _open(db, create=False) as journal:
        _check_types(types)
        start = _since(since, journal.zone) if since else None
        entries = journal.entries(types=types, since=start, last=last)
        if output_format is Format.json:
            for stored in entries:
                typer.echo(json.dumps({"seq": stored.seq, **stored.event.to_contract()}, ensure_ascii=False))
            return
        _print_entries(entries, journal.location, journal.count())


def _check_types(types: list[str] | None) -> None:
    from twitchcheck.journal.events import EVENT_TYPES

    for kind in types or []:
        if kind not in EVENT_TYPES:
            raise CliError(f"--type: unknown type {kind!r}; choose from {', '.join(EVENT_TYPES)}")


def moment_option(text: str, now: datetime, zone: tzinfo, option: str) -> tuple[str, datetime]:
    """An option naming a moment as `--at` does (a date, a date-time, yesterday, -7d): its `at` text and its
    instant (a date alone: its start); CliError naming the option otherwise."""
    from twitchcheck.journal.moments import read_moment

    try:
        return read_moment(text, now, zone, option)
    except InputError as error:
        raise CliError(f"{option}: {error.problems[0].message}") from None


def _since(text: str, zone: tzinfo) -> datetime:
    return moment_option(text, datetime.now(UTC), zone, "--since")[1]


def _print_entries(entries: list[Stored], location: str, total: int) -> None:
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("at")
    table.add_column("what")
    for stored in entries:
        table.add_row(
            str(stored.seq), stored.event.at, Text(describe_event(stored.event))
        )  # notes: no markup
    out = console()
    if entries:
        out.print(table)
    out.print(f"[dim]{len(entries)} of {counted(total, 'event')} in {location}[/dim]")


def _seq(text: str) -> int:
    try:
        number = int(text.lstrip("#"))
    except ValueError:
        raise CliError(f"NUMBER: not an event number like 12 or #12 (got {text!r})") from None
    if not 0 < number < 2**62:
        raise CliError(f"NUMBER: there is no event #{number}")
    return number


@journal_app.command("show")
def journal_show(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Argument(metavar="NUMBER", help="The event's number from `journal list`. Example: 12")
    ],
    db: Db = None,
) -> None:
    """Show one event as JSON (the journal-event contract).

    \b
    Example:
      twitchcheck journal show 12
    """
    with guard(ctx), _open(db, create=False) as journal:
        stored = journal.get(_seq(number))
        typer.echo(json.dumps(stored.event.to_contract(), indent=2, ensure_ascii=False))


def _value(field: str, raw: str) -> Any:
    """A `--set` value: JSON when it parses (numbers, true/false, null, lists), a list for region fields."""
    if field in {"regions", "worked_regions"} and not raw.strip().startswith("["):
        return [part.strip() for part in raw.split(",") if part.strip()]
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


@journal_app.command("edit")
def journal_edit(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Argument(metavar="NUMBER", help="The event's number from `journal list`. Example: 12")
    ],
    changes: Annotated[
        list[str],
        typer.Option(
            "--set",
            metavar="FIELD=VALUE",
            help="A field to change; VALUE null removes it. Example: --set rpe=8",
        ),
    ],
    confirm: Confirm = False,
    db: Db = None,
) -> None:
    """Correct an event; the edited event is checked like a new one, and `journal undo` takes it back.

    \b
    Example:
      twitchcheck journal edit 12 --set rpe=8 --set note=null
    """
    again = "run the command again with --confirm"
    with guard(ctx), _confirm_hint(again), _open(db, create=False) as journal:
        updates: dict[str, Any] = {}
        for change in changes:
            field, sep, raw = change.partition("=")
            if not sep or not field.strip():
                raise CliError(f"--set: expected FIELD=VALUE like rpe=8 (got {change!r})")
            updates[field.strip()] = _value(field.strip(), raw)
        stored = journal.edit(_seq(number), updates, confirmed=confirm)
        typer.echo(f"Edited #{stored.seq}: {describe_event(stored.event)} (at {stored.event.at})")
        _after_change(journal)


@journal_app.command("delete")
def journal_delete(
    ctx: typer.Context,
    numbers: Annotated[
        list[str],
        typer.Argument(metavar="NUMBER...", help="Event numbers from `journal list`. Example: 12 13"),
    ],
    db: Db = None,
) -> None:
    """Delete events; `journal undo` brings them back.

    \b
    Example:
      twitchcheck journal delete 12 13
    """
    with guard(ctx), _open(db, create=False) as journal:
        count = journal.delete([_seq(number) for number in numbers])
        typer.echo(f"Deleted {counted(count, 'event')}. `twitchcheck journal undo` brings them back.")
        _after_change(journal)


@journal_app.command("undo")
def journal_undo(
    ctx: typer.Context,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help=f"Undo even an import of more than {_CONFIRM_ABOVE} events. Example: --yes"
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Take back the latest change (a log, an import, an edit or a delete).

    \b
    Example:
      twitchcheck journal undo
    """
    with guard(ctx), _open(db, create=False) as journal:
        pending = journal.pending_undo()
        if pending is None:
            typer.echo("Nothing to undo.")
            return
        removes = journal.added_by(pending.seq) if pending.kind in {"log", "import"} else 0
        if removes > _CONFIRM_ABOVE and not yes:
            question = (
                f"Undo '{pending.summary}' from {pending.created_at:%Y-%m-%d %H:%M} UTC ({removes} events)?"
            )
            if not (sys.stdin.isatty() and typer.confirm(question, err=True)):
                raise CliError(f"{question} Nothing was undone; run again with --yes to do it.")
        undone = journal.undo()
        typer.echo(f"Undone: {undone.summary}" if undone else "Nothing to undo.")
        if undone is not None:
            _after_change(journal)


@journal_app.command("import")
def journal_import(
    ctx: typer.Context,
    path: Annotated[
        str,
        typer.Argument(
            metavar="PATH",
            help="A journal (.jsonl, '-' for stdin), a whole export (Apple Health export.zip or export.xml, "
            "Strava's or Garmin's export zip, Google Takeout) or a workout file (.fit, .gpx, .tcx, also .gz, "
            "or Strava's activities.csv); the kind is found from the content. Example: export.zip",
        ),
    ],
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            metavar="TYPES",
            show_default=False,
            help="Only these (from an export): workouts, fluid, caffeine, body_mass, sleep. "
            "Example: --only workouts,sleep",
        ),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="WHEN",
            show_default=False,
            help="Only what began from then on (from an export). Example: --since 2025-01-01",
        ),
    ] = None,
    progress: Annotated[
        bool | None,
        typer.Option(
            "--progress/--no-progress",
            show_default=False,
            help="Show progress on stderr (default: on a terminal). Example: --no-progress",
        ),
    ] = None,
    confirm: Annotated[
        bool,
        typer.Option(
            "--confirm",
            help="Keep strength tests and circumferences outside their usual range (refused otherwise, "
            "naming each line, as likely typos). Example: --confirm",
        ),
    ] = False,
    db: Db = None,
) -> None:
    """Import events: all of a file or, if anything in it is bad, none (every problem is named).

    A journal file is JSON Lines in the journal-event format (what `journal export` writes). An export of
    Apple Health, Strava, Garmin Connect or Google Takeout brings in workouts, drinks, caffeine, body mass and
    nights of sleep (docs/imports.md); workout files become workout events (docs/workout-files.md). The same
    workout from several sources is kept once. Importing the same file again adds nothing.

    \b
    Examples:
      twitchcheck journal import ~/Downloads/export.zip
      twitchcheck journal import strava_export.zip --since 2024-01-01
      twitchcheck journal import garmin_export.zip --only workouts
      twitchcheck journal import backup.jsonl
      cat events.jsonl | twitchcheck journal import -
    """
    from twitchcheck.adapters.imports import detect

    with guard(ctx), _confirm_hint("import again with --confirm"):
        kind = "jsonl" if path == "-" else detect(Path(path))
        if kind == "jsonl":
            if only is not None or since is not None:
                raise CliError("--only and --since are for exports; a journal file is imported whole")
            _import_jsonl(path, progress, db, confirm)
        else:
            _import_export(Path(path), only, since, progress, db)


def _import_jsonl(path: str, progress: bool | None, db: str | None, confirm: bool) -> None:
    from twitchcheck.adapters.storage.journal import read_numbered

    # A journal file is read and checked whole before the journal is opened, so a bad file makes nothing.
    numbered = read_numbered(_lines(path))
    with _open(db) as journal, _progress(progress) as report:
        result = journal.add(
            [event for _, event in numbered],
            kind="import",
            summary=f"import {path}: {{n}} event(s)",
            progress=report,
            labels=[f"line {number}" for number, _ in numbered],
            confirmed=confirm,
        )
        from twitchcheck import services

        found = services.consequence(journal, [event for _, event in numbered], datetime.now(UTC))
        if result.read == 0:
            typer.echo(f"{path}: no events in it; nothing imported.", err=True)
        typer.echo(
            f"Imported {counted(result.added, 'new event')} from {path}"
            + (f"; {result.already_there} already in the journal" if result.already_there else "")
            + f" ({journal.location})."
        )
        say_consequence(found, changed=bool(say_alerts(journal, stderr=True)))


def _import_export(
    path: Path, only: str | None, since: str | None, progress: bool | None, db: str | None
) -> None:
    from twitchcheck.adapters.imports import FORMATS, parse_only, read_export, write_reading
    from twitchcheck.adapters.storage.journal import JournalError
    from twitchcheck.journal.events import local_zone

    chosen = parse_only(only)
    # The file is read and checked whole before a new journal is made, so a bad file makes nothing; an
    # existing journal gives its time zone (for files that keep UTC or local times).
    try:
        existing: Journal | None = _open(db, create=False)
    except JournalError:
        existing = None
    zone = existing.zone if existing is not None else local_zone()
    if existing is not None:
        existing.close()
    start = _since(since, zone) if since else None
    with _export_progress(progress) as report:
        reading = read_export(path, zone=zone, only=chosen, since=start, progress=report)
    from twitchcheck import services

    with _open(db) as journal:
        summary = write_reading(journal, reading, path.name)
        location = journal.location
        found = services.consequence(journal, (), datetime.now(UTC))
        _print_summary(summary, path, FORMATS[summary.format], location)
        say_consequence(found, changed=bool(say_alerts(journal, stderr=True)))


def _print_summary(summary: Any, path: Path, what: str, location: str) -> None:
    """The table of what an import did, by type, and what it passed over."""
    from rich.table import Table

    out = console()
    table = Table(box=None, pad_edge=False, title=f"{what}: {path.name}", title_justify="left")
    for column in ("type", "read", "added", "already there", "merged", "skipped"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for kind, counts in sorted(summary.counts.items()):
        skipped = sum(counts.skipped.values())
        table.add_row(
            kind,
            str(counts.read),
            str(counts.added),
            str(counts.already_there),
            str(counts.merged),
            str(skipped),
        )
    out.print(table)
    for kind, counts in sorted(summary.counts.items()):
        for reason, number in counts.skipped.most_common():
            out.print(f"  skipped {number:,} {kind}: {reason}")
    not_used = summary.not_used
    if not_used:
        shown = ", ".join(f"{name} {number:,}" for name, number in not_used.most_common(6))
        more = len(not_used) - 6
        out.print(f"  not used: {shown}" + (f" and {more} more kinds" if more > 0 else ""))
    merged = sum(counts.merged for counts in summary.counts.values())
    out.print(
        f"Imported {counted(summary.added, 'new event')} from {path}"
        + (f"; {merged} merged with the same thing from another source" if merged else "")
        + f" ({location})."
    )


@contextmanager
def _export_progress(wanted: bool | None) -> Iterator[Any]:
    """An export's progress: a Rich bar with the counts found by type on a terminal, plain lines when asked
    for elsewhere, else nothing."""
    from twitchcheck.adapters.imports._found import no_progress

    terminal = sys.stderr.isatty()
    if not (wanted if wanted is not None else terminal):
        yield no_progress
        return

    def found_text(found: Any) -> str:
        return " · ".join(f"{kind} {number:,}" for kind, number in sorted(found.items())) or "reading"

    if not terminal:
        last = [-1]

        def plain(done: int, total: int, found: Any) -> None:
            percent = 100 * done // max(total, 1)
            if percent // 10 != last[0] // 10 or done == total:
                last[0] = percent
                typer.echo(f"read {percent}%: {found_text(found)}", err=True)

        yield plain
        return
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("reading", total=None)

        def update(done: int, total: int, found: Any) -> None:
            bar.update(task, completed=done, total=total, description=found_text(found))

        yield update


@contextmanager
def _progress(wanted: bool | None) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callback: a Rich bar on a terminal, plain lines when asked for elsewhere, else none."""
    terminal = sys.stderr.isatty()
    if not (wanted if wanted is not None else terminal):
        yield None
        return
    if not terminal:

        def plain(done: int, total: int) -> None:
            typer.echo(f"written {done} of {total}", err=True)

        yield plain
        return
    from rich.progress import Progress

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task("importing", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _lines(path: str) -> list[str]:
    # JSON Lines ends lines with \n alone (str.splitlines would also split inside strings at U+2028).
    if path == "-":
        return [line.removesuffix("\r") for line in sys.stdin.read().split("\n")]
    try:
        with Path(path).open(encoding="utf-8", newline="") as handle:
            return [line.removesuffix("\r") for line in handle.read().split("\n")]
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise CliError(f"{path}: is a directory") from None
    except (OSError, UnicodeDecodeError) as error:
        raise CliError(f"{path}: cannot read: {error}") from None


@journal_app.command("export")
def journal_export(
    ctx: typer.Context,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            show_default=False,
            help="Write here instead of stdout. Example: --out backup.jsonl",
        ),
    ] = None,
    types: Annotated[
        list[str] | None,
        typer.Option(
            "--type", "-t", show_default=False, help="Only this type (repeatable). Example: -t workout"
        ),
    ] = None,
    db: Db = None,
) -> None:
    """Write the journal as JSON Lines (the journal-event contract), oldest first; import reads it back.

    \b
    Examples:
      twitchcheck journal export > backup.jsonl
      twitchcheck journal export --out backup.jsonl --type workout
    """
    with guard(ctx), _open(db, create=False) as journal:
        _check_types(types)
        if out is None:
            try:
                journal.export(sys.stdout, types=types)
                sys.stdout.flush()
            except OSError as error:
                if isinstance(error, BrokenPipeError):
                    raise
                raise CliError(f"stdout: cannot write the export: {error.strerror or error}") from None
            return
        if out.is_dir() or not out.name:
            raise CliError(f"--out: {out} is a directory; give a file name like {out / 'journal.jsonl'}")
        temporary = out.with_name(f".{out.name}.{uuid.uuid4().hex[:8]}.tmp")
        try:
            with temporary.open("w", encoding="utf-8") as handle:
                count = journal.export(handle, types=types)
            temporary.replace(out)  # all or nothing: a reader never sees half a file
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise CliError(f"--out: cannot write {out}: {error}") from None
        typer.echo(f"Exported {counted(count, 'event')} to {out}.", err=True)


@journal_app.command("info")
def journal_info(ctx: typer.Context, db: Db = None) -> None:
    """Where the journal is, its time zone, how many events, and the latest changes.

    \b
    Example:
      twitchcheck journal info --db ~/twitch.db
    """
    with guard(ctx), _open(db, create=False) as journal:
        typer.echo(f"journal:   {journal.location}")
        typer.echo(f"time zone: {journal.zone}")
        typer.echo(f"events:    {journal.count()}")
        for op in journal.operations(last=5):
            flag = " (undone)" if op.undone else ""
            typer.echo(f"  {op.created_at:%Y-%m-%d %H:%M} UTC  {op.summary}{flag}")
