"""The HTTP API under /api/v1 (JSON; errors as problem+json), one module per resource:

- `assessments`: POST /assessments (a report, free text or a QuestionnaireResponse, with the person's
  journal);
- `events`: the journal's events (log, list, export, import, get, replace, delete, undo);
- `journal_views`: status (the stored status while current), triggers, the doctor's report;
- `alerts`: the journal's alerts, and marking them seen;
- `accounts`: accounts and sessions; `sharing`: shares and the coach's view; `tokens`: personal API
  tokens;
- `server`: /healthz and /api/v1/ping.

Each route parses, calls a service (`twitchcheck.services`) or the storage adapter, and answers; nothing is
decided here. Journal routes serve only the signed-in person's journal: an event number from someone else's
journal is "not found", exactly like one that never existed.
"""

from __future__ import annotations

from fastapi import APIRouter

from twitchcheck.adapters.web.api import (
    accounts,
    alerts,
    assessments,
    events,
    journal_views,
    server,
    sharing,
    tokens,
)
from twitchcheck.adapters.web.api.common import v1
from twitchcheck.adapters.web.api.openapi import openapi_components

router = APIRouter()
router.include_router(server.router)
router.include_router(v1)

__all__ = [
    "accounts",
    "alerts",
    "assessments",
    "events",
    "journal_views",
    "openapi_components",
    "router",
    "sharing",
    "tokens",
    "v1",
]
