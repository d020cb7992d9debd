"""The journal pages: quick forms to log each kind of event, the timeline (edit, delete, undo) and the status.

The forms post plain fields named like the event contract's; the event model checks them, so an error names
the field and nothing is written until the whole event is valid. After a change the page redirects back
(POST/redirect/GET), so reloading never logs twice.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from twitchcheck import services
from twitchcheck.adapters.charts import CHARTS, twitch_calendar
from twitchcheck.adapters.clinical import NothingToReport, report_download
from twitchcheck.adapters.imports import import_bytes
from twitchcheck.adapters.storage.journal import Journal, Stored
from twitchcheck.adapters.web.deps import KnowledgeDep, NowDep, PageJournalDep, Seq, SettingsDep, verify_csrf
from twitchcheck.adapters.web.pages._chart_cache import STATUS_CHARTS, ChartKey
from twitchcheck.adapters.web.pages._render import ChromeDep, render, render_page_error
from twitchcheck.adapters.web.pages.check import card_context, remembered_number
from twitchcheck.adapters.web.problems import Problem
from twitchcheck.core.assessment import Assessment
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.limits import EMERGENCY_NUMBER_HINT, check_emergency_number
from twitchcheck.core.vocabulary import (
    EVENT_TYPES,
    FREQUENCIES,
    LIMB_SIDES,
    MEDICINE_KINDS,
    SIDES,
    SITES,
    STRENGTH_TESTS,
    SYMPTOMS,
    WORKOUT_KINDS,
)
from twitchcheck.journal.events import Event, parse_event, resolve_at
from twitchcheck.journal.words import event_words
from twitchcheck.services.entries import read_amount, read_caffeine_mg, read_when
from twitchcheck.services.watch import StoredStatus

router = APIRouter()
_log = logging.getLogger(__name__)

PAGE_SIZE = 20
CHART_DAYS = 56
"""The status page charts the last eight weeks."""

Kind = Literal["number", "amount", "text", "bool", "choice", "regions", "confirm"]
"""`amount`: a number with a unit as the CLI takes it ("16 oz", "154 lb", "2 espressos"); a bare number is in
the field's own unit."""


@dataclass(frozen=True, slots=True)
class Field:
    """One input of a quick form: the event field it fills, its label and kind."""

    name: str
    label: str
    kind: Kind
    required: bool = False
    choices: tuple[str, ...] = ()
    unit: str | None = None


_SIDES = SIDES
_CONFIRM_LABEL = "The value is right, even though it is unusual"
"""A value outside its plausible range is refused as a likely typo unless this box is ticked."""
FORMS: dict[str, tuple[str, tuple[Field, ...]]] = {
    "twitch": (
        "Twitch",
        (
            Field("regions", "Where", "regions", required=True),
            Field("side", "Side", "choice", choices=_SIDES),
            Field("frequency", "How often", "choice", choices=FREQUENCIES),
            Field("painful_cramps", "Painful cramps", "bool"),
            Field("severity", "How much (0 none to 5 constant)", "number"),
        ),
    ),
    "workout": (
        "Workout",
        (
            Field("duration_min", "Duration", "number", required=True, unit="min"),
            Field("rpe", "Effort (RPE 0 to 10)", "number"),
            Field("kind", "Kind", "choice", choices=WORKOUT_KINDS),
            Field("worked_regions", "Muscles worked", "regions"),
            Field("hot_environment", "Hot environment", "bool"),
            Field("distance_km", "Distance", "number", unit="km"),
        ),
    ),
    "fluid": (
        "Drink",
        (
            Field("ml", "Amount (500 ml, 1.5 L, 16 oz)", "amount", required=True, unit="ml"),
            Field("electrolytes", "With electrolytes", "bool"),
        ),
    ),
    "caffeine": (
        "Caffeine",
        (
            Field(
                "mg", "Caffeine (200 mg, or what you had: 2 espressos)", "amount", required=True, unit="mg"
            ),
            Field("source", "Source", "text"),
        ),
    ),
    "symptom": (
        "Symptom",
        (
            Field("symptom", "Symptom", "choice", required=True, choices=SYMPTOMS),
            Field("present", "Present", "bool", required=True),
        ),
    ),
    "strength_test": (
        "Strength test",
        (
            Field("test", "Test", "choice", required=True, choices=STRENGTH_TESTS),
            Field("side", "Side", "choice", choices=_SIDES),
            Field("value", "Result (kg or count)", "number", required=True),
            Field("confirm", _CONFIRM_LABEL, "confirm"),
        ),
    ),
    "circumference": (
        "Circumference",
        (
            Field("site", "Site", "choice", required=True, choices=SITES),
            Field("side", "Side", "choice", required=True, choices=LIMB_SIDES),
            Field("cm", "Circumference (36.5 cm, 14 in)", "amount", required=True, unit="cm"),
            Field("confirm", _CONFIRM_LABEL, "confirm"),
        ),
    ),
    "sleep": ("Sleep", (Field("hours", "Hours slept", "number", required=True, unit="h"),)),
    "body_mass": (
        "Weight",
        (Field("kg", "Body mass (70.5 kg, 154 lb)", "amount", required=True, unit="kg"),),
    ),
    "stress": ("Stress", (Field("level", "Stress (0 none to 5 extreme)", "number", required=True),)),
    "medicine": (
        "Medicine or supplement",
        (
            Field("name", "Name", "text", required=True),
            Field("kind", "Kind", "choice", choices=MEDICINE_KINDS),
            Field("dose_mg", "Dose", "number", unit="mg"),
        ),
    ),
}
assert set(FORMS) == set(EVENT_TYPES), "every event type has a quick form"

