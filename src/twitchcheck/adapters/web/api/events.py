"""The journal's events: log (one or many), list, export, import, get, replace, delete, undo. Logging and
importing answer with the journal's status when it needs attention."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Annotated, Any

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from twitchcheck import services
from twitchcheck.adapters.imports import import_bytes
from twitchcheck.adapters.web.api.common import json_body, v1
from twitchcheck.adapters.web.deps import (
    JournalDep,
    NowDep,
    Seq,
    SettingsDep,
)
from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.jsonin import MAX_INPUT_CHARS
from twitchcheck.core.vocabulary import EventType, Level
from twitchcheck.journal.events import FIRST_YEAR, LAST_YEAR


class StoredEvent(BaseModel):
    seq: int = Field(description="The event's number in your journal (for GET/PUT/DELETE /events/{seq}).")
    event: dict[str, Any] = Field(description="The event (journal-event contract).")


class StatusNow(BaseModel):
    """The journal's status right after a change, when it needs attention (above self care)."""

    level: Level
    headline: str
    red_flags: list[dict[str, Any]] = Field(description="Each red flag's id, title, level and what to do.")
    warnings: list[dict[str, Any]]


class AddResult(BaseModel):
    read: int
    added: int
    already_there: int = Field(description="Events the journal already held (same id or same content).")
    seqs: list[int] = Field(description="The numbers of the events added.")
    status: StatusNow | None = Field(
        default=None,
        description="What the journal shows now, when it needs attention (a warning sign logged is assessed "
        "at once: an emergency after dark urine); null otherwise. GET /status has all of it.",
    )


def status_now(found: services.Status | None) -> StatusNow | None:
    """The part of a status a logging answer carries."""
    if found is None or found.assessment is None:
        return None
    keys = ("id", "title", "level", "what_to_do")
    contract = found.assessment.to_contract()
    return StatusNow(
        level=found.assessment.level,
        headline=found.assessment.triage.headline,
        red_flags=[{key: flag[key] for key in keys} for flag in contract["red_flags"]],
        warnings=[{key: flag[key] for key in keys} for flag in contract["warnings"]],
    )


class OperationOut(BaseModel):
    seq: int
    kind: str
    summary: str
    created_at: datetime


class UndoResult(BaseModel):
    undone: OperationOut | None = Field(description="The change taken back; null when there was none.")


def _parse_events(body: object) -> list[Any]:
    from twitchcheck.journal.events import parse_event

    items = body if isinstance(body, list) else [body]
    if not items:
        raise InputError([FieldProblem("body", "give one event or a list of events")], "request")
    events, problems = [], []
    for index, item in enumerate(items):
        where = f"body[{index}]" if isinstance(body, list) else "body"
        try:
            events.append(parse_event(item))
        except InputError as error:
            problems += input_problems(error, where)
    if problems:
        raise Problem(422, "the events are not valid: nothing was added", errors=problems)
    return events


def _added(result: Any, found: services.Status | None = None) -> AddResult:
    return AddResult(
        read=result.read,
        added=result.added,
        already_there=result.already_there,
        seqs=list(result.seqs),
        status=status_now(found),
    )


Confirm = Annotated[
    bool,
    Query(
        description="Keep strength tests and circumferences outside their usual range, which are otherwise "
        "refused (422, naming the field and the range) as likely typos."
    ),
]


def _plausible_problem(error: InputError, where: str, what: str) -> Problem:
    """A 422 for events refused at entry, saying how to confirm an implausible value."""
    from twitchcheck.journal.plausible import CONFIRM_HINT

    how = "If it is right, send it again with confirm=true"
    problems = [
        FieldProblem(p.field, p.message.replace(CONFIRM_HINT, how)) for p in input_problems(error, where)
    ]
    return Problem(422, what, errors=problems)


@v1.post(
    "/events",
    tags=["journal"],
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/EventOrEvents"}}},
        }
    },
)
async def add_events(
    request: Request, journal: JournalDep, now: NowDep, settings: SettingsDep, confirm: Confirm = False
) -> AddResult:
    """Log one event or a list of events (journal-event contract), all or none; the answer carries what the
    journal shows now when that needs attention (`status`)."""
    body = await json_body(request)
    events = _parse_events(body)
    labels = [f"body[{index}]" for index in range(len(events))] if isinstance(body, list) else None
    try:
        logged = services.log_events(
            journal,
            events,
            now=now,
            labels=labels,
            confirmed=confirm,
            emergency_number=settings.emergency_number,
        )
        return _added(logged.added, logged.consequence)
    except InputError as error:
        where = "" if labels else "body"
        raise _plausible_problem(error, where, "the events are not valid: nothing was added") from None


