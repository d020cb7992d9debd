"""Account pages: sign up, sign in (with the rate-limit message), sign out, and /account (change the
password, sign out everywhere, export everything, delete the account with all of it, share the status with a
coach and stop sharing).

In single-user mode there are no accounts, so these pages answer 404.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from twitchcheck.adapters.storage import accounts, email_links
from twitchcheck.adapters.web.deps import (
    SESSION_COOKIE,
    EngineDep,
    NowDep,
    PageUser,
    SettingsDep,
    app_settings,
    begin_session,
    clear_session_cookie,
    client_ip,
    email_on,
    safe_next,
    verify_csrf,
    wake_mail,
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
    "current_password": "Current password",
    "new_password": "New password",
    "code": "One-time code",
    "invite": "Invitation code",
    "form": "Form",
}


def _accounts_only(settings: SettingsDep) -> None:
    if not settings.accounts:
        raise Problem(404, "this server is single-user: it has no accounts")


AccountsOnly = Depends(_accounts_only)


def _field(form: Any, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _signup(
    values: dict[str, str], errors: dict[str, str] | None = None, registration: str = "open"
) -> dict[str, Any]:
    """The sign-up form's context: the help asks for the length `accounts.register` enforces; with
    invite-only registration the form asks for the invitation code, and a closed server shows no form."""
    return {
        "values": values,
        "errors": errors or {},
        "labels": _LABELS,
        "min_password_chars": accounts.MIN_PASSWORD_CHARS,
        "registration": registration,
    }


def _problems(error: InputError) -> dict[str, str]:
    return {problem.field or "form": problem.message for problem in error.problems}


@router.get("/signup", dependencies=[AccountsOnly])
def signup_page(
    request: Request, chrome: ChromeDep, settings: SettingsDep, invite: str | None = None
) -> HTMLResponse:
    """The form to register (`/signup?invite=CODE` fills in the invitation code)."""
    values = {"zone": settings.zone or "", "invite": (invite or "")[:100]}
    return render(request, chrome, "accounts/signup.html", _signup(values, None, settings.registration))


@router.post("/signup", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def signup(
    request: Request, chrome: ChromeDep, engine: EngineDep, settings: SettingsDep, now: NowDep
) -> Response:
    """Register, sign in, go to the journal; a problem shows the form again with the message by the field."""
    form = await request.form()
    email, password = _field(form, "email"), _field(form, "password")
    zone = _field(form, "zone").strip() or settings.zone or "UTC"
    invite = _field(form, "invite")[:100]
    values = {"email": email, "zone": _field(form, "zone"), "invite": invite}
    mode = settings.registration

    def again(errors: dict[str, str], status_code: int) -> HTMLResponse:
        context = _signup(values, errors, mode)
        return render(request, chrome, "accounts/signup.html", context, status_code=status_code)

    try:
        # In the thread pool: an argon2 hash on the event loop would stop the worker's other requests.
        account = await run_in_threadpool(
            partial(
                accounts.register,
                engine,
                email,
                password,
                zone,
                now,
                client_ip=client_ip(request),
                registration=mode,
                invite=invite,
                verify_email=email_on(request),
            )
        )
    except InputError as error:
        return again(_problems(error), 422)
    except accounts.RegistrationClosed as error:
        return again({"form": str(error)}, 403)
    except accounts.AccountExists:
        return again({"email": "an account with this email exists already: sign in instead"}, 422)
    except accounts.RateLimited as error:
        refused = again({"email": str(error)}, 429)
        refused.headers["Retry-After"] = str(error.retry_after_s)
        return refused
    wake_mail(request)
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


def _reset(values: dict[str, str], errors: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "values": values,
        "errors": errors or {},
        "labels": _LABELS,
        "min_password_chars": accounts.MIN_PASSWORD_CHARS,
    }


@router.get("/reset-password", dependencies=[AccountsOnly])
def reset_page(request: Request, chrome: ChromeDep) -> HTMLResponse:
    """The form to set a new password with a one-time code from `twitchcheck admin reset-password`."""
    return render(request, chrome, "accounts/reset.html", _reset({}))


@router.post("/reset-password", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def reset(request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep) -> Response:
    """Set the new password, then sign in with it; a wrong code counts as a failed sign-in."""
    form = await request.form()
    values = {"email": _field(form, "email"), "code": _field(form, "code")}
    try:
        await run_in_threadpool(
            accounts.reset_password,
            engine,
            values["email"],
            values["code"],
            _field(form, "new_password"),
            client_ip=client_ip(request),
            now=now,
        )
    except InputError as error:
        return render(
            request, chrome, "accounts/reset.html", _reset(values, _problems(error)), status_code=422
        )
    except accounts.RateLimited as error:
        page = render(
            request, chrome, "accounts/reset.html", _reset(values, {"code": str(error)}), status_code=429
        )
        page.headers["Retry-After"] = str(error.retry_after_s)
        return page
    response = RedirectResponse("/signin?reset=1", status_code=303)
    clear_session_cookie(response)
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


def _duration_text(minutes: int) -> str:
    """The idle timeout in the largest whole unit: "7 days", "12 hours", "90 minutes"."""
    for size, unit in ((24 * 60, "day"), (60, "hour"), (1, "minute")):
        if minutes % size == 0:
            count = minutes // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{minutes} minutes"  # pragma: no cover - every whole number of minutes has a unit above


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
    new_token: str | None = None,
) -> HTMLResponse:
    context = {
        "account": user,
        "shares": accounts.shares_of(engine, user),
        "tokens": accounts.tokens_of(engine, user),
        "new_token": new_token,
        "errors": errors or {},
        "values": values or {},
        "labels": _LABELS,
        "message": message,
        "min_password_chars": accounts.MIN_PASSWORD_CHARS,
        "idle_text": _duration_text(app_settings(request).session_idle_minutes),
    }
    return render(request, chrome, "accounts/account.html", context, status_code=status_code)


@router.get("/account", dependencies=[AccountsOnly])
def account_page(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, done: str | None = None
) -> HTMLResponse:
    """Export, delete, and sharing with a coach."""
    messages = {
        "shared": "Asked your coach: they see your status once they accept.",
        "unshared": "Stopped sharing.",
        "password": "Your password is changed; every other session of your account has ended.",
        "revoked": "The token is revoked: it opens nothing any more.",
        "verify-sent": "A new link to confirm your email is on its way.",
    }
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


def _refused(
    request: Request,
    chrome: Any,
    engine: Any,
    user: accounts.Account,
    field: str,
    error: accounts.RateLimited,
) -> HTMLResponse:
    """The account page again with the rate limit's message by `field`, as 429 with Retry-After."""
    page = _account_page(request, chrome, engine, user, errors={field: str(error)}, status_code=429)
    page.headers["Retry-After"] = str(error.retry_after_s)
    return page


