"""Personal API tokens for scripts and integrations: created (shown once), listed and revoked by a
signed-in person (a token itself cannot manage tokens: `deps.TOKEN_REFUSED`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from fastapi import Path, Response
from pydantic import BaseModel, Field

from twitchcheck.adapters.storage import accounts
from twitchcheck.adapters.web.api.common import need_accounts, v1
from twitchcheck.adapters.web.deps import MAX_ID, CurrentUser, EngineDep, NowDep, SettingsDep
from twitchcheck.adapters.web.problems import Problem, ProblemDetails, input_problems
from twitchcheck.core.errors import InputError


class TokenRequest(BaseModel):
    name: str = Field(max_length=100, description="What the token is for, e.g. 'my export script'.")
    scope: Literal["read", "write"] = Field(
        "read", description="`read`: GET requests only; `write`: also log, edit and delete journal events."
    )


class TokenOut(BaseModel):
    id: int
    name: str
    scope: str
    created_at: datetime
    last_used_at: datetime | None


class NewTokenOut(TokenOut):
    token: str = Field(description="The token, shown this once: only its hash is kept. Send it as "
                       "`Authorization: Bearer <token>`.")  # fmt: skip


def _out(token: accounts.ApiToken) -> TokenOut:
    return TokenOut(
        id=token.id,
        name=token.name,
        scope=token.scope,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
    )


@v1.post("/tokens", tags=["tokens"], status_code=201, responses={401: {"model": ProblemDetails}})
def create_token(
    body: TokenRequest, user: CurrentUser, engine: EngineDep, settings: SettingsDep, now: NowDep
) -> NewTokenOut:
    """Create a personal API token; the answer holds the token itself, this once."""
    need_accounts(settings)
    try:
        token, plain = accounts.create_token(engine, user, body.name, body.scope, now)
    except InputError as error:
        raise Problem(422, str(error), errors=input_problems(error, "body")) from None
    return NewTokenOut(**_out(token).model_dump(), token=plain)


@v1.get("/tokens", tags=["tokens"], responses={401: {"model": ProblemDetails}})
def list_tokens(user: CurrentUser, engine: EngineDep, settings: SettingsDep) -> list[TokenOut]:
    """Your tokens, without the tokens themselves: name, scope, when made and when last used."""
    need_accounts(settings)
    return [_out(token) for token in accounts.tokens_of(engine, user)]


@v1.delete("/tokens/{token_id}", tags=["tokens"], status_code=204, responses={404: {"model": ProblemDetails}})
def revoke_token(
    token_id: Annotated[int, Path(ge=1, le=MAX_ID)],
    user: CurrentUser,
    engine: EngineDep,
    settings: SettingsDep,
) -> Response:
    """Revoke a token: from now on it opens nothing."""
    need_accounts(settings)
    if not accounts.revoke_token(engine, user, token_id):
        raise Problem(404, "you have no token with this id")
    return Response(status_code=204)
