"""Strict JSON for reports: what `json.loads` lets through silently is an error here.

A duplicate key would otherwise keep only its last value, so `{"chest_pain": true, "chest_pain": false}`
would quietly drop a reported emergency. NaN and Infinity are not JSON. Nesting and size are bounded.
"""

from __future__ import annotations

import json
from typing import Any

MAX_INPUT_CHARS = 1_000_000
"""A report is a few hundred bytes; anything near this size is not one."""


class JsonInputError(ValueError):
    """JSON that cannot be taken as it stands; the message says where and why."""


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonInputError(f"duplicate key {key!r}: each field may appear only once")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise JsonInputError(f"{name} is not valid JSON (use a number)")


def _integer(digits: str) -> int | float:
    # Python refuses int() of more than 4,300 digits (a ValueError that named no field). As a float the
    # number is infinite, which every model refuses naming its field, like 1e400.
    try:
        return int(digits)
    except ValueError:
        return float(digits)


def loads(text: str) -> Any:
    """Parse JSON strictly; JsonInputError with line and column, or the duplicate key, otherwise."""
    if len(text) > MAX_INPUT_CHARS:
        raise JsonInputError(f"larger than {MAX_INPUT_CHARS:,} characters; a report is much smaller")
    try:
        return json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant, parse_int=_integer
        )
    except json.JSONDecodeError as error:
        raise JsonInputError(
            f"not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise JsonInputError("nested too deeply to be a report") from None
