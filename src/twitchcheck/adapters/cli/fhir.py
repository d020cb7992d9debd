"""`twitchcheck fhir questionnaire` and `twitchcheck export --fhir`: thin shells over `adapters.fhir`."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

import typer

from twitchcheck.adapters.cli.common import guard
from twitchcheck.adapters.cli.errors import CliError
from twitchcheck.adapters.cli.journal import Db
from twitchcheck.adapters.cli.status import AsOf, _moment

fhir_app = typer.Typer(no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})

Out = Annotated[
    Path | None,
    typer.Option(
        "--out",
        "-o",
        metavar="FILE",
        show_default=False,
        help="Write the JSON to FILE (replaced whole, never half-written) instead of printing it. "
        "Example: --out twitchcheck.json",
    ),
]


def write_json(data: Any, out: Path | None) -> None:
    """Print `data` as JSON, or write it to `out` atomically (a temporary file renamed over it)."""
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if out is None:
        typer.echo(text, nl=False)
        return
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise CliError(f"--out {out}: no such folder {folder}")
    if out.is_dir():
        raise CliError(f"--out {out}: is a folder; give a file name")
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    typer.echo(f"Wrote {out}", err=True)


@fhir_app.callback()
def fhir_root() -> None:
    """FHIR R4 resources: the check as a Questionnaire (answers to it work with `check --input`).

    \b
    Example:
      twitchcheck fhir questionnaire --out twitchcheck-questionnaire.json
    """


@fhir_app.command("questionnaire")
def fhir_questionnaire(ctx: typer.Context, out: Out = None) -> None:
    """The check's questions as a FHIR R4 Questionnaire (JSON), with skip logic as enableWhen.

    Fill it in with any FHIR forms client (LHC-Forms, for one); `twitchcheck check --input` takes the
    QuestionnaireResponse as it takes a report.

    \b
    Examples:
      twitchcheck fhir questionnaire
      twitchcheck fhir questionnaire --out twitchcheck-questionnaire.json
    """
    with guard(ctx):
        from twitchcheck.adapters.fhir import questionnaire
        from twitchcheck.knowledge import load_knowledge

        write_json(_json(questionnaire(load_knowledge())), out)


def export(
    ctx: typer.Context,
    fhir: Annotated[
        bool,
        typer.Option(
            "--fhir",
            help="Export as a FHIR R4 Bundle (the only format so far, and required). Example: --fhir",
        ),
    ] = False,
    out: Out = None,
    as_of: AsOf = "now",
    db: Db = None,
) -> None:
    """Export your journal for a doctor's system: a FHIR R4 Bundle (JSON).

    The Bundle holds your measurements and findings as coded Observations, the answers of your latest check
    as a QuestionnaireResponse, the triage level and red flags as a RiskAssessment and the plan as a
    CarePlan. The same journal exported as of the same moment gives the same file.

    \b
    Examples:
      twitchcheck export --fhir
      twitchcheck export --fhir --out twitchcheck-bundle.json --as-of 2026-11-01
    """
    with guard(ctx):
        if not fhir:
            raise CliError("give the format: --fhir (a FHIR R4 Bundle) is the one export there is")
        from twitchcheck.adapters.fhir import export_bundle
        from twitchcheck.adapters.storage.journal import Journal
        from twitchcheck.knowledge import load_knowledge

        with Journal.open(db, create=False) as journal:
            now = _moment(as_of, journal.zone)
            bundle = export_bundle(journal.history(until=now), now=now, knowledge=load_knowledge())
        write_json(_json(bundle), out)


def _json(resource: Any) -> Any:
    """A fhir.resources model as plain JSON (what it validated, as FHIR writes it)."""
    return json.loads(resource.model_dump_json(exclude_none=True))