@router.post("/account/password", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def change_password(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, now: NowDep
) -> Response:
    """Change the password (the current one confirms it): every other session ends, this one stays."""
    form = await request.form()
    try:
        await run_in_threadpool(
            accounts.change_password,
            engine,
            user,
            _field(form, "current_password"),
            _field(form, "new_password"),
            client_ip=client_ip(request),
            now=now,
            keep_token=request.cookies.get(SESSION_COOKIE),
        )
    except InputError as error:
        return _account_page(request, chrome, engine, user, errors=_problems(error), status_code=422)
    except accounts.RateLimited as error:
        return _refused(request, chrome, engine, user, "current_password", error)
    return RedirectResponse("/account?done=password", status_code=303)


@router.post("/account/signout-everywhere", dependencies=[AccountsOnly, Depends(verify_csrf)])
def signout_everywhere(engine: EngineDep, user: PageUser) -> Response:
    """Sign out everywhere: every session of the account ends, this browser's too."""
    accounts.end_all_sessions(engine, user)
    response = RedirectResponse("/signin", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/account/delete", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def delete(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, now: NowDep
) -> Response:
    """Delete the account and everything in it, once the password confirms it (a wrong one counts as a
    failed sign-in)."""
    form = await request.form()
    try:
        confirmed = await run_in_threadpool(
            accounts.confirm_password, engine, user, _field(form, "password"), client_ip(request), now
        )
    except accounts.RateLimited as error:
        return _refused(request, chrome, engine, user, "password", error)
    if not confirmed:
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
        accounts.share(
            engine,
            user,
            coach_email,
            now,
            client_ip=client_ip(request),
            verified_coaches_only=email_on(request),
        )
    except accounts.RateLimited as error:
        return _refused(request, chrome, engine, user, "coach_email", error)
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


@router.post("/account/tokens", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def create_token(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, now: NowDep
) -> Response:
    """A new personal API token, shown on the page this once."""
    form = await request.form()
    name, scope = _field(form, "token_name"), _field(form, "token_scope") or "read"
    try:
        _, plain = accounts.create_token(engine, user, name, scope, now)
    except InputError as error:
        errors = {"token_" + key: text for key, text in _problems(error).items()}
        values = {"token_name": name}
        return _account_page(request, chrome, engine, user, errors=errors, values=values, status_code=422)
    message = "Your new token is below. Copy it now: it is shown only this once."
    return _account_page(request, chrome, engine, user, message=message, new_token=plain)


@router.post("/account/tokens/{token_id}/revoke", dependencies=[AccountsOnly, Depends(verify_csrf)])
def revoke_token(token_id: int, engine: EngineDep, user: PageUser) -> Response:
    """Revoke one of this account's tokens."""
    accounts.revoke_token(engine, user, token_id)
    return RedirectResponse("/account?done=revoked", status_code=303)


# -- links sent by email: forgot password, confirm the email ----------------------------------------------


def _link_page(
    request: Request,
    chrome: Any,
    heading: str,
    text: str,
    *,
    ok: bool,
    next_href: str | None = None,
    next_text: str = "",
    status_code: int = 200,
) -> HTMLResponse:
    context = {"heading": heading, "text": text, "ok": ok, "next_href": next_href, "next_text": next_text}
    return render(request, chrome, "accounts/link.html", context, status_code=status_code)


def _forgot(values: dict[str, str], request: Request, **more: Any) -> dict[str, Any]:
    hours = int(email_links.RESET_LINK_VALID.total_seconds() // 3600)
    return {
        "values": values,
        "labels": _LABELS,
        "email_on": email_on(request),
        "sent": False,
        "valid_text": f"{hours} hour{'s' if hours != 1 else ''}",
        **more,
    }


@router.get("/forgot-password", dependencies=[AccountsOnly])
def forgot_page(request: Request, chrome: ChromeDep) -> HTMLResponse:
    """Ask for a link to set a new password (or, on a server without email, how to get a code instead)."""
    return render(request, chrome, "accounts/forgot.html", _forgot({}, request))


@router.post("/forgot-password", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def forgot(request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep) -> Response:
    """Queue the link for the email: the same page whether or not an account has it."""
    form = await request.form()
    email = _field(form, "email")[:320]
    values = {"email": email}
    if not email_on(request):
        return render(request, chrome, "accounts/forgot.html", _forgot(values, request))
    try:
        await run_in_threadpool(
            partial(email_links.ask_password_reset, engine, email, client_ip=client_ip(request), now=now)
        )
    except InputError as error:
        context = _forgot(values, request, errors=_problems(error))
        return render(request, chrome, "accounts/forgot.html", context, status_code=422)
    except accounts.RateLimited as error:
        context = _forgot(values, request, errors={"email": str(error)})
        page = render(request, chrome, "accounts/forgot.html", context, status_code=429)
        page.headers["Retry-After"] = str(error.retry_after_s)
        return page
    wake_mail(request)
    return render(request, chrome, "accounts/forgot.html", _forgot(values, request, sent=True))


def _link_refused(request: Request, chrome: Any, what: str) -> HTMLResponse:
    """The page for a link that is unknown, used or expired (410: it will not work again)."""
    if what == "reset":
        return _link_page(
            request,
            chrome,
            "This link does not work any more",
            f"{email_links.LINK_REFUSED}: each link sets a password once, within an hour. Ask for a new one.",
            ok=False,
            next_href="/forgot-password",
            next_text="Ask for a new link",
            status_code=410,
        )
    return _link_page(
        request,
        chrome,
        "This link does not work any more",
        f"{email_links.LINK_REFUSED}. If your email is confirmed already, there is nothing to do; otherwise "
        "sign in and send yourself a new link from the banner.",
        ok=False,
        next_href="/account",
        next_text="Go to your account",
        status_code=410,
    )


def _new_password(
    request: Request, chrome: Any, token: str, account: accounts.Account, errors: dict[str, str] | None = None
) -> HTMLResponse:
    context = {
        "token": token,
        "account_email": account.email,
        "errors": errors or {},
        "labels": _LABELS,
        "min_password_chars": accounts.MIN_PASSWORD_CHARS,
    }
    status = 422 if errors else 200
    return render(request, chrome, "accounts/new_password.html", context, status_code=status)


@router.get("/forgot-password/new", dependencies=[AccountsOnly])
def new_password_page(
    request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep, token: str = ""
) -> Response:
    """The form behind the emailed link (opening it uses nothing up: only setting the password does)."""
    account = email_links.reset_link_account(engine, token[:200], now)
    if account is None:
        return _link_refused(request, chrome, "reset")
    return _new_password(request, chrome, token[:200], account)


@router.post("/forgot-password/new", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def new_password(request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep) -> Response:
    """Set the new password with the link (used up): every session of the account ends; then sign in."""
    form = await request.form()
    token = _field(form, "token")[:200]
    try:
        await run_in_threadpool(
            email_links.reset_password_by_link, engine, token, _field(form, "new_password"), now
        )
    except InputError as error:
        problems = _problems(error)
        account = email_links.reset_link_account(engine, token, now)
        if "token" in problems or account is None:
            return _link_refused(request, chrome, "reset")
        return _new_password(request, chrome, token, account, problems)
    response = RedirectResponse("/signin?reset=1", status_code=303)
    clear_session_cookie(response)
    return response


@router.get("/verify-email", dependencies=[AccountsOnly])
def verify_email_page(
    request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep, token: str = ""
) -> Response:
    """The page behind the link in the verification email: one button confirms the email. Opening the link
    (a mail scanner does) confirms nothing and uses nothing up; a used or expired link says so."""
    account = email_links.verify_link_account(engine, token[:200], now)
    if account is None:
        return _link_refused(request, chrome, "verify")
    context = {"token": token[:200], "account_email": account.email}
    # Without the "Confirm your email" banner: this page is where it is done.
    return render(request, replace(chrome, confirm_email=False), "accounts/verify.html", context)


@router.post("/verify-email", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def verify_email(request: Request, chrome: ChromeDep, engine: EngineDep, now: NowDep) -> Response:
    """The page's button: the account's email is confirmed (the link used up, with the account's others)."""
    form = await request.form()
    account = email_links.verify_email(engine, _field(form, "token")[:200], now)
    if account is None:
        return _link_refused(request, chrome, "verify")
    return RedirectResponse("/verify-email/done", status_code=303)  # a fresh page: without the banner


@router.get("/verify-email/done", dependencies=[AccountsOnly])
def verified(request: Request, chrome: ChromeDep) -> HTMLResponse:
    """Where a followed verification link lands."""
    return _link_page(
        request,
        chrome,
        "Your email is confirmed",
        "Thank you: your email is confirmed. Alert emails can reach it, and others can share their status "
        "with you as a coach.",
        ok=True,
        next_href="/journal",
        next_text="Go to your journal",
    )


@router.post("/account/verify-email", dependencies=[AccountsOnly, Depends(verify_csrf)])
async def send_verification(
    request: Request, chrome: ChromeDep, engine: EngineDep, user: PageUser, now: NowDep
) -> Response:
    """Send the verification link again (a few times an hour at most)."""
    if not email_on(request):
        return RedirectResponse("/account", status_code=303)
    try:
        sent = await run_in_threadpool(
            partial(email_links.ask_verification, engine, user, client_ip=client_ip(request), now=now)
        )
    except accounts.RateLimited as error:
        page = _link_page(
            request,
            chrome,
            "Not sent",
            f"{error}. The links sent before still work: look in your inbox and spam folder.",
            ok=False,
            next_href="/account",
            next_text="Back to your account",
            status_code=429,
        )
        page.headers["Retry-After"] = str(error.retry_after_s)
        return page
    if sent:
        wake_mail(request)
    return RedirectResponse("/account?done=verify-sent" if sent else "/account", status_code=303)
