"""Account pages: sign up, sign in (with the rate-limit message), sign out, and /account (export everything,
delete the account with all of it, share the status with a coach and stop sharing).

In single-user mode there are no accounts, so these pages answer 404.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.web.deps import (
    SESSION_COOKIE,
    EngineDep,
    NowDep,
    PageUser,
    SettingsDep,
    begin_session,
    clear_session_cookie,
    client_ip,
    safe_next,
    verify_csrf,
)
from twitchcheck.adapters.web.pages._render import ChromeDep, render
from twitchcheck.adapters.web.problems import Problem
from twitchcheck.core.errors import InputError

router = APIRouter()

_LABELS = {
    "email": "Email",
    "password": "Password",
    "zone": "Time zone",
    "coach_email": "Coach's email",
    "form": "Form",
}


def _accounts_only(settings: SettingsDep) -> None:
    if not settings.accounts:
        raise Problem(404, "this server is single-user: it has no accounts")


AccountsOnly = Depends(_accounts_only)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _signup(values: dict[str, str], errors: dict[str, str] | None = None) -> dict[str, Any]:
    """The sign-up form's context: the help asks for the length `accounts.register` enforces."""
    return {
        "values": values,
        "errors": errors or {},
        "labels": _LABELS,
        "min_password_chars": accounts.MIN_PASSWORD_CHARS,
    }


def _problems(error: InputError) -> dict[str, str]:
    return {problem.field or "form": problem.message for problem in error.problems}


@router.get("/signup", dependencies=[AccountsOnly])
def signup_page(request: Request, chrome: ChromeDep, settings: SettingsDep) -> HTMLResponse:
    """The form to register."""
    return render(request, chrome, "accounts/signup.html", _signup({"zone": settings.zone or ""}))


@router.post("/signup", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def signup(
    request: Request, chrome: ChromeDep, engine: EngineDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Register, sign in, go to the journal; a problem shows the form again with the message by the field."""
    form = await request.form()
    email, password = _field(form, "email"), _field(form, "password")
    zone = _field(form, "zone").strip() or settings.zone or "UTC"
    values = {"email": email, "zone": _field(form, "zone")}
    try:
        # In the thread pool: an argon2 hash on the event loop would stop the worker's other requests.
        account = await run_in_threadpool(
            accounts.register, engine, email, password, zone, now, client_ip=client_ip(request)
        )
    except InputError as error:
        return render(
            request, chrome, "accounts/signup.html", _signup(values, _problems(error)), status_code=422
        )
    except accounts.AccountExists:
        errors = {"email": "an account with this email exists already: sign in instead"}
        return render(request, chrome, "accounts/signup.html", _signup(values, errors), status_code=422)
    except accounts.RateLimited as error:
        context = _signup(values, {"email": str(error)})
        refused = render(request, chrome, "accounts/signup.html", context, status_code=429)
        refused.headers["Retry-After"] = str(error.retry_after_s)
        return refused
    response = RedirectResponse("/journal", status_code=303)
    begin_session(response, engine, account, now, settings)
    return response


@router.get("/signin", dependencies=[AccountsOnly])
def signin_page(request: Request, chrome: ChromeDep, next: str | None = None) -> HTMLResponse:
    """The form to sign in."""
    context = {"values": {}, "next": safe_next(next, "/journal"), "labels": _LABELS}
    return render(request, chrome, "accounts/signin.html", context)


@router.post("/signin", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def signin(
    request: Request, chrome: ChromeDep, engine: EngineDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Sign in and go on to `next`; wrong details or too many tries show the form again with the reason."""
    form = await request.form()
    email, password = _field(form, "email"), _field(form, "password")
    target = safe_next(_field(form, "next"), "/journal")
    try:
        account = await run_in_threadpool(
            accounts.authenticate, engine, email, password, client_ip(request), now
        )
    except InputError as error:
        context = {"values": {}, "errors": _problems(error), "next": target, "labels": _LABELS}
        return render(request, chrome, "accounts/signin.html", context, status_code=422)
    except (accounts.SignInRefused, accounts.RateLimited) as error:
        status = 429 if isinstance(error, accounts.RateLimited) else 401
        context = {
            "values": {"email": email},
            "errors": {"email": str(error)},
            "next": target,
            "labels": _LABELS,
        }
        return render(request, chrome, "accounts/signin.html", context, status_code=status)
    response = RedirectResponse(target, status_code=303)
    begin_session(response, engine, account, now, settings)
    return response


@router.post("/signout", dependencies=[AccountsOnly, Depends(verify_csrf)])
def signout(request: Request, engine: EngineDep) -> Response:
    """Sign out: the session ends here and in the browser."""
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        accounts.end_session(engine, token)
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response)
    return response


def _account_page(
    request: Request,
    chrome: Any,
    engine: Any,
    user: accounts.Account,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
    message: str | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    context = {
        "account": user,
        "shares": accounts.shares_of(engine, user),
        "errors": errors or {},
        "values": values or {},
        "labels": _LABELS,
        "message": message,
    }
    return render(request, chrome, "accounts/account.html", context, status_code=status_code)


@router.get("/account", dependencies=[AccountsOnly])
def account_page(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, done: str | None = None
) -> HTMLResponse:
    """Export, delete, and sharing with a coach."""
    messages = {"shared": "Shared with your coach.", "unshared": "Stopped sharing."}
    return _account_page(request, chrome, engine, user, message=messages.get(done or ""))


@router.get("/account/export", dependencies=[AccountsOnly])
def export(engine: EngineDep, user: PageUser) -> Response:
    """Everything stored about the account, as a JSON download."""
    data = accounts.export_account(engine, user)
    body = json.dumps(data, indent=2, ensure_ascii=False, default=str)
    return Response(
        body,
        media_type="application/json",
        headers={"Content-Disposition": 'attachment; filename="twitchcheck-export.json"'},
    )


@router.post("/account/delete", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def delete(request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser) -> Response:
    """Delete the account and everything in it, once the password confirms it."""
    form = await request.form()
    if not await run_in_threadpool(accounts.verify_password, engine, user, _field(form, "password")):
        errors = {"password": "the password is wrong: nothing was deleted"}
        return _account_page(request, chrome, engine, user, errors=errors, status_code=422)
    accounts.delete_account(engine, user)
    response = RedirectResponse("/signup?deleted=1", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/account/share", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def share(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, now: NowDep
) -> Response:
    """Let a coach (by their account's email) see this person's level, red flags and trends."""
    form = await request.form()
    coach_email = _field(form, "coach_email")
    try:
        accounts.share(engine, user, coach_email, now)
    except InputError as error:
        values = {"coach_email": coach_email}
        return _account_page(
            request, chrome, engine, user, errors=_problems(error), values=values, status_code=422
        )
    return RedirectResponse("/account?done=shared", status_code=303)


@router.post("/account/unshare/{coach_id}", dependencies=[AccountsOnly, Depends(verify_csrf)])
def unshare(coach_id: int, engine: EngineDep, user: PageUser) -> Response:
    """Stop sharing with one coach."""
    accounts.unshare(engine, user, coach_id)
    return RedirectResponse("/account?done=unshared", status_code=303)
