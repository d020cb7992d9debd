"""Accounts and sessions: register, sign in and out (here or everywhere), who is signed in, change the
password, export everything, delete."""

from __future__ import annotations

from datetime import datetime

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from twitchcheck.adapters.storage import accounts, email_links
from twitchcheck.adapters.web.api.common import need_accounts, v1
from twitchcheck.adapters.web.deps import (
    SESSION_COOKIE,
    CurrentUser,
    EngineDep,
    NowDep,
    SettingsDep,
    begin_session,
    clear_session_cookie,
    client_ip,
    email_on,
    wake_mail,
)
from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.core.errors import InputError


class Registration(BaseModel):
    email: str = Field(max_length=320, examples=["sam@example.org"])
    password: str = Field(max_length=1024, description=f"At least {accounts.MIN_PASSWORD_CHARS} characters.")
    zone: str | None = Field(default=None, max_length=64, description="Your time zone, like Europe/Berlin.")
    invite: str | None = Field(
        default=None,
        max_length=100,
        description="The invitation code for this email, on an invite-only server (`admin invite`).",
        examples=["ABCD-EFGH-JKLM-NPQR"],
    )


class SignIn(BaseModel):
    email: str = Field(max_length=320)
    password: str = Field(max_length=1024)


class PasswordConfirmation(BaseModel):
    password: str = Field(max_length=1024)


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(
        max_length=1024, description=f"At least {accounts.MIN_PASSWORD_CHARS} characters."
    )


class PasswordReset(BaseModel):
    email: str = Field(max_length=320)
    code: str = Field(max_length=100, description="From `twitchcheck admin reset-password`.")
    new_password: str = Field(
        max_length=1024, description=f"At least {accounts.MIN_PASSWORD_CHARS} characters."
    )


class ResetEmailRequest(BaseModel):
    email: str = Field(max_length=320, examples=["sam@example.org"])


class ResetByLink(BaseModel):
    token: str = Field(max_length=200, description="The `token` of the link in the password-reset email.")
    new_password: str = Field(
        max_length=1024, description=f"At least {accounts.MIN_PASSWORD_CHARS} characters."
    )


class LinkToken(BaseModel):
    token: str = Field(max_length=200, description="The `token` of the link in the verification email.")


class Queued(BaseModel):
    detail: str


class AccountOut(BaseModel):
    id: int
    email: str
    zone: str
    created_at: datetime
    local: bool = Field(description="The single-user mode's account (no sign-in).")
    email_confirmed: bool = Field(
        default=True,
        description="False until the link in the verification email is followed (only on a server that "
        "sends email): until then no alert email goes to the address and no one can share with it as a "
        "coach.",
    )


def _account_out(account: accounts.Account) -> AccountOut:
    return AccountOut(
        id=account.id,
        email=account.email,
        zone=account.zone,
        created_at=account.created_at,
        local=account.is_local,
        email_confirmed=not account.unverified,
    )


@v1.post(
    "/accounts",
    tags=["accounts"],
    status_code=201,
    responses={403: {"model": ProblemDetails}, 409: {"model": ProblemDetails}},
)
def register(
    body: Registration,
    request: Request,
    response: Response,
    settings: SettingsDep,
    engine: EngineDep,
    now: NowDep,
) -> AccountOut:
    """Create an account (and sign in with it). On an invite-only server `invite` must be an unused,
    unexpired invitation for this email (422 naming `invite` otherwise); a closed server answers 403."""
    need_accounts(settings)
    zone = body.zone or settings.zone or "UTC"
    try:
        account = accounts.register(
            engine,
            body.email,
            body.password,
            zone,
            now,
            client_ip=client_ip(request),
            registration=settings.registration,
            invite=body.invite,
            verify_email=email_on(request),
        )
    except accounts.RegistrationClosed as closed:
        raise Problem(403, str(closed)) from None
    except accounts.RateLimited as limited:
        raise Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)}) from None
    except InputError as error:
        raise Problem(422, "the account is not valid", errors=input_problems(error, "body")) from None
    except accounts.AccountExists:
        raise Problem(409, "an account with this email already exists: sign in") from None
    wake_mail(request)
    begin_session(response, engine, account, now, settings)
    return _account_out(account)


