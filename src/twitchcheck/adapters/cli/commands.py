"""The commands: parse the arguments, call the library, print the result. No medical decision is made here."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from twitchcheck.adapters.cli.common import EmergencyNumber
from twitchcheck.adapters.cli.common import console as _console
from twitchcheck.adapters.cli.common import guard as _guard
from twitchcheck.adapters.cli.errors import EXIT_PROBLEMS, CliError
from twitchcheck.core.jsonin import MAX_INPUT_CHARS, JsonInputError, loads
from twitchcheck.core.words import counted

if TYPE_CHECKING:
    from datetime import datetime

    from twitchcheck.adapters.cli.interview import Interviewed
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.core.assessment import Assessment
    from twitchcheck.knowledge.loader import KnowledgeBase
    from twitchcheck.services.checks import Check
    from twitchcheck.text.model import Understanding


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


app = typer.Typer(
    name="twitchcheck",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
kb_app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})
app.add_typer(kb_app, name="kb")


def _print_version(value: bool) -> None:
    if value:
        from twitchcheck import __version__

        typer.echo(f"twitchcheck {__version__}")
        raise typer.Exit


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit. Example: twitchcheck --version",
        ),
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", hidden=True, help="Show the traceback of an internal error.")
    ] = False,
) -> None:
    """Triage muscle twitching after exercise: a level, red flags, likely causes and a plan, with sources.

    \b
    Examples:
      twitchcheck check                          # answer the questions
      twitchcheck check --input report.json      # assess a saved report
      twitchcheck check --text "calves twitching since yesterday"  # in your own words
      twitchcheck check -i report.json -f json   # the assessment as JSON
      twitchcheck kb check                       # validate the knowledge base
    """
    del version, debug  # handled by the callback, and read back by the commands through the context


# check


@app.command()
def check(
    ctx: typer.Context,
    input_path: Annotated[
        str | None,
        typer.Option(
            "--input",
            "-i",
            metavar="FILE|-",
            show_default=False,
            help="A report as JSON (twitchcheck/report/1), or a FHIR QuestionnaireResponse to "
            "`twitchcheck fhir questionnaire`; '-' reads stdin. "
            "Example: --input examples/report-leg-day.json",
        ),
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="text: a card to read; json: the assessment contract alone on stdout. Example: -f json",
        ),
    ] = OutputFormat.text,
    interactive: Annotated[
        bool | None,
        typer.Option(
            "--interactive/--no-interactive",
            show_default=False,
            help="Ask the questions one by one (the default without --input when stdin is a terminal); "
            "--no-interactive reads the report from stdin. Example: --interactive",
        ),
    ] = None,
    emergency_number: EmergencyNumber = None,
    use_journal: Annotated[
        bool | None,
        typer.Option(
            "--journal/--no-journal",
            show_default=False,
            help="Let your journal fill in what the report leaves unknown and raise the level if its "
            "history shows a red flag (default: when a journal exists at --db, $TWITCHCHECK_DB or the "
            "default place). Example: --no-journal",
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="PATH|URL",
            show_default=False,
            help="The journal to use (see `twitchcheck journal info`). Example: --db ~/twitch.db",
        ),
    ] = None,
    text: Annotated[
        str | None,
        typer.Option(
            "--text",
            "-t",
            metavar="TEXT|-",
            show_default=False,
            help="Describe it in your own words ('-' reads stdin); with -f json the assessment gains "
            "'understood': the report and the words behind every field. "
            'Example: --text "calves twitching since yesterday after leg day, no weakness"',
        ),
    ] = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save",
            help="Save this check to your journal: its twitch and each symptom answered, as entries (made "
            "if there is none yet). Example: --save",
        ),
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="WHEN",
            show_default=False,
            help="Assess as of that moment (default now): calendar words in --text ('since Tuesday', 'since "
            "the 3rd') count back from it, and the journal is read as it was then. A date, a local date-time "
            "or -2d. Example: --as-of 2026-11-20T18:00",
        ),
    ] = None,
) -> None:
    """Assess a twitch: triage level, red flags, likely causes, a plan and the questions that could change it.

    Without --input or --text, asks the questions when stdin is a terminal (starting from a description in
    your own words) and reads a JSON report from stdin otherwise.
    Press Enter to skip a question you cannot answer: it stays unknown, never "no".
    Exit status: 0 assessed, 2 bad input (or a description without where or how long, and no warning sign),
    1 the knowledge base does not load.

    \b
    Examples:
      twitchcheck check
      twitchcheck check --input examples/report-leg-day.json
      twitchcheck check --text "calves twitching since yesterday after leg day, 2 coffees"
      echo "pee like cola after the marathon" | twitchcheck check --text - -f json
      cat report.json | twitchcheck check --format json
      twitchcheck check -i - --emergency-number 112 < report.json
    """
    with _guard(ctx):
        if input_path is not None and interactive:
            raise CliError(
                "--input and --interactive do not go together: give a report file or answer questions"
            )
        if text is not None and (input_path is not None or interactive):
            raise CliError("--text goes alone: give a description, a report file or answer questions")
        number = emergency_number  # checked by the option (cli.common)
        now = _now(as_of)
        journal = _journal(use_journal, db, save)
        try:
            check = _run_check(
                text, input_path, interactive, output_format, number, journal, use_journal, now
            )
            if output_format is OutputFormat.json:
                typer.echo(json.dumps(check.to_contract(), indent=2, ensure_ascii=False))
            else:
                _print_card(check.assessment)
                if check.text is not None:
                    from twitchcheck.adapters.cli.understood import print_understood

                    print_understood(check, _console())
            _say_journal(check, journal)
            if save:
                _save(check, journal, now, number)
        finally:
            if journal is not None:
                journal.close()


def _run_check(
    text: str | None,
    input_path: str | None,
    interactive: bool | None,
    output_format: OutputFormat,
    number: str | None,
    journal: Journal | None,
    use_journal: bool | None,
    now: datetime,
) -> Check:
    """The check, through the service layer: a description, a report (or a QuestionnaireResponse), or the
    answers to the questions."""
    from twitchcheck import services

    use = use_journal is not False
    if text is not None:
        understanding = services.read_text(_read_text(text), now=now, journal=journal)
        return _assess_text(understanding, output_format, number, journal, use, now)
    tty = sys.stdin.isatty()
    ask = interactive if interactive is not None else (input_path is None and tty)
    if ask:
        interviewed = _interview(describe=tty, now=now)
        if interviewed.understanding is not None:
            return _assess_text(interviewed.understanding, output_format, number, journal, use, now)
        return services.assess_answers(
            interviewed.report, now=now, journal=journal, use_journal=use, emergency_number=number
        )
    report = _from_questionnaire_response(_read_report(input_path or "-"))
    return services.assess_report(report, now=now, journal=journal, use_journal=use, emergency_number=number)


def _assess_text(
    understanding: Understanding,
    output_format: OutputFormat,
    number: str | None,
    journal: Journal | None,
    use: bool,
    now: datetime,
) -> Check:
    from twitchcheck import services

    try:
        return services.assess_text(
            understanding, now=now, journal=journal, use_journal=use, emergency_number=number
        )
    except services.NotUnderstood as error:
        from twitchcheck.adapters.cli.understood import not_understood_message

        if output_format is OutputFormat.json:
            # A caller can ask for what is missing: what was understood goes to stdout all the same.
            typer.echo(
                json.dumps({"understood": error.understanding.to_json()}, indent=2, ensure_ascii=False)
            )
        raise CliError(not_understood_message(error.understanding)) from None


def _say_journal(check: Check, journal: Journal | None) -> None:
    """Say on stderr whether the person's journal took part, and how to leave it out or put it back."""
    if journal is None:
        return
    if check.used_journal:
        typer.echo(
            f"Using your journal ({check.journal_events} events) at {journal.location}; "
            "--no-journal leaves it out.",
            err=True,
        )
    elif check.journal_left_out:
        typer.echo(f"Left out your journal at {journal.location} (--no-journal).", err=True)


