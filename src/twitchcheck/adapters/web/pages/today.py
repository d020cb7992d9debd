"""The "today" check-in: one screen to log the day (twitching and where, how much, stress, sleep, drinks,
medicines, a note), stored in one call to `services.log_events`, all or nothing.

The form carries a `checkin_id` (a UUID put in at render time) and the `day` it is about; each event's `id` is
`{checkin_id}-{part}` and its `at` is that day, so sending the same form again (offline, then back online)
stores nothing new and answers the same success.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.datastructures import FormData

from twitchcheck import services
from twitchcheck.adapters.web.deps import KnowledgeDep, NowDep, PageJournalDep, SettingsDep, verify_csrf
from twitchcheck.adapters.web.pages._render import ChromeDep, render
from twitchcheck.adapters.web.pages.check import card_context, remembered_number
from twitchcheck.core.errors import InputError
from twitchcheck.core.vocabulary import REGIONS
from twitchcheck.journal import words as journal_words
from twitchcheck.journal.events import Event, parse_event
from twitchcheck.journal.words import event_words
from twitchcheck.text.presets import checkin_presets

router = APIRouter()

SEVERITY_WORDS: tuple[str, ...] = tuple(f"{n}: {w}" for n, w in enumerate(journal_words.SEVERITY_WORDS))
STRESS_WORDS: tuple[str, ...] = tuple(f"{n}: {w}" for n, w in enumerate(journal_words.STRESS_WORDS))
"""The 0-5 scales as the form shows them: the journal's own words, so the form and what was logged agree."""
FRONT: tuple[str, ...] = (
    "face", "eyelid", "tongue", "neck", "shoulder", "chest", "biceps", "forearm", "hand",
    "abdomen", "hip", "quadriceps", "shin", "foot",
)  # fmt: skip
BACK: tuple[str, ...] = ("upper_back", "triceps", "lower_back", "glute", "hamstring", "calf")
assert set(FRONT) | set(BACK) == set(REGIONS), "every region is on the body map"
_CHECKIN_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
LABELS = {
    "twitching": "Twitching today",
    "regions": "Where",
    "severity": "How much",
    "stress": "Stress",
    "sleep": "Last night's sleep",
    "drinks": "Drinks and caffeine",
    "medicines": "Medicines and supplements",
    "other_medicine": "Other medicine or supplement",
    "note": "Note",
    "checkin": "Check-in",
    "day": "Day",
}


