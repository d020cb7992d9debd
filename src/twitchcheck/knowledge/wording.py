"""Filling a message's placeholders the way a person reads them, with counts that agree with their nouns.

A placeholder may name the noun it counts after `#`: `{n:#test}` gives "1 test" and "3 tests", `{days:g#day}`
gives "1 day" and "1.5 days" (the part before `#` is Python's own format spec), and an irregular plural is
written out, `{n:#person|people}`. Hand-written: a few lines on `string.Formatter`, where a pluralisation
library (inflect) would bring a dependency to guess nouns each message already spells.
"""

from __future__ import annotations

import string
from typing import Any

from twitchcheck.core.words import noun


class _Wording(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        if "#" not in format_spec:
            return str(super().format_field(value, format_spec))
        spec, named = format_spec.split("#", 1)
        one, _, many = named.partition("|")
        return f"{super().format_field(value, spec)} {noun(value, one, many or None)}"


_WORDING = _Wording()


def fill(template: str, /, **values: Any) -> str:
    """`template` with its placeholders filled: `fill("{n:#test}", n=1)` -> "1 test"."""
    return _WORDING.format(template, **values)


__all__ = ["fill"]
