"""POST /api/v1/assessments: a report, a description or a FHIR QuestionnaireResponse, assessed with the
person's journal unless `journal=false`, and saved to the journal with `save=true`."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from twitchcheck import services
from twitchcheck.adapters.fhir import is_questionnaire_response, report_from_questionnaire_response
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.adapters.web.api.common import json_body, v1
from twitchcheck.adapters.web.deps import (
    EngineDep,
    NowDep,
    OptionalUser,
    SettingsDep,
    journal_of,
)
from twitchcheck.adapters.web.problems import Problem, input_problems
from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.limits import EMERGENCY_NUMBER_MAX, check_emergency_number
from twitchcheck.knowledge.loader import load_knowledge
from twitchcheck.services.entries import with_typed_durations
from twitchcheck.text.model import MAX_TEXT_CHARS


class FreeText(BaseModel):
    """A description in your own words, as `twitchcheck check --text` takes it."""

    text: str = Field(max_length=MAX_TEXT_CHARS, examples=["calves twitching since yesterday after leg day"])


def parse_assessment_request(body: object) -> dict[str, Any] | str:
    """What to assess: a report (the report contract, as a JSON object), free text (`{"text": ...}`), or a
    FHIR QuestionnaireResponse to the check's Questionnaire (`twitchcheck fhir questionnaire`).

    The one place that reads an assessment request's body. InputError names the field at fault, under
    `body` (a QuestionnaireResponse's items by their linkId path).
    """
    if not isinstance(body, dict):
        raise InputError(
            [FieldProblem("body", 'give a report (a JSON object) or {"text": "..."}')], "request"
        )
    if is_questionnaire_response(body):
        return report_from_questionnaire_response(body, load_knowledge())
    if "text" in body and "twitch" not in body:
        extra = sorted(set(body) - {"text"})
        if extra:
            raise InputError(
                [FieldProblem(f"body.{extra[0]}", 'free text goes alone: {"text": "..."}')], "request"
            )
        value = body["text"]
        if not isinstance(value, str):
            raise InputError([FieldProblem("body.text", "give the description as a string")], "request")
        if not value.strip():
            raise InputError(
                [
                    FieldProblem(
                        "body.text", "no text: describe where it twitches, since when, and anything else"
                    )
                ],
                "request",
            )
        if len(value) > MAX_TEXT_CHARS:
            raise InputError(
                [FieldProblem("body.text", f"longer than {MAX_TEXT_CHARS:,} characters")], "request"
            )
        return value
    return body


def _assess(
    body: object,
    now: datetime,
    number: str | None,
    journal: Journal | None,
    use_journal: bool,
    save: bool,
) -> tuple[str, bool]:
    """The assessment contract as JSON text, and whether the person's journal took part; through the service
    layer. A report's assessment is serialised by pydantic in one step (a third of the cost of building a dict
    and encoding it with `json`; bench/bench_web.py)."""
    request = parse_assessment_request(body)
    try:
        if isinstance(request, str):
            understood = services.read_text(request, now=now, journal=journal)
            check = services.assess_text(
                understood, now=now, journal=journal, use_journal=use_journal, emergency_number=number
            )
        else:
            # Durations as people type them ("4 days", "since Tuesday"), read as the questions read them.
            zone = journal.zone if journal is not None else None
            typed = with_typed_durations(request, load_knowledge(), now.astimezone(zone))
            check = services.assess_report(
                typed, now=now, journal=journal, use_journal=use_journal, emergency_number=number
            )
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "body")) from None
    if not save and check.text is None:
        return check.assessment.model_dump_json(by_alias=True), check.used_journal
    contract = check.to_contract()
    if save:
        contract["saved"] = _save(check, journal, now, number)
    return json.dumps(contract, ensure_ascii=False, separators=(",", ":")), check.used_journal


def _save(
    check: services.Check, journal: Journal | None, now: datetime, number: str | None
) -> dict[str, Any]:
    if journal is None:
        raise Problem(401, "sign in first to save a check to your journal: POST /api/v1/session")
    if check.report is None:
        problem = FieldProblem(
            "query.save", "this check has no twitch to save (where and how long are missing)"
        )
        raise Problem(422, "nothing to save", errors=[problem])
    description = check.text.understanding.text if check.text is not None else None
    logged = services.save_check(
        journal, check.report, now=now, emergency_number=number, description=description
    )
    return {"added": logged.added.added, "seqs": list(logged.added.seqs)}


@v1.post(
    "/assessments",
    tags=["assessments"],
    openapi_extra={
        "parameters": [
            {
                "name": "emergency_number",
                "in": "query",
                "required": False,
                "description": "The number to name in emergency advice (default: the server's).",
                "schema": {"type": "string", "maxLength": EMERGENCY_NUMBER_MAX},
            },
            {
                "name": "journal",
                "in": "query",
                "required": False,
                "description": "false leaves the signed-in person's journal out (by default it fills what "
                "the report leaves unknown and can only raise the level; the result's `history` says so).",
                "schema": {"type": "boolean", "default": True},
            },
            {
                "name": "save",
                "in": "query",
                "required": False,
                "description": "true saves the check to the signed-in person's journal (its twitch and "
                "symptoms, as entries); the result's `saved` gives their numbers.",
                "schema": {"type": "boolean", "default": False},
            },
        ],
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentRequest"}}},
        },
    },
    responses={
        200: {
            "description": "The assessment contract (twitchcheck/assessment/1); free text adds `understood`.",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AssessmentContract"}}},
        }
    },
)
async def create_assessment(
    request: Request, now: NowDep, settings: SettingsDep, user: OptionalUser, engine: EngineDep
) -> Response:
    """Assess a report (the report contract), a description in your own words, or a QuestionnaireResponse,
    with your journal (signed in, or the single-user journal) unless `journal=false`. Stored only with
    `save=true`."""
    query = request.query_params
    try:
        number = check_emergency_number(query.get("emergency_number"), settings.emergency_number)
    except InputError as error:
        raise Problem(
            422, "the request is not valid: see errors", errors=input_problems(error, "query")
        ) from None
    use_journal = _flag(query.get("journal"), "journal", default=True)
    save = _flag(query.get("save"), "save", default=False)
    body = await json_body(request)
    journal = journal_of(engine, user, settings) if user is not None else None
    result, used = await run_in_threadpool(_assess, body, now, number, journal, use_journal, save)
    headers = {"Twitchcheck-Journal": "used; journal=false leaves it out"} if used else {}
    return Response(result, media_type="application/json", headers=headers)


def _flag(value: str | None, name: str, *, default: bool) -> bool:
    if value is None or value == "":
        return default
    if value.lower() in ("true", "1", "yes"):
        return True
    if value.lower() in ("false", "0", "no"):
        return False
    raise Problem(
        422,
        "the request is not valid: see errors",
        errors=[FieldProblem(f"query.{name}", "give true or false")],
    )