def _save(check: Check, journal: Journal | None, now: datetime, number: str | None) -> None:
    from twitchcheck import services

    if check.report is None:
        raise CliError("--save: this check has no twitch to save (where and how long were not given)")
    if journal is None:
        raise CliError("--save: no journal to save to")
    description = check.text.understanding.text if check.text is not None else None
    logged = services.save_check(
        journal, check.report, now=now, emergency_number=number, description=description
    )
    typer.echo(
        f"Saved to your journal: {logged.added.added} entr{'y' if logged.added.added == 1 else 'ies'}"
        f" ({journal.location}).",
        err=True,
    )


def _from_questionnaire_response(data: Any) -> Any:
    """A FHIR QuestionnaireResponse (detected by its resourceType) as the report it answers; else `data`."""
    from twitchcheck.adapters.fhir import is_questionnaire_response

    if not is_questionnaire_response(data):
        return data
    from twitchcheck.adapters.fhir import report_from_questionnaire_response
    from twitchcheck.knowledge import load_knowledge

    return report_from_questionnaire_response(data, load_knowledge())


def _read_text(source: str) -> str:
    """The description (the option's value, or stdin for '-'); refused if empty or too long, unparsed."""
    from twitchcheck.text.model import MAX_TEXT_CHARS

    if source == "-":
        if sys.stdin.isatty():
            typer.echo("Describe it in your own words (end with Ctrl-D)...", err=True)
        try:
            source = sys.stdin.read(MAX_TEXT_CHARS + 1)
        except UnicodeDecodeError as error:
            raise CliError(f"stdin: not UTF-8 text: {error}") from None
    if len(source) > MAX_TEXT_CHARS:
        raise CliError(f"the description is longer than the limit of {MAX_TEXT_CHARS:,} characters")
    if not source.strip():
        raise CliError("no text: describe where it twitches, since when, and anything else you notice")
    return source


