"""The offline FHIR tools of the tests (tests/adapters/fhir/node, installed by `make test` with `npm ci`).

Missing tools skip the tests on a developer's machine and fail them under CI (env CI set): they must never
pass unnoticed there.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft6Validator

NODE = Path(__file__).parent / "node"
NODE_MODULES = NODE / "node_modules"
R4_SCHEMA = NODE_MODULES / "@asymmetrik" / "fhir-json-schema-validator" / "fhir.schema.json"
LFORMS = NODE_MODULES / "lforms" / "dist" / "lforms"


def require(path: Path) -> Path:
    """`path`, or a skip (a failure under CI) saying how to install the tools."""
    if not path.exists():
        message = f"{path} is missing: run `npm ci --legacy-peer-deps --prefix {NODE}` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@cache
def _schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(require(R4_SCHEMA).read_text())
    return schema


@cache
def _validator(resource_type: str) -> Draft6Validator:
    schema = _schema()
    return Draft6Validator({"$ref": f"#/definitions/{resource_type}", "definitions": schema["definitions"]})


def r4_schema_errors(resource: dict[str, Any]) -> list[str]:
    """What the official FHIR R4 JSON schema says is wrong with `resource` (empty when it validates)."""
    validator = _validator(str(resource.get("resourceType")))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path)}: {error.message}"
        for error in validator.iter_errors(resource)
    ]
