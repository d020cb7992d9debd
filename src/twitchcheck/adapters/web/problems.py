"""Errors as `application/problem+json` (RFC 9457): type, title, status, detail, and `errors` naming fields.

Every error the app can meet is turned into one of these, so a client never sees a traceback or an HTML
error page from the API: validation errors (422), the library's InputError (422) and JournalError (409),
HTTP errors (401, 403, 404, 405, 409, 413, 415, 429 with Retry-After), and anything unexpected (500, logged,
with no detail in the body).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from twitchcheck.core.errors import FieldProblem, InputError

PROBLEM_JSON = "application/problem+json"
_log = logging.getLogger("twitchcheck.adapters.web")


class FieldError(BaseModel):
    field: str
    """Where, as a path: `body.twitch.regions[0]`, `query.limit`, `line 3: twitch.regions`."""
    message: str


class ProblemDetails(BaseModel):
    """RFC 9457 problem details, with the fields at fault in `errors`."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    errors: list[FieldError] = []


class SignInRequired(Exception):
    """A page needs a signed-in user: answered with a redirect to /signin?next=..."""

    def __init__(self, next_url: str | None = None) -> None:
        super().__init__("sign in first")
        self.next_url = next_url


class Problem(Exception):
    """Raise in a route to answer with a problem; `errors` name the fields, `headers` go on the response."""

    def __init__(
        self,
        status: int,
        detail: str | None = None,
        *,
        errors: Sequence[FieldProblem] = (),
        headers: dict[str, str] | None = None,
        type_: str = "about:blank",
    ) -> None:
        super().__init__(detail or HTTPStatus(status).phrase)
        self.status = status
        self.detail = detail
        self.errors = list(errors)
        self.headers = headers or {}
        self.type = type_


def field_path(location: Sequence[int | str]) -> str:
    """An error location as a path: ("body", "twitch", "regions", 0) -> body.twitch.regions[0]."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def problem_response(
    status: int,
    detail: str | None = None,
    errors: Sequence[FieldProblem] = (),
    headers: dict[str, str] | None = None,
    type_: str = "about:blank",
) -> JSONResponse:
    body = ProblemDetails(
        type=type_,
        title=HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        errors=[FieldError(field=p.field, message=p.message) for p in errors],
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, headers=headers, media_type=PROBLEM_JSON
    )


def input_problems(error: InputError, prefix: str = "") -> list[FieldProblem]:
    """The library's problems, their fields under `prefix` (like "body")."""
    return [
        FieldProblem(f"{prefix}.{p.field}" if prefix and p.field else (p.field or prefix), p.message)
        for p in error.problems
    ]


def _for_page(request: Request, status: int, detail: str | None) -> Response | None:
    """The pages' own error page, when the pages registered one (`app.state.render_page_error`) and the
    request is for a page rather than the API."""
    render = getattr(request.app.state, "render_page_error", None)
    if render is None or request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        return None
    response: Response = render(request, status, detail)
    return response


def _validation(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    problems = []
    for item in error.errors():
        location = [part for part in item.get("loc", ()) if isinstance(part, int | str)]
        # pydantic adds the tagged-union branch or a function name to the path: not a field a user can see
        location = [part for part in location if not (isinstance(part, str) and part.startswith("function-"))]
        problems.append(FieldProblem(field_path(location), str(item.get("msg", "is not valid"))))
    return problem_response(422, "the request is not valid: see errors", problems)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _http(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    detail = error.detail if isinstance(error.detail, str) else None
    # Starlette's own detail is the status phrase ("Not Found"), which the page's title already says.
    said = None if detail is not None and detail.lower() == _phrase(error.status_code).lower() else detail
    page = _for_page(request, error.status_code, said)
    if page is not None:
        return page
    return problem_response(error.status_code, detail, headers=dict(error.headers or {}))


def _problem(request: Request, error: Exception) -> Response:
    assert isinstance(error, Problem)
    page = _for_page(request, error.status, error.detail)
    if page is not None:
        return page
    return problem_response(error.status, error.detail, error.errors, error.headers, error.type)


def _sign_in(request: Request, error: Exception) -> Response:
    assert isinstance(error, SignInRequired)
    target = error.next_url or request.url.path
    return RedirectResponse(f"/signin?{urlencode({'next': target})}", status_code=303)


def _input(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, InputError)
    return problem_response(422, str(error), input_problems(error))


def _journal(_request: Request, error: Exception) -> JSONResponse:
    return problem_response(409, str(error))


def _unexpected(request: Request, error: Exception) -> Response:
    _log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=error)
    detail = "an internal error happened; it has been logged"
    return _for_page(request, 500, detail) or problem_response(500, detail)


def install(app: FastAPI) -> None:
    """Answer every error of `app` with problem+json."""
    from twitchcheck.adapters.storage.journal import JournalError

    handlers: dict[Any, Any] = {
        RequestValidationError: _validation,
        StarletteHTTPException: _http,
        Problem: _problem,
        SignInRequired: _sign_in,
        InputError: _input,
        JournalError: _journal,
        Exception: _unexpected,
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)