def _journal(wanted: bool | None, db: str | None, save: bool) -> Journal | None:
    """The person's journal when there is one (at --db, $TWITCHCHECK_DB or the default place), or None.

    It is opened even with --no-journal, so the result can say it was left out; --save makes one if needed.
    None yet is no warning, unless --journal asked for one.
    """
    from twitchcheck.adapters.storage.location import may_exist

    if not save and wanted is not True and not may_exist(db):  # none yet: nothing to use or warn about
        return None
    if wanted is False and not save:
        return None
    from twitchcheck.adapters.storage.journal import Journal, JournalError

    try:
        return Journal.open(db, create=save)
    except JournalError as error:
        if save:
            raise
        # The assessment goes on without it: a journal problem must never hold back advice.
        typer.echo(f"twitchcheck: warning: not using the journal: {error}", err=True)
        return None


def _now(as_of: str | None) -> datetime:
    """Now, or the moment `--as-of` names (local time), as an aware datetime in this machine's zone."""
    from datetime import datetime

    zone = datetime.now().astimezone().tzinfo  # this machine's zone, as journal.events.local_zone gives it
    assert zone is not None
    now = datetime.now(zone)
    if as_of is None:
        return now
    from twitchcheck.adapters.cli.journal import moment_option

    return moment_option(as_of, now, zone, "--as-of")[1].astimezone(zone)


def _read_report(source: str) -> Any:
    """The JSON value in a file, or on stdin for '-'."""
    if source == "-":
        name = "stdin"
        if sys.stdin.isatty():
            typer.echo("Reading a JSON report from stdin (end it with Ctrl-D)...", err=True)
        try:
            text = sys.stdin.read(MAX_INPUT_CHARS + 1)  # bounded: the size check below reports the rest
        except UnicodeDecodeError as error:
            raise CliError(f"stdin: not UTF-8 text: {error}") from None
    else:
        name = source
        try:
            path = Path(source)
            if path.is_file() and path.stat().st_size > 4 * MAX_INPUT_CHARS:  # UTF-8: up to 4 bytes a char
                raise CliError(
                    f"{source}: larger than {MAX_INPUT_CHARS:,} characters; a report is much smaller"
                )
            with path.open(encoding="utf-8") as handle:
                text = handle.read(MAX_INPUT_CHARS + 1)
        except FileNotFoundError:
            raise CliError(f"{source}: no such file") from None
        except IsADirectoryError:
            raise CliError(f"{source}: is a directory, not a report file") from None
        except (OSError, UnicodeDecodeError) as error:
            raise CliError(f"{source}: cannot read the report: {error}") from None
    if not text.strip():
        raise CliError(f"{name}: empty; expected a report as JSON (twitchcheck/report/1)")
    try:
        return loads(text)
    except JsonInputError as error:
        raise CliError(f"{name}: {error}") from None


def _interview(*, describe: bool, now: datetime) -> Interviewed:
    """The answers to the knowledge base's questions, asked on the terminal.

    With `describe` (a terminal), it starts from a description in the person's own words and asks only what
    that left missing (and confirms what it said with doubt).
    """
    from twitchcheck.adapters.cli.interview import interview_check, read_stdin_line
    from twitchcheck.engine.answers import shows_emergency
    from twitchcheck.knowledge import load_knowledge

    kb = load_knowledge()

    def is_emergency(report: dict[str, Any]) -> bool:
        return shows_emergency(kb, report)

    return interview_check(
        kb,
        console=_console(stderr=True),
        read_line=read_stdin_line,
        is_emergency=is_emergency,
        describe=describe,
        now=now,
    )


