"""The server's own routes: /healthz (is the database there) and /api/v1/ping."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from twitchcheck.adapters.web.api.common import v1
from twitchcheck.adapters.web.deps import (
    EngineDep,
)
from twitchcheck.adapters.web.problems import Problem, ProblemDetails

router = APIRouter()
"""Routes outside /api/v1."""


@router.get("/healthz", tags=["server"], responses={503: {"model": ProblemDetails}})
def healthz(engine: EngineDep) -> dict[str, str]:
    """The server is up and its database answers (503 otherwise)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        raise Problem(503, "the database does not answer") from None
    return {"status": "ok", "database": "reachable"}


@v1.get("/ping", tags=["server"])
async def ping() -> dict[str, str]:
    """A cheap answer with no database work (for load balancers and the benchmark)."""
    return {"status": "ok"}