def _since_until(value: datetime | None, journal: Any, name: str) -> datetime | None:
    """The bound as an aware moment (a local time is in the journal's time zone); 422 naming `query.<name>`
    outside the years a journal holds, where turning it into UTC would overflow."""
    if value is None:
        return None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        message = f"the year must be between {FIRST_YEAR} and {LAST_YEAR}"
        raise Problem(
            422, "the request is not valid: see errors", errors=[FieldProblem(f"query.{name}", message)]
        )
    return value if value.tzinfo is not None else value.replace(tzinfo=journal.zone)


@v1.get("/events", tags=["journal"])
def list_events(
    journal: JournalDep,
    type: Annotated[  # the query parameter's name in the API
        list[EventType] | None, Query(description="Only these types (repeat).")
    ] = None,
    since: Annotated[
        datetime | None, Query(description="From this moment (a local time: the journal's zone).")
    ] = None,
    until: Annotated[datetime | None, Query(description="Up to this moment.")] = None,
    limit: Annotated[int | None, Query(ge=1, le=100_000, description="Only the newest n.")] = None,
) -> list[StoredEvent]:
    """Your events in time order, with their numbers."""
    entries = journal.entries(
        types=list(type) if type else None,
        since=_since_until(since, journal, "since"),
        until=_since_until(until, journal, "until"),
        last=limit,
    )
    return [StoredEvent(seq=entry.seq, event=entry.event.to_contract()) for entry in entries]


def _not_found(seq: int) -> Problem:
    return Problem(404, f"there is no event #{seq} in your journal")


