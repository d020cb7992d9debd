"""The served app with the engine taken out: a bound on `POST /api/v1/assessments` (bench_web.py --ceiling).

Benchmark-only (never part of the product): uvicorn's factory `web_ceiling:app` builds the real app from the
environment, exactly as `twitchcheck serve` does, then replaces the one call that assesses with a look-up of
answers computed in advance: each benchmark report's own assessment, so the answers keep their real sizes
(8.4 kB on average). Everything else on the route still runs: routing, its dependency, reading and strictly
parsing the body, sending the answer. A second route beside it, `POST /api/v1/lean-constant`, answers the same
with no dependencies and no query parameters: the cheapest FastAPI route in the same place.

If the endpoint cannot keep the goal's share of the trivial endpoint's throughput even here, no engine can.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

from fastapi import FastAPI
from starlette.requests import Request
from starlette.responses import Response

from bench_assess import typical_reports
from twitchcheck.adapters.web import api, app_from_env
from twitchcheck.core.jsonin import loads
from twitchcheck.engine import assess

LEAN_PATH = "/api/v1/lean-constant"
"""The bare route (served by the ceiling app only)."""


def _key(body: object) -> str:
    return json.dumps(body, sort_keys=True)


def app() -> FastAPI:
    moment = datetime.now(UTC)
    answers = {
        _key(report): assess(report, now=moment).model_dump_json(by_alias=True)
        for report in typical_reports()
    }

    def looked_up(body: object, *_rest: object) -> tuple[str, bool]:  # the route's other arguments: unused
        return answers[_key(body)], False

    async def lean(request: Request) -> Response:
        return Response(looked_up(loads((await request.body()).decode("utf-8")), moment, None)[0],
                        media_type="application/json")  # fmt: skip

    # Right after the assessment route: FastAPI tries routes in order, so a later one costs more to reach.
    api.v1.add_api_route(LEAN_PATH.removeprefix(api.v1.prefix), lean, methods=["POST"])
    paths = [getattr(route, "path", None) for route in api.v1.routes]
    api.v1.routes.insert(paths.index("/api/v1/assessments") + 1, api.v1.routes.pop())
    served = app_from_env()
    api.assessments._assess = looked_up  # type: ignore[assignment]  # the route looks it up at each call
    return served