def _one(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""


def _many(form: FormData, name: str) -> list[str]:
    return [v for v in form.getlist(name) if isinstance(v, str) and v]


def _problems(error: InputError, part_of: dict[str, str]) -> dict[str, str]:
    """An InputError from the event model or the journal, each problem by the check-in's field."""
    problems: dict[str, str] = {}
    for problem in error.problems:
        head = problem.field.split(".", 1)[0].split("[", 1)[0]
        problems.setdefault(part_of.get(head, "checkin"), problem.message)
    return problems


def _scale(value: str, field: str, errors: dict[str, str]) -> int | None:
    """A step of a 0-5 scale, or None with the problem by its field."""
    if len(value) == 1 and value in "012345":
        return int(value)
    errors[field] = "choose one step of the scale, 0 to 5"
    return None


def checkin_events(form: FormData, day: date) -> tuple[list[Event], dict[str, str]]:
    """The day's events a check-in form gives, and the problems by field (nothing when one is bad)."""
    checkin_id = _one(form, "checkin_id").lower()
    errors: dict[str, str] = {}
    if not _CHECKIN_ID.fullmatch(checkin_id):
        errors["checkin"] = "this form is out of date; reload the page and fill it again"
    at = day.isoformat()
    raw: list[tuple[str, dict[str, Any]]] = []  # (field of the form, event data)
    twitching = _one(form, "twitching")
    regions = _many(form, "regions")
    severity = _one(form, "severity")
    if twitching not in ("", "yes", "no"):
        errors["twitching"] = "answer yes or no"
    elif twitching == "yes":
        if not regions:
            errors["regions"] = "choose at least one place, on the map or the list"
        twitch: dict[str, Any] = {"type": "twitch", "regions": regions}
        if severity:
            step = _scale(severity, "severity", errors)
            if step is not None:
                twitch["severity"] = step
        raw.append(("twitch", twitch))
    elif regions or severity:
        errors["twitching"] = "you chose where or how much: answer yes to log twitching"
    stress = _one(form, "stress")
    if stress:
        level = _scale(stress, "stress", errors)
        if level is not None:
            raw.append(("stress", {"type": "stress", "level": level}))
    sleep = _one(form, "sleep")
    if sleep:
        try:
            raw.append(("sleep", {"type": "sleep", "hours": float(sleep.replace(",", "."))}))
        except ValueError:
            errors["sleep"] = f"{sleep!r} is not a number of hours"
    presets = checkin_presets()
    drinks = {d.id: d for d in presets.drinks}
    for chosen in _many(form, "drinks"):
        drink = drinks.get(chosen)
        if drink is None:
            errors["drinks"] = f"{chosen!r} is not one of the drinks listed"
            continue
        fluid: dict[str, Any] = {"type": "fluid", "ml": drink.ml}
        if drink.electrolytes is not None:
            fluid["electrolytes"] = drink.electrolytes
        raw.append((f"fluid-{drink.id}", fluid))
        if drink.caffeine_mg is not None:
            caffeine = {"type": "caffeine", "mg": drink.caffeine_mg, "source": drink.id.replace("_", " ")}
            raw.append((f"caffeine-{drink.id}", caffeine))
    medicines = {m.id: m for m in presets.medicines}
    for chosen in _many(form, "medicines"):
        medicine = medicines.get(chosen)
        if medicine is None:
            errors["medicines"] = f"{chosen!r} is not one of the medicines listed"
            continue
        raw.append(
            (f"medicine-{medicine.id}", {"type": "medicine", "name": medicine.name, "kind": medicine.kind})
        )
    other = _one(form, "other_medicine")
    if other:
        raw.append(("medicine-other", {"type": "medicine", "name": other, "kind": "other"}))
    note = _one(form, "note")
    if note:
        # The note rides on the twitch when there is one; else it is its own note on the day's first entry.
        if raw:
            raw[0][1]["note"] = note
        else:
            errors["note"] = "a note goes with something logged: fill in at least one other field"
    if not raw and not errors:
        errors["twitching"] = "nothing to log yet: answer at least one question"
    field_of = {
        "twitch": {"regions": "regions", "severity": "severity"},
        "stress": {"level": "stress"},
        "sleep": {"hours": "sleep"},
        "fluid": {"ml": "drinks"},
        "caffeine": {"mg": "drinks"},
        "medicine": {"name": "other_medicine"},
    }
    events: list[Event] = []
    for part, data in raw:
        data["at"] = at
        data["id"] = f"{checkin_id}-{part}"
        kind = data["type"]
        try:
            events.append(parse_event(data))
        except InputError as error:
            fallback = {"twitch": "twitching", "stress": "stress", "sleep": "sleep"}.get(
                kind, "drinks" if kind in ("fluid", "caffeine") else "medicines"
            )
            mapping = {"note": "note"} | field_of.get(kind, {})
            for name, text in _problems(error, mapping).items():
                errors.setdefault(fallback if name == "checkin" else name, text)
    return (events if not errors else []), errors


def _page(
    request: Request,
    chrome: Any,
    kb: Any,
    day: date,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    logged: list[str] | None = None,
    consequence: dict[str, Any] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    values = values or {}
    checkin_id = values.get("checkin_id") or str(uuid.uuid4())
    return render(
        request,
        chrome,
        "journal/today.html",
        checkin_form_context(kb, checkin_id=checkin_id, day=day.isoformat(), values=values, errors=errors)
        | {"logged": logged, "consequence": consequence},
        status_code=status_code,
    )


def checkin_form_context(
    kb: Any,
    *,
    checkin_id: str,
    day: str,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
) -> dict[str, Any]:
    """What the check-in form (`journal/_checkin_form.html`) needs; the offline page passes "" for the id and
    the day (the phone fills them in) and no values: nothing in it is anyone's."""
    labels = {region: info.label for region, info in kb.regions.items()}
    presets = checkin_presets()
    return {
        "checkin_id": checkin_id,
        "day": day,
        "front": [(r, labels.get(r, r)) for r in FRONT],
        "back": [(r, labels.get(r, r)) for r in BACK],
        "severity_words": SEVERITY_WORDS,
        "stress_words": STRESS_WORDS,
        "drinks": presets.drinks,
        "medicines": presets.medicines,
        "sources": kb.sources,
        "values": values or {},
        "errors": errors or {},
        "labels": LABELS,
        "form_title_id": "page-title",
    }


def _today(now: datetime, zone: Any) -> date:
    return now.astimezone(zone).date()


@router.get("/today")
def today_page(
    request: Request,
    chrome: ChromeDep,
    journal: PageJournalDep,
    kb: KnowledgeDep,
    settings: SettingsDep,
    now: NowDep,
    logged: str | None = None,
) -> HTMLResponse:
    """The check-in form; after one (`?logged=<checkin_id>`), what it stored, in words, and the status."""
    day = _today(now, journal.zone)
    if logged is None or not _CHECKIN_ID.fullmatch(logged):
        return _page(request, chrome, kb, day)
    prefix = f"{logged}-"
    mine = [s.event for s in journal.entries(last=200) if (s.event.id or "").startswith(prefix)]
    number = remembered_number(request, settings)
    found = services.consequence(journal, (), now, kb, emergency_number=number)
    card = (
        card_context(found.assessment, number) if found is not None and found.assessment is not None else None
    )
    return _page(request, chrome, kb, day, logged=[event_words(e) for e in mine], consequence=card)


@router.post("/today", dependencies=[Depends(verify_csrf)])
async def log_today(
    request: Request, chrome: ChromeDep, journal: PageJournalDep, kb: KnowledgeDep, now: NowDep
) -> Response:
    """Store the day's check-in in one call (all or nothing); a problem shows the form again by the field."""
    form = await request.form()
    values: dict[str, Any] = {key: value for key, value in form.multi_items() if key != "csrf_token"}
    for name in ("regions", "drinks", "medicines"):
        values[name] = _many(form, name)
    today = _today(now, journal.zone)
    errors: dict[str, str] = {}
    day = today
    raw_day = _one(form, "day")
    if raw_day:
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            errors["day"] = f"{raw_day!r} is not a date"
        else:
            if day > today + timedelta(days=1):
                errors["day"] = f"{raw_day} is in the future; log what has happened"
    events, problems = checkin_events(form, day)
    errors |= problems
    if not errors:
        try:
            services.log_events(
                journal, events, now=now, knowledge=kb, summary=f"check-in for {day.isoformat()}"
            )
        except InputError as error:
            errors = {"checkin": "; ".join(p.message for p in error.problems[:3])}
    if errors:
        return _page(request, chrome, kb, today, values=values, errors=errors, status_code=422)
    return RedirectResponse(f"/today?logged={_one(form, 'checkin_id').lower()}", status_code=303)
