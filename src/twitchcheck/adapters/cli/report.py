"""`twitchcheck report`: the doctor's report of the journal, as PDF or HTML. The library makes it
(`twitchcheck.adapters.clinical`); this module parses the options and writes the file."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Callable
from contextlib import ExitStack
from datetime import UTC, date, datetime, tzinfo
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from twitchcheck.adapters.cli.common import guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db
from twitchcheck.adapters.cli.status import AsOf

if TYPE_CHECKING:
    from twitchcheck.adapters.clinical import ClinicalReport
    from twitchcheck.journal.events import History


class Sex(StrEnum):
    female = "female"
    male = "male"
    other = "other"


Out = Annotated[
    Path,
    typer.Option(
        "--out",
        "-o",
        metavar="FILE.pdf|FILE.html",
        show_default=False,
        help="Where to write the report; .pdf for a PDF, .html for a web page. Example: --out report.pdf",
    ),
]
From = Annotated[
    str | None,
    typer.Option(
        "--from",
        metavar="DATE",
        show_default=False,
        help="First day of the report (default: 8 weeks before --to, or the first entry if later): "
        "2026-10-01, -28d or yesterday. "
        "Example: --from 2026-10-01",
    ),
]
To = Annotated[
    str | None,
    typer.Option(
        "--to",
        metavar="DATE",
        show_default=False,
        help="Last day of the report (default: the day of --as-of, today). Example: --to 2026-11-24",
    ),
]
Name = Annotated[
    str | None,
    typer.Option(
        "--name",
        show_default=False,
        help="The patient's name, shown on the report. Example: --name 'A. Smith'",
    ),
]
Age = Annotated[
    int | None,
    typer.Option(
        "--age", min=0, max=130, show_default=False, help="The patient's age in years. Example: --age 34"
    ),
]
SexOption = Annotated[
    Sex | None,
    typer.Option(
        "--sex", show_default=False, help="The patient's sex: female, male or other. Example: --sex female"
    ),
]


def report(
    ctx: typer.Context,
    out: Out,
    from_: From = None,
    to: To = None,
    as_of: AsOf = "now",
    name: Name = None,
    age: Age = None,
    sex: SexOption = None,
    db: Db = None,
) -> None:
    """A report of your journal for a doctor: the question, red flags and triage with their reasons, twitch
    days against workouts, strength and circumference trends, caffeine and fluids, the latest assessment and
    plan, sources. One or two A4 pages.

    Only what you give is shown about you (--name, --age, --sex). Exit status 2 for a bad option or when
    nothing was logged in the period.

    \b
    Examples:
      twitchcheck report --out report.pdf
      twitchcheck report --from 2026-10-01 --to 2026-11-24 -o report.html
    """
    from twitchcheck.adapters.clinical import render_html
    from twitchcheck.adapters.clinical.render import PdfPress

    with guard(ctx):
        kind = out.suffix.lower()
        if kind not in {".pdf", ".html", ".htm"}:
            raise CliError(f"--out: {str(out)!r} must end in .pdf or .html")
        if out.is_dir():
            raise CliError(f"--out: {str(out)!r} is a directory; give a file name ending in .pdf or .html")
        if not out.parent.is_dir():
            raise CliError(f"--out: the folder {str(out.parent)!r} does not exist")
        if name is not None and not name.strip():
            raise CliError("--name is empty: give a name or leave the option out")
        with ExitStack() as stack:
            # The report makes many objects and frees nearly all of them by their counts alone: the cyclic
            # garbage collector's passes over them cost a tenth of the build and of the PDF (bench/README.md).
            stack.callback(gc.enable if gc.isenabled() else lambda: None)
            gc.disable()
            # A PDF's WeasyPrint gets ready in a second process while the journal is read and charted.
            press = stack.enter_context(PdfPress()) if kind == ".pdf" else None
            made = _build(db, as_of, from_, to, name, age, sex)
            data = press.pdf(made) if press is not None else render_html(made).encode("utf-8")
        _write_atomically(out, data)
        typer.echo(
            f"Wrote the report for {made.start.isoformat()} to {made.end.isoformat()} to {out}", err=True
        )


def _build(
    db: str | None,
    as_of: str,
    from_: str | None,
    to: str | None,
    name: str | None,
    age: int | None,
    sex: Sex | None,
) -> ClinicalReport:
    from twitchcheck.adapters.clinical import Person, build_report
    from twitchcheck.adapters.storage.rows import read_rows
    from twitchcheck.knowledge import load_knowledge

    # The journal's rows read with the database's own driver (`storage.rows`: half a second less in a fresh
    # process than SQLAlchemy), the same History; the ordinary open for anything that read does not expect.
    rows = read_rows(db)
    if rows is not None:
        now, start, end, history = _window(rows.zone, rows.history, as_of, from_, to)
    else:
        from twitchcheck.adapters.storage.journal import Journal

        with Journal.open(db, create=False) as journal:
            now, start, end, history = _window(journal.zone, journal.history, as_of, from_, to)
    person = Person(name.strip() if name else None, age, sex.value if sex is not None else None)
    return build_report(history, start=start, end=end, now=now, knowledge=load_knowledge(), person=person)


def _window(
    zone: tzinfo, read: Callable[[datetime], History], as_of: str, from_: str | None, to: str | None
) -> tuple[datetime, date | None, date, History]:
    """The report's moment and days from the options (CliError for a bad one), and the journal up to then."""
    from twitchcheck.adapters.cli.status import _moment
    from twitchcheck.adapters.clinical.build import MAX_DAYS

    now = _moment(as_of, zone)
    end = _day(to, "--to", zone) if to is not None else now.astimezone(zone).date()
    start = _day(from_, "--from", zone) if from_ is not None else None
    if start is not None and start > end:
        raise CliError(f"--from {start.isoformat()} is after --to {end.isoformat()}")
    if start is not None and (end - start).days + 1 > MAX_DAYS:
        raise CliError(f"--from: the report covers at most {MAX_DAYS} days; give a later --from")
    return now, start, end, read(now)


def _day(text: str, option: str, zone: Any) -> date:
    from twitchcheck.adapters.cli.journal import moment_option

    return moment_option(text, datetime.now(UTC), zone, option)[1].astimezone(zone).date()


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`: never a half-written report."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
