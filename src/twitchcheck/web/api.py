"""The HTTP API under /api/v1 (JSON; errors as problem+json): assessments, the journal, accounts, sharing."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from sqlalchemy import text

from twitchcheck.web.deps import EngineDep
from twitchcheck.web.problems import Problem

router = APIRouter()
v1 = APIRouter(prefix="/api/v1")


@router.get("/healthz", tags=["server"])
def healthz(engine: EngineDep) -> dict[str, Any]:
    """The server is up and its database answers (503 otherwise)."""
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        raise Problem(503, "the database does not answer") from None
    return {"status": "ok", "database": "reachable"}


@v1.get("/ping", tags=["server"])
def ping() -> dict[str, str]:
    """A cheap answer with no database work (for load balancers and the benchmark)."""
    return {"status": "ok"}


router.include_router(v1)