def _print_card(assessment: Assessment) -> None:
    from twitchcheck.adapters.cli.render import print_assessment

    print_assessment(assessment, _console())


# kb


@kb_app.callback()
def kb_root() -> None:
    """Inspect and validate the knowledge base: causes, red flags, advice, questions and their sources.

    \b
    Examples:
      twitchcheck kb check
      twitchcheck kb list --kind red_flag
      twitchcheck kb show hyponatremia
    """


@kb_app.command("check")
def kb_check(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Option(
            "--path",
            "-p",
            exists=True,
            file_okay=False,
            dir_okay=True,
            show_default=False,
            help="A knowledge-base folder to check instead of the packaged one. Example: --path ./my-kb",
        ),
    ] = None,
) -> None:
    """Validate every entry and run its must-fire and must-not-fire cases; print each problem as file:line.

    Exit status: 0 when all is well, 1 when there are problems.

    \b
    Examples:
      twitchcheck kb check
      twitchcheck kb check --path src/twitchcheck/knowledge/data
    """
    with _guard(ctx):
        from twitchcheck.adapters.cli.kb import counts_line, problem_line
        from twitchcheck.knowledge import DATA_DIR, load_knowledge
        from twitchcheck.services.knowledge import check_knowledge

        root = path if path is not None else DATA_DIR
        problems = check_knowledge(root)
        for problem in problems:
            typer.echo(problem_line(problem, root))
        if problems:
            typer.echo(f"{counted(len(problems), 'problem')} in the knowledge base at {root}", err=True)
            raise typer.Exit(EXIT_PROBLEMS)
        typer.echo(counts_line(load_knowledge(root), root))


@kb_app.command("list")
def kb_list(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            show_default=False,
            help="Only entries of this kind: red_flag, cause, advice, concept, stretch, level or question. "
            "Example: --kind cause",
        ),
    ] = None,
) -> None:
    """List the entries of the knowledge base: kind, id, status and title.

    \b
    Examples:
      twitchcheck kb list
      twitchcheck kb list --kind red_flag
    """
    with _guard(ctx):
        from twitchcheck.adapters.cli.kb import entry_kind_of, print_entry_table

        kb = _knowledge()
        wanted = entry_kind_of(kind) if kind is not None else None
        if kind is not None and wanted is None:
            kinds = "red_flag, cause, advice, concept, stretch, level, question"
            raise CliError(f"unknown kind {kind!r}; choose one of {kinds}")
        print_entry_table(kb, wanted, _console())


@kb_app.command("show")
def kb_show(
    ctx: typer.Context,
    entry_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            show_default=False,
            help="The id of an entry, like 'dehydration' or 'symptoms.dark_urine'. Example: hyponatremia",
        ),
    ],
) -> None:
    """Show every entry with this id: its text, conditions, grade, references with source titles and cases.

    Exit status 2 for an unknown id.

    \b
    Examples:
      twitchcheck kb show hyponatremia
      twitchcheck kb show hydrate
      twitchcheck kb show symptoms.dark_urine
    """
    with _guard(ctx):
        from twitchcheck.adapters.cli.kb import print_entries, suggestions

        kb = _knowledge()
        entries = kb.find(entry_id)
        if not entries:
            close = suggestions(kb, entry_id)
            hint = (
                f"; did you mean {' or '.join(close)}?" if close else "; `twitchcheck kb list` shows every id"
            )
            raise CliError(f"no knowledge entry with id {entry_id!r}{hint}")
        print_entries(kb, entries, _console())


def _knowledge() -> KnowledgeBase:
    from twitchcheck.knowledge import load_knowledge

    return load_knowledge()


# the journal (registered last, so that `twitchcheck --help` lists check first)

from twitchcheck.adapters.cli.journal import journal_app, log_app  # noqa: E402

app.add_typer(log_app, name="log")
app.add_typer(journal_app, name="journal")

from twitchcheck.adapters.cli.status import status, triggers  # noqa: E402

app.command()(status)
app.command()(triggers)

from twitchcheck.adapters.cli.watch import alerts, watch  # noqa: E402

app.command()(alerts)
app.command()(watch)

from twitchcheck.adapters.cli.fhir import export, fhir_app  # noqa: E402

app.add_typer(fhir_app, name="fhir")
app.command()(export)

from twitchcheck.adapters.cli.serve import serve  # noqa: E402

app.command()(serve)

from twitchcheck.adapters.cli.report import report  # noqa: E402

app.command()(report)

from twitchcheck.adapters.cli.admin import admin_app  # noqa: E402

app.add_typer(admin_app, name="admin")