@v1.get(
    "/events/export",
    tags=["journal"],
    response_class=Response,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_events(journal: JournalDep) -> Response:
    """Your whole journal as JSON Lines (the journal-event contract), oldest first."""
    out = io.StringIO()
    journal.export(out)
    return Response(
        out.getvalue(),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="journal.jsonl"'},
    )


class TypeCountsOut(BaseModel):
    read: int
    added: int
    already_there: int
    merged: int = Field(description="Records folded into another: the same workout from another source.")
    skipped: int = Field(description="Left out: by `only`, `since`, or a night still in progress.")


class ImportResultOut(AddResult):
    format: str = Field(description="What the file was found to be: jsonl, apple_health, strava, garmin, ...")
    by_type: dict[str, TypeCountsOut] = Field(default_factory=dict, description="An export's counts by type.")


JSONL_TYPES = {"application/x-ndjson", "application/jsonl", "application/json-lines", "text/plain"}
EXPORT_TYPES = {
    "application/zip",
    "application/x-zip-compressed",
    "application/xml",
    "text/xml",
    "application/gzip",
    "application/x-gzip",
    "application/octet-stream",
    "text/csv",
    "application/vnd.ant.fit",
    "application/gpx+xml",
    "application/vnd.garmin.tcx+xml",
}


@v1.post(
    "/events/import",
    tags=["journal"],
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-ndjson": {"schema": {"type": "string"}},
                "application/zip": {"schema": {"type": "string", "format": "binary"}},
                "application/xml": {"schema": {"type": "string", "format": "binary"}},
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
            },
        }
    },
)
async def import_events(
    request: Request,
    journal: JournalDep,
    now: NowDep,
    settings: SettingsDep,
    only: Annotated[
        str | None,
        Query(
            max_length=100, description="From an export, only these: workouts,fluid,caffeine,body_mass,sleep."
        ),
    ] = None,
    since: Annotated[
        str | None, Query(max_length=40, description="From an export, only what began from then on.")
    ] = None,
    filename: Annotated[
        str | None, Query(max_length=200, description="The file's name, for the notes.")
    ] = None,
    confirm: Confirm = False,
) -> ImportResultOut:
    """Import a JSON Lines journal file, or an export (Apple Health, Strava, Garmin Connect, Google Takeout)
    or workout file (FIT, GPX, TCX, Strava's activities.csv) as its bytes: all of it, or (errors naming each
    problem by file, place and field) nothing. The kind is found from the content. The server's body limit
    (TWITCHCHECK_MAX_BODY_BYTES) applies."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in JSONL_TYPES | EXPORT_TYPES:
        raise Problem(
            415,
            "send a journal as application/x-ndjson (JSON Lines), an export as application/zip or "
            "application/xml, a workout file as application/octet-stream",
        )
    raw = await request.body()
    if not raw.strip():
        raise Problem(422, "the file is empty", errors=[FieldProblem("body", "no events")])
    if content_type in JSONL_TYPES:
        try:
            body = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise Problem(
                422, "the file is not UTF-8", errors=[FieldProblem("body", "not UTF-8 text")]
            ) from None
        if len(body) > 50 * MAX_INPUT_CHARS:
            raise Problem(413, "the file is too large")
        result = journal.import_jsonl(body.splitlines(), source="upload", confirmed=confirm)
        found = services.consequence(journal, (), now, emergency_number=settings.emergency_number)
        return ImportResultOut(**_added(result, found).model_dump(), format="jsonl")
    summary = await run_in_threadpool(
        import_bytes, journal, raw, filename or "upload", only=only, since=since
    )
    found = await run_in_threadpool(
        services.consequence, journal, (), now, None, emergency_number=settings.emergency_number
    )
    by_type = {
        kind: TypeCountsOut(
            read=c.read,
            added=c.added,
            already_there=c.already_there,
            merged=c.merged,
            skipped=sum(c.skipped.values()),
        )
        for kind, c in summary.counts.items()
    }
    return ImportResultOut(
        read=sum(c.read for c in summary.counts.values()),
        added=summary.added,
        already_there=sum(c.already_there for c in summary.counts.values()),
        seqs=list(summary.seqs),
        status=status_now(found),
        format=summary.format,
        by_type=by_type,
    )


@v1.get("/events/{seq}", tags=["journal"], responses={404: {"model": ProblemDetails}})
def get_event(seq: Seq, journal: JournalDep) -> StoredEvent:
    """One of your events."""
    try:
        stored = journal.get(seq)
    except InputError:
        raise _not_found(seq) from None
    return StoredEvent(seq=stored.seq, event=stored.event.to_contract())


@v1.put(
    "/events/{seq}",
    tags=["journal"],
    responses={404: {"model": ProblemDetails}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Event"}}},
        }
    },
)
async def replace_event(
    seq: Seq,
    request: Request,
    journal: JournalDep,
    now: NowDep,
    settings: SettingsDep,
    confirm: Confirm = False,
) -> StoredEvent:
    """Replace one of your events (the type cannot change); `undo` brings the old one back."""
    body = await json_body(request)
    try:
        before = journal.get(seq).event.to_contract()
    except InputError:
        raise _not_found(seq) from None
    if not isinstance(body, dict):
        raise Problem(422, "give the event as a JSON object", errors=[FieldProblem("body", "not an object")])
    changes: dict[str, Any] = dict.fromkeys(before)
    changes.update(body)
    try:
        stored = journal.edit(seq, changes, confirmed=confirm)
    except InputError as error:
        raise _plausible_problem(error, "body", "the event is not valid: nothing was changed") from None
    services.refresh_status(journal, now, emergency_number=settings.emergency_number)
    return StoredEvent(seq=stored.seq, event=stored.event.to_contract())


@v1.delete("/events/{seq}", tags=["journal"], status_code=204, responses={404: {"model": ProblemDetails}})
def delete_event(seq: Seq, journal: JournalDep, now: NowDep, settings: SettingsDep) -> Response:
    """Delete one of your events (`undo` brings it back)."""
    try:
        journal.delete([seq])
    except InputError:
        raise _not_found(seq) from None
    services.refresh_status(journal, now, emergency_number=settings.emergency_number)
    return Response(status_code=204)


@v1.post("/undo", tags=["journal"])
def undo(journal: JournalDep, now: NowDep, settings: SettingsDep) -> UndoResult:
    """Take back your latest change (log, import, edit or delete)."""
    operation = journal.undo()
    if operation is None:
        return UndoResult(undone=None)
    services.refresh_status(journal, now, emergency_number=settings.emergency_number)
    return UndoResult(
        undone=OperationOut(
            seq=operation.seq, kind=operation.kind, summary=operation.summary, created_at=operation.created_at
        )
    )