WHEN_CHOICES: tuple[tuple[str, str], ...] = (
    ("now", "Now"),
    ("-30m", "30 minutes ago"),
    ("-1h", "1 hour ago"),
    ("-2h", "2 hours ago"),
    ("-4h", "4 hours ago"),
    ("today", "Today (no time)"),
    ("yesterday", "Yesterday (no time)"),
    ("custom", "At the time below (or -1d, -3h, yesterday)"),
)
_OFFSETS = {"now": 0, "-30m": 30, "-1h": 60, "-2h": 120, "-4h": 240}


def event_at(choice: str, custom: str, now: datetime, zone: tzinfo) -> str:
    """The contract `at` for a choice of when (like the CLI's --at); InputError naming `at` when it is bad."""
    local_now = now.astimezone(zone)
    if choice in _OFFSETS:
        moment = local_now - timedelta(minutes=_OFFSETS[choice])
        return moment.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    if choice == "today":
        return local_now.date().isoformat()
    if choice == "yesterday":
        return (local_now.date() - timedelta(days=1)).isoformat()
    if choice == "custom" and custom.strip():
        # A datetime-local value (local time, no offset), or what the CLI's --at takes (-1d, yesterday): the
        # event model checks it.
        return read_when(custom.strip(), now, zone)
    raise InputError([FieldProblem("at", "choose when, or give a date and time")], "event")


_CLIENT_ID = re.compile(r"[0-9a-fA-F-]{32,36}")


def client_event_id(client_id: str) -> str | None:
    """The event `id` for a form's `client_id` (a UUID the page or its script made), or None when it is
    not one. The same form sent twice has the same id, so the journal stores it once."""
    if not _CLIENT_ID.fullmatch(client_id):
        return None
    try:
        return f"web-{uuid.UUID(client_id)}"
    except ValueError:
        return None