@v1.post(
    "/session",
    tags=["accounts"],
    responses={401: {"model": ProblemDetails}, 429: {"model": ProblemDetails}},
)
def sign_in(
    body: SignIn, request: Request, response: Response, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> AccountOut:
    """Sign in: sets the session cookie (HttpOnly, SameSite=Lax)."""
    need_accounts(settings)
    try:
        account = accounts.authenticate(engine, body.email, body.password, client_ip(request), now)
    except accounts.RateLimited as limited:
        raise Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)}) from None
    except accounts.SignInRefused as refused:
        raise Problem(401, str(refused)) from None
    except InputError as error:
        raise Problem(422, "the sign-in is not valid", errors=input_problems(error, "body")) from None
    begin_session(response, engine, account, now, settings)
    return _account_out(account)


@v1.delete("/session", tags=["accounts"], status_code=204)
def sign_out(request: Request, settings: SettingsDep, engine: EngineDep) -> Response:
    """Sign out (the session ends on the server too)."""
    token = request.cookies.get(SESSION_COOKIE)
    if token and settings.accounts:
        accounts.end_session(engine, token)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


def _limited(limited: accounts.RateLimited) -> Problem:
    return Problem(429, str(limited), headers={"Retry-After": str(limited.retry_after_s)})


@v1.post(
    "/account/password",
    tags=["accounts"],
    status_code=204,
    responses={
        401: {"model": ProblemDetails},
        422: {"model": ProblemDetails},
        429: {"model": ProblemDetails},
    },
)
def change_password(
    body: PasswordChange,
    request: Request,
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Change your password (give the current one): every other session of the account ends, this one stays.

    A wrong current password counts as a failed sign-in, toward the same limit."""
    need_accounts(settings)
    try:
        accounts.change_password(
            engine,
            user,
            body.current_password,
            body.new_password,
            client_ip=client_ip(request),
            now=now,
            keep_token=request.cookies.get(SESSION_COOKIE),
        )
    except accounts.RateLimited as limited:
        raise _limited(limited) from None
    except InputError as error:
        raise Problem(422, "the password was not changed", errors=input_problems(error, "body")) from None
    return Response(status_code=204)


@v1.post(
    "/account/password-reset",
    tags=["accounts"],
    status_code=204,
    responses={422: {"model": ProblemDetails}, 429: {"model": ProblemDetails}},
)
def reset_password(
    body: PasswordReset, request: Request, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> Response:
    """Set a new password with a one-time code from the server's administrator (no sign-in needed); every
    session of the account ends. A wrong code counts as a failed sign-in for the email."""
    need_accounts(settings)
    try:
        accounts.reset_password(
            engine, body.email, body.code, body.new_password, client_ip=client_ip(request), now=now
        )
    except accounts.RateLimited as limited:
        raise _limited(limited) from None
    except InputError as error:
        raise Problem(422, "the password was not set", errors=input_problems(error, "body")) from None
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


_NO_EMAIL = "this server sends no email: ask its administrator for a one-time code (twitchcheck admin reset)"
_QUEUED = (
    "if an account has this email, a link to set a new password is on its way to it "
    "(it works once, for an hour)"
)


@v1.post(
    "/account/password-reset/email",
    tags=["accounts"],
    status_code=202,
    responses={
        409: {"model": ProblemDetails},
        422: {"model": ProblemDetails},
        429: {"model": ProblemDetails},
    },
)
def ask_password_reset(
    body: ResetEmailRequest, request: Request, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> Queued:
    """Forgot your password: email a one-time link to set a new one (no sign-in needed). The answer is the
    same whether or not an account has the email; 3 an hour for one email, 10 from one address (429).
    A server without email answers 409."""
    need_accounts(settings)
    if not email_on(request):
        raise Problem(409, _NO_EMAIL)
    try:
        email_links.ask_password_reset(engine, body.email, client_ip=client_ip(request), now=now)
    except accounts.RateLimited as limited:
        raise _limited(limited) from None
    except InputError as error:
        raise Problem(422, "no email was sent", errors=input_problems(error, "body")) from None
    wake_mail(request)
    return Queued(detail=_QUEUED)


@v1.post(
    "/account/password-reset/link",
    tags=["accounts"],
    status_code=204,
    responses={410: {"model": ProblemDetails}, 422: {"model": ProblemDetails}},
)
def reset_password_by_link(
    body: ResetByLink, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> Response:
    """Set a new password with the token of the emailed link (used up); every session of the account ends.
    An unknown, used or expired token answers 410."""
    need_accounts(settings)
    try:
        email_links.reset_password_by_link(engine, body.token, body.new_password, now)
    except InputError as error:
        if any(problem.field == "token" for problem in error.problems):
            raise Problem(410, email_links.LINK_REFUSED) from None
        raise Problem(422, "the password was not set", errors=input_problems(error, "body")) from None
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@v1.post(
    "/account/verification",
    tags=["accounts"],
    status_code=202,
    responses={
        401: {"model": ProblemDetails},
        409: {"model": ProblemDetails},
        429: {"model": ProblemDetails},
    },
)
def send_verification(
    request: Request, user: CurrentUser, settings: SettingsDep, engine: EngineDep, now: NowDep
) -> Queued:
    """Send the link to confirm your email again (3 an hour); 409 when there is nothing to confirm."""
    need_accounts(settings)
    if not email_on(request):
        raise Problem(409, "this server sends no email: there is nothing to confirm")
    try:
        sent = email_links.ask_verification(engine, user, client_ip=client_ip(request), now=now)
    except accounts.RateLimited as limited:
        raise _limited(limited) from None
    if not sent:
        raise Problem(409, "your email is confirmed already")
    wake_mail(request)
    return Queued(detail="a new link to confirm your email is on its way")


@v1.post(
    "/account/verification/confirm",
    tags=["accounts"],
    status_code=204,
    responses={410: {"model": ProblemDetails}},
)
def confirm_email(body: LinkToken, settings: SettingsDep, engine: EngineDep, now: NowDep) -> Response:
    """Confirm the email with the token of the verification link (no sign-in needed); 410 when the token is
    unknown, used or expired."""
    need_accounts(settings)
    if email_links.verify_email(engine, body.token, now) is None:
        raise Problem(410, email_links.LINK_REFUSED)
    return Response(status_code=204)


@v1.delete(
    "/account/sessions",
    tags=["accounts"],
    status_code=204,
    responses={401: {"model": ProblemDetails}},
)
def sign_out_everywhere(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> Response:
    """Sign out everywhere: every session of your account ends, this one too (a lost phone's as well)."""
    need_accounts(settings)
    accounts.end_all_sessions(engine, user)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response


@v1.get("/account", tags=["accounts"], responses={401: {"model": ProblemDetails}})
def get_account(user: CurrentUser) -> AccountOut:
    """Who is signed in."""
    return _account_out(user)


@v1.get("/account/export", tags=["accounts"], responses={401: {"model": ProblemDetails}})
def export_account(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> JSONResponse:
    """Everything stored about you: the account, your whole journal, sessions and shares."""
    need_accounts(settings)
    return JSONResponse(
        accounts.export_account(engine, user),
        headers={"Content-Disposition": 'attachment; filename="twitchcheck-account.json"'},
    )


@v1.delete(
    "/account",
    tags=["accounts"],
    status_code=204,
    responses={
        401: {"model": ProblemDetails},
        403: {"model": ProblemDetails},
        429: {"model": ProblemDetails},
    },
)
def delete_account(
    body: PasswordConfirmation,
    request: Request,
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
    now: NowDep,
) -> Response:
    """Delete your account and everything of it for good (give your password again; a wrong one counts as a
    failed sign-in, toward the same limit)."""
    need_accounts(settings)
    try:
        confirmed = accounts.confirm_password(engine, user, body.password, client_ip(request), now)
    except accounts.RateLimited as limited:
        raise _limited(limited) from None
    if not confirmed:
        raise Problem(403, "the password is wrong: nothing was deleted")
    accounts.delete_account(engine, user)
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response
