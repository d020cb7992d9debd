"""Fill a knowledge-base text template with facts: `{calc.body_mass_loss_pct:.1f}`.

Templates are compiled once into a positional format string and the list of facts it reads, so filling one is
a single `str.format` call.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

_FORMATTER = string.Formatter()


class MissingFact(Exception):
    """A template asked for a fact the report does not give."""


@dataclass(frozen=True, slots=True)
class _Compiled:
    pattern: str  # positional: "You lost {0:.1f}% ..."
    names: tuple[str, ...]
    number_keys: tuple[str, ...]  # `calc.` dropped: the keys of the numbers a filled template reports
    has_spec: tuple[bool, ...]


@lru_cache(maxsize=2048)
def _compile(template: str) -> _Compiled:
    pattern: list[str] = []
    names: list[str] = []
    has_spec: list[bool] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        pattern.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        conv = f"!{conversion}" if conversion else ""
        pattern.append(f"{{{len(names)}{conv}{':' + spec if spec else ''}}}")
        names.append(name)
        has_spec.append(bool(spec))
    keys = tuple(name.removeprefix("calc.") for name in names)
    return _Compiled("".join(pattern), tuple(names), keys, tuple(has_spec))


def bake_constants(template: str, constants: Mapping[str, float]) -> str:
    """The template with its `{const.NAME}` placeholders replaced by the figures (done once per knowledge
    base; the other placeholders are kept for `fill`)."""
    parts: list[str] = []
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if name is None:
            continue
        if name.startswith("const."):
            value = constants[name.removeprefix("const.")]
            text = format(value, spec) if spec else _plain(value)
            parts.append(text.replace("{", "{{").replace("}", "}}"))
        else:
            suffix = (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            parts.append("{" + name + suffix + "}")
    return "".join(parts)


def _plain(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def fill(template: str, facts: Mapping[str, Any], labels: Mapping[str, str] | None = None) -> str:
    """The filled template; MissingFact if a fact it names is unknown."""
    return _fill(_compile(template), facts, labels, None)


def render(
    template: str, facts: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> tuple[str, dict[str, float]]:
    """The filled template and the numbers it used (`calc.` dropped); MissingFact if a fact is unknown."""
    numbers: dict[str, float] = {}
    return _fill(_compile(template), facts, labels, numbers), numbers


def _fill(
    compiled: _Compiled,
    facts: Mapping[str, Any],
    labels: Mapping[str, str] | None,
    numbers: dict[str, float] | None,
) -> str:
    if not compiled.names:
        return compiled.pattern.format()
    values: list[Any] = []
    for name, key, has_spec in zip(compiled.names, compiled.number_keys, compiled.has_spec, strict=True):
        value = facts.get(name)
        if value is None:
            raise MissingFact(name)
        if isinstance(value, bool):
            value = "yes" if value else "no"
        elif isinstance(value, int | float):
            if numbers is not None:
                numbers[key] = round(float(value), 3)
            if not has_spec and not isinstance(value, int):
                # Without a format spec: "2 L", not "2.0 L"; "1.3 h", not "1.3333333 h".
                value = int(value) if value.is_integer() else round(value, 1)
        elif isinstance(value, list | tuple):
            value = ", ".join((labels or {}).get(str(item), str(item)) for item in value)
        elif labels is not None and isinstance(value, str):
            value = labels.get(value, value)
        values.append(value)
    return compiled.pattern.format(*values)