def _one(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def event_data(kind: str, form: FormData) -> tuple[dict[str, Any], dict[str, str]]:
    """The event fields a quick form gives (blank ones left out), and per-field errors of conversion."""
    data: dict[str, Any] = {"type": kind}
    errors: dict[str, str] = {}
    for field in FORMS[kind][1]:
        if field.kind == "confirm":
            continue  # not an event field: `confirmed(form)`
        if field.kind == "regions":
            values = [v for v in form.getlist(field.name) if isinstance(v, str) and v]
            if values:
                data[field.name] = values
            elif field.required:
                errors[field.name] = "choose at least one"
            continue
        raw = _one(form, field.name)
        if not raw:
            if field.required:
                errors[field.name] = "this one is needed"
            continue
        if field.kind == "number":
            try:
                data[field.name] = float(raw.replace(",", "."))
            except ValueError:
                errors[field.name] = f"{raw!r} is not a number"
        elif field.kind == "amount":
            try:
                data[field.name] = (
                    read_caffeine_mg(raw)[0]
                    if field.unit == "mg"
                    else read_amount(raw, field.unit or "", field.name)
                )
            except InputError as error:
                errors[field.name] = error.problems[0].message
        elif field.kind == "bool":
            if raw not in ("yes", "no"):
                errors[field.name] = "answer yes or no"
            else:
                data[field.name] = raw == "yes"
        else:
            data[field.name] = raw
    note = _one(form, "note")
    if note:
        data["note"] = note
    return data, errors


def confirmed(form: FormData) -> bool:
    """Whether the person ticked 'the value is right' (keep a value outside its plausible range)."""
    return _one(form, "confirm") == "yes"


def _page_problems(error: InputError) -> dict[str, str]:
    """`_problems`, an implausible value's message saying how to confirm it on the page."""
    from twitchcheck.journal.plausible import CONFIRM_HINT

    how = "If it is right, tick the box below it and send again"
    return {name: text.replace(CONFIRM_HINT, how) for name, text in _problems(error).items()}


def form_values(event: Event) -> dict[str, Any]:
    """An event's fields as a quick form shows them."""
    values: dict[str, Any] = {}
    for key, value in event.to_contract().items():
        if isinstance(value, bool):
            values[key] = "yes" if value else "no"
        elif isinstance(value, list):
            values[key] = [str(item) for item in value]
        else:
            values[key] = str(value)
    return values


def describe(event: Event) -> str:
    """One line saying what an event records (the timeline's 'what'), in words (`journal.words`)."""
    return event_words(event)


def _problems(error: InputError) -> dict[str, str]:
    problems: dict[str, str] = {}
    for problem in error.problems:
        name = problem.field.split(".", 1)[0].split("[", 1)[0] or "event"
        problems.setdefault(name, problem.message)
    return problems


def _journal_page(
    request: Request,
    chrome: Any,
    journal: Journal,
    *,
    page: int = 1,
    open_form: str | None = None,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    message: str | None = None,
    status_code: int = 200,
    kb: Any = None,
    consequence: services.Status | None = None,
    number: str | None = None,
) -> HTMLResponse:
    total = journal.count()
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    newest = list(reversed(journal.entries(last=page * PAGE_SIZE)))[(page - 1) * PAGE_SIZE :]
    pending = journal.pending_undo()
    regions = [(region, info.label) for region, info in kb.regions.items()] if kb is not None else []
    labels = {f.name: f.label for _, fields in FORMS.values() for f in fields} | {
        "at": "When",
        "file": "File",
        "client_id": "Entry id",
    }
    return render(
        request,
        chrome,
        "journal/index.html",
        {
            "forms": FORMS,
            "when_choices": WHEN_CHOICES,
            "regions": regions,
            "entries": [(stored, describe(stored.event)) for stored in newest],
            "page": page,
            "pages": pages,
            "total": total,
            "pending": pending,
            "open_form": open_form,
            "values": values or {},
            "errors": errors or {},
            "labels": labels,
            "message": message,
            "consequence": card_context(consequence.assessment, number)
            if consequence is not None and consequence.assessment is not None
            else None,
        },
        status_code=status_code,
    )


@router.get("/journal")
def journal_page(
    request: Request,
    chrome: ChromeDep,
    journal: PageJournalDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    page: int = 1,
    done: str | None = None,
    added: Annotated[int, Query(ge=0, le=10**9)] = 0,
    known: Annotated[int, Query(ge=0, le=10**9)] = 0,
    merged: Annotated[int, Query(ge=0, le=10**9)] = 0,
) -> HTMLResponse:
    """The quick forms, the import form and the timeline, newest first; after a change, what the journal
    shows now when that needs attention (an emergency after "dark urine: yes")."""
    messages = {"logged": "Logged.", "deleted": "Deleted.", "edited": "Saved.", "undone": "Undone."}
    if done == "imported":
        messages["imported"] = (
            f"Imported {added} new entr{'y' if added == 1 else 'ies'}; {known} already in your journal"
            + (f"; {merged} merged with the same thing from another source." if merged else ".")
        )
    number = remembered_number(request, settings)
    found = (
        services.consequence(journal, (), now, kb, emergency_number=number)
        if done in ("logged", "imported", "edited", "deleted", "undone")
        else None
    )
    return _journal_page(
        request, chrome, journal, page=page, message=messages.get(done or ""), kb=kb, consequence=found,
        number=number,
    )  # fmt: skip


@router.post("/journal/import", dependencies=[Depends(verify_csrf)])
async def import_file(
    request: Request, chrome: ChromeDep, journal: PageJournalDep, kb: KnowledgeDep
) -> Response:
    """Import an uploaded export or workout file (as `journal import`); on a problem, the page again with
    every problem named, and nothing written."""
    from starlette.concurrency import run_in_threadpool
    from starlette.datastructures import UploadFile

    form = await request.form()
    upload = form.get("file")
    only = ",".join(v for v in form.getlist("only") if isinstance(v, str)) or None
    since = _one(form, "since") or None
    errors: dict[str, str] = {}
    if not isinstance(upload, UploadFile) or not upload.filename:
        errors["file"] = "choose a file to import"
    else:
        data = await upload.read()
        if not data:
            errors["file"] = f"{upload.filename} is empty"
        else:
            try:
                summary = await run_in_threadpool(
                    import_bytes, journal, data, upload.filename, only=only, since=since
                )
            except InputError as error:
                shown = [f"{problem.field}: {problem.message}" for problem in error.problems[:5]]
                more = len(error.problems) - len(shown)
                errors["file"] = (
                    f"nothing was imported from {upload.filename}: "
                    + "; ".join(shown)
                    + (f"; and {more} more" if more > 0 else "")
                )
    if errors:
        return _journal_page(
            request, chrome, journal, open_form="import", errors=errors, status_code=422, kb=kb
        )
    counts = summary.counts.values()
    known = sum(c.already_there for c in counts)
    merged = sum(c.merged for c in counts)
    return RedirectResponse(
        f"/journal?done=imported&added={summary.added}&known={known}&merged={merged}", status_code=303
    )


@router.post("/journal/log/{kind}", dependencies=[Depends(verify_csrf)])
async def log_event(
    request: Request, kind: str, chrome: ChromeDep, journal: PageJournalDep, kb: KnowledgeDep, now: NowDep
) -> Response:
    """Log one event from its quick form; on a problem, the form again with the message by the field."""
    if kind not in FORMS:
        return _journal_page(
            request,
            chrome,
            journal,
            errors={"type": f"no such kind of entry: {kind}"},
            status_code=404,
            kb=kb,
        )
    form = await request.form()
    data, errors = event_data(kind, form)
    values: dict[str, Any] = {key: value for key, value in form.multi_items() if key != "csrf_token"}
    client_id = _one(form, "client_id")
    if client_id:
        event_id = client_event_id(client_id)
        if event_id is None:
            errors["client_id"] = "is not an id this page made: reload the page and log again"
        elif journal.resolve_keys([event_id]):
            # Sent again (a phone re-sending what it kept offline, or a dropped connection): stored once.
            return RedirectResponse("/journal?done=logged", status_code=303)
        else:
            data["id"] = event_id
    for field in FORMS[kind][1]:
        if field.kind == "regions":
            values[field.name] = [v for v in form.getlist(field.name) if isinstance(v, str)]
    try:
        data["at"] = event_at(_one(form, "when"), _one(form, "at"), now, journal.zone)
    except InputError as error:
        errors.update(_problems(error))
    event: Event | None = None
    if not errors:
        try:
            event = parse_event(data)
            if resolve_at(event.at, journal.zone) > now + timedelta(hours=1):
                errors["at"] = f"{event.at} is in the future; log what has happened"
        except InputError as error:
            errors.update(_problems(error))
    if errors or event is None:
        return _journal_page(
            request, chrome, journal, open_form=kind, values=values, errors=errors, status_code=422, kb=kb
        )
    try:
        services.log_events(
            journal,
            [event],
            now=now,
            knowledge=kb,
            summary=f"log {event_words(event)}",
            confirmed=confirmed(form),
        )
    except InputError as error:
        return _journal_page(
            request,
            chrome,
            journal,
            open_form=kind,
            values=values,
            errors=_page_problems(error),
            status_code=422,
            kb=kb,
        )
    return RedirectResponse("/journal?done=logged", status_code=303)


def _stored(journal: Journal, seq: int) -> Stored:
    """Entry `seq` of this journal; a page saying there is none (404) otherwise, whoever else has it."""
    try:
        return journal.get(seq)
    except InputError:
        raise Problem(404, f"there is no entry {seq} in your journal") from None


@router.post("/journal/{seq}/delete", dependencies=[Depends(verify_csrf)])
def delete_event(seq: Seq, journal: PageJournalDep) -> Response:
    """Delete one entry (undo brings it back)."""
    journal.delete([_stored(journal, seq).seq])
    return RedirectResponse("/journal?done=deleted", status_code=303)


@router.post("/journal/undo", dependencies=[Depends(verify_csrf)])
def undo(journal: PageJournalDep) -> Response:
    """Take back the latest change."""
    journal.undo()
    return RedirectResponse("/journal?done=undone", status_code=303)


@router.get("/journal/{seq}/edit")
def edit_page(
    request: Request, seq: Seq, chrome: ChromeDep, journal: PageJournalDep, kb: KnowledgeDep
) -> HTMLResponse:
    """One entry's form, filled in, to change it."""
    stored = _stored(journal, seq)
    return _edit_page(request, chrome, stored, form_values(stored.event), {}, kb)


def _edit_page(
    request: Request,
    chrome: Any,
    stored: Stored,
    values: dict[str, Any],
    errors: dict[str, str],
    kb: Any,
) -> HTMLResponse:
    kind = stored.event.type
    labels = {f.name: f.label for f in FORMS[kind][1]} | {"at": "When"}
    return render(
        request,
        chrome,
        "journal/edit.html",
        {
            "stored": stored,
            "kind": kind,
            "title": FORMS[kind][0],
            "fields": FORMS[kind][1],
            "regions": [(region, info.label) for region, info in kb.regions.items()],
            "values": values,
            "errors": errors,
            "labels": labels,
        },
        status_code=422 if errors else 200,
    )


@router.post("/journal/{seq}/edit", dependencies=[Depends(verify_csrf)])
async def edit_event(
    request: Request, seq: Seq, chrome: ChromeDep, journal: PageJournalDep, kb: KnowledgeDep
) -> Response:
    """Save the changed entry; the model checks it, and a problem shows the form again."""
    stored = _stored(journal, seq)
    kind = stored.event.type
    form = await request.form()
    data, errors = event_data(kind, form)
    at = _one(form, "at")
    if not at:
        errors["at"] = "this one is needed"
    values: dict[str, Any] = {key: value for key, value in form.multi_items() if key != "csrf_token"}
    for field in FORMS[kind][1]:
        if field.kind == "regions":
            values[field.name] = [v for v in form.getlist(field.name) if isinstance(v, str)]
    if not errors:
        changes: dict[str, Any] = {
            field.name: data.get(field.name) for field in FORMS[kind][1] if field.kind != "confirm"
        }
        changes["note"] = data.get("note")
        changes["at"] = at
        try:
            journal.edit(seq, changes, confirmed=confirmed(form))
        except InputError as error:
            errors.update(_page_problems(error))
    if errors:
        return _edit_page(request, chrome, stored, values, errors, kb)
    return RedirectResponse("/journal?done=edited", status_code=303)


@router.get("/status")
def status_page(
    request: Request,
    chrome: ChromeDep,
    journal: PageJournalDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
) -> HTMLResponse:
    """What the journal shows (as `twitchcheck status`): the assessment with its history, trends, charts.

    Served from the stored status while it is current, with the charts drawn for it kept in the process
    (`_chart_cache`): the journal's events are read only when the status or the charts must be made again."""
    try:
        number = check_emergency_number(
            request.query_params.get("emergency_number"), remembered_number(request, settings)
        )
    except InputError:  # never shown in the advice, nor echoed
        return render_page_error(request, 422, f"Emergency number: {EMERGENCY_NUMBER_HINT}.")
    current = services.current_status(journal, now, kb, emergency_number=number)
    charts = STATUS_CHARTS.get(_chart_key(journal, current.stored))
    if charts is None:
        # The charts need the analyses: computed now (once) and stored, for the other doors too.
        if current.computed is None:
            current = services.current_status(journal, now, kb, full=True, emergency_number=number)
        assert current.computed is not None  # computed, reading the journal once
        assert current.history is not None
        history = current.history.until(now)
        charts = status_charts(history, now, kb, current.computed.analyses) if len(history) else []
        STATUS_CHARTS.put(_chart_key(journal, current.stored), charts)
    stored = current.stored
    context: dict[str, Any] = {"events": stored.events, "as_of": stored.as_of.astimezone(journal.zone)}
    if current.computed is not None:
        assessment = current.computed.assessment
    else:
        assessment = Assessment.model_validate(stored.assessment) if stored.assessment is not None else None
    if assessment is not None:
        context |= card_context(assessment, number)
    else:
        context["a"] = None
    context["trends"] = stored.trends
    context["nothing"] = stored.nothing
    context["charts"] = charts
    return render(request, chrome, "journal/status.html", context)


def _chart_key(journal: Journal, stored: StoredStatus) -> ChartKey:
    return (journal.location, journal.name, stored.revision, stored.as_of)


@router.get("/journal/report")
def doctor_report_download(
    journal: PageJournalDep,
    kb: KnowledgeDep,
    now: NowDep,
    start: Annotated[str | None, Query(alias="from")] = None,
    end: Annotated[str | None, Query(alias="to")] = None,
    fmt: Annotated[Literal["pdf", "html"], Query(alias="format")] = "pdf",
) -> Response:
    """The doctor's report of this journal, to download (the status page's button).

    The form sends its optional dates even when left blank: blank is "not given" (the default window), and
    a date that is not one gets this page's own error, not the API's problem+json.
    """
    first, last = _form_date(start, "From"), _form_date(end, "To")
    try:
        download = report_download(journal, start=first, end=last, fmt=fmt, now=now, knowledge=kb)
    except NothingToReport as nothing:
        raise Problem(409, str(nothing)) from None
    except InputError as error:
        raise Problem(422, str(error)) from None
    headers = {"Content-Disposition": f'attachment; filename="{download.filename}"'}
    return Response(download.content, media_type=download.media_type, headers=headers)


def _form_date(value: str | None, label: str) -> date | None:
    """A date field of a form: None when blank; a 422 page naming the field when it is not a date."""
    if value is None or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise Problem(422, f"{label}: {value!r} is not a date; use the date picker or YYYY-MM-DD") from None


def status_charts(history: Any, now: datetime, kb: Any, found: Any) -> list[Any]:
    """The twitch calendar (`CALENDAR_WEEKS`), then the charts of the last CHART_DAYS days; a chart that
    fails to draw is left out (and logged), so that a drawing problem never hides the status itself."""
    end = now.astimezone(history.zone).date()
    start = end - timedelta(days=CHART_DAYS - 1)
    charts = []
    try:
        charts.append(twitch_calendar(history, end, now=now, knowledge=kb, analyses=found))
    except Exception:  # as below: the calendar is an extra
        _log.exception("the twitch calendar could not be drawn")
    for chart_id, make in CHARTS.items():
        try:
            charts.append(make(history, start, end, now=now, knowledge=kb, analyses=found))
        except Exception:  # a chart is an extra: the assessment above must still be shown
            _log.exception("chart %s could not be drawn", chart_id)
    return charts
