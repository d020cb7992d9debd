"""The small condition language that knowledge entries use to say *when* they apply.

A condition is YAML data::

    {fact: twitch.duration_days, gt: 14}
    {all: [{fact: symptoms.overheating, is: true}, {any: [...]}]}
    {not: {fact: hydration.electrolytes_replaced, is: true}}
    {fact: symptoms.overheating, is_not: true}

Evaluation is three-valued (Kleene): a condition on a fact the report does not give is *unknown* (None), not
false, so the engine can tell "ruled out" from "not asked" and turn the latter into a next question.
Two operators are deliberately two-valued: `known` (is the fact given?) and `is_not` ("not reported as": true
unless the fact is known to equal the value). `is_not` is what a safety fallback needs: "confusion, and
overheating not reported" must fire when overheating was never asked.
Conditions are compiled once, at load time, into closures; evaluation does no parsing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from twitchcheck.facts import FACTS, FactSpec

Facts = Mapping[str, Any]
Truth = bool | None
Evaluator = Callable[[Facts], Truth]

_COMPARISONS = ("gt", "gte", "lt", "lte")
_OPERATORS = ("is", "is_not", "in", "contains", "contains_any", "known", *_COMPARISONS)


class ConditionError(ValueError):
    """A condition that does not parse; `path` says where inside the condition."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


@dataclass(frozen=True, slots=True, eq=False)  # identity equality: compiled conditions are cached by identity
class Condition:
    """A compiled condition: `evaluate(facts)` gives True, False or None (unknown)."""

    op: str
    evaluate: Evaluator = field(repr=False, compare=False)
    fact: str | None = None
    operand: Any = None
    children: tuple[Condition, ...] = ()

    def facts_used(self) -> frozenset[str]:
        """Every fact this condition reads."""
        if self.fact is not None:
            return frozenset({self.fact})
        return frozenset().union(*(child.facts_used() for child in self.children))

    def required_known(self) -> frozenset[str]:
        """Facts that are certainly known whenever this condition is true (for checking text templates)."""
        if self.fact is not None:
            if self.op == "is_not" or (self.op == "known" and self.operand is False):
                return frozenset()
            return frozenset({self.fact})
        if self.op == "all":
            return frozenset().union(*(child.required_known() for child in self.children))
        if self.op == "any":
            return frozenset.intersection(*(child.required_known() for child in self.children))
        return frozenset()  # `not`: conservatively nothing

    def unknown_facts(self, facts: Facts) -> frozenset[str]:
        """Facts whose absence keeps this condition unknown (empty when it is decided)."""
        if self.evaluate(facts) is not None:
            return frozenset()
        if self.fact is not None:
            return frozenset({self.fact})
        return frozenset().union(*(child.unknown_facts(facts) for child in self.children))

    def explain(self, facts: Facts) -> list[tuple[str, Any]]:
        """The facts, with their values, that make this condition true (empty unless it is true)."""
        if self.evaluate(facts) is not True:
            return []
        if self.fact is not None:
            return [(self.fact, facts.get(self.fact))]
        if self.op == "any":
            for child in self.children:
                if child.evaluate(facts) is True:
                    return child.explain(facts)
            return []  # pragma: no cover - a true `any` has a true child
        if self.op == "all":
            found: list[tuple[str, Any]] = []
            for child in self.children:
                for item in child.explain(facts):
                    if item not in found:
                        found.append(item)
            return found
        # `not` is true because its child is false: name the facts the child read.
        return [(name, facts.get(name)) for name in sorted(self.facts_used()) if name in facts]

    def render(self) -> str:
        """A readable one-line form, for `kb show` and error messages."""
        if self.op in ("all", "any"):
            inner = f" {self.op} ".join(child.render() for child in self.children)
            return f"({inner})"
        if self.op == "not":
            return f"not {self.children[0].render()}"
        symbol = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<=", "is": "is", "is_not": "is not reported as"}.get(self.op, self.op)
        return f"{self.fact} {symbol} {self.operand!r}"


def parse_condition(raw: object, path: str = "", facts: Mapping[str, FactSpec] = FACTS) -> Condition:
    """Parse and type-check a condition; raise ConditionError naming the sub-path of the first problem."""
    if not isinstance(raw, Mapping):
        raise ConditionError(path, f"a condition is a mapping, not {type(raw).__name__}")
    keys = set(raw)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(path, f"'{combinator}' stands alone; found also {sorted(keys - {combinator})}")
            items = raw[combinator]
            if not isinstance(items, Sequence) or isinstance(items, str) or not items:
                raise ConditionError(f"{path}.{combinator}", "needs a non-empty list of conditions")
            children = tuple(
                parse_condition(item, f"{path}.{combinator}[{index}]".lstrip("."), facts)
                for index, item in enumerate(items)
            )
            evaluate = _all(children) if combinator == "all" else _any(children)
            return Condition(combinator, evaluate, children=children)
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(path, f"'not' stands alone; found also {sorted(keys - {'not'})}")
        child = parse_condition(raw["not"], f"{path}.not".lstrip("."), facts)
        return Condition("not", _not(child.evaluate), children=(child,))
    return _parse_leaf(raw, path, facts)


def _parse_leaf(raw: Mapping[str, Any], path: str, facts: Mapping[str, FactSpec]) -> Condition:
    if "fact" not in raw:
        raise ConditionError(path, "expected one of 'all', 'any', 'not' or 'fact'")
    name = raw["fact"]
    if name not in facts:
        raise ConditionError(f"{path}.fact".lstrip("."), f"unknown fact {name!r}")
    ops = [key for key in raw if key != "fact"]
    if len(ops) != 1 or ops[0] not in _OPERATORS:
        raise ConditionError(path, f"a fact takes exactly one operator of {list(_OPERATORS)}; found {ops}")
    op = ops[0]
    operand = raw[op]
    spec = facts[name]
    where = f"{path}.{op}".lstrip(".")
    _check_operand(spec, op, operand, where)
    return Condition(op, _leaf(name, op, operand), fact=name, operand=operand)


def _check_operand(spec: FactSpec, op: str, operand: Any, where: str) -> None:
    if op == "known":
        if not isinstance(operand, bool):
            raise ConditionError(where, "takes true or false")
        return
    if op in _COMPARISONS:
        if spec.kind != "number":
            raise ConditionError(where, f"{spec.name} is a {spec.kind}, not a number")
        if isinstance(operand, bool) or not isinstance(operand, int | float):
            raise ConditionError(where, f"compares with a number, not {operand!r}")
        return
    if op in ("is", "is_not"):
        if spec.kind == "bool" and not isinstance(operand, bool):
            raise ConditionError(where, f"{spec.name} is true or false, not {operand!r}")
        if spec.kind == "enum":
            _check_values(spec, [operand], where)
        if spec.kind in ("number", "list"):
            raise ConditionError(where, f"use a comparison or 'contains' on {spec.name}, a {spec.kind}")
        return
    if op == "in":
        if spec.kind != "enum":
            raise ConditionError(where, f"'in' needs an enum fact; {spec.name} is a {spec.kind}")
        if not isinstance(operand, list) or not operand:
            raise ConditionError(where, "takes a non-empty list")
        _check_values(spec, operand, where)
        return
    # contains / contains_any: on list facts
    if spec.kind != "list":
        raise ConditionError(where, f"'{op}' needs a list fact; {spec.name} is a {spec.kind}")
    values = operand if op == "contains_any" else [operand]
    if op == "contains_any" and (not isinstance(operand, list) or not operand):
        raise ConditionError(where, "takes a non-empty list")
    _check_values(spec, values, where)


def _check_values(spec: FactSpec, values: list[Any], where: str) -> None:
    bad = [value for value in values if spec.values is not None and value not in spec.values]
    if bad:
        raise ConditionError(where, f"{bad!r} not among the values of {spec.name}: {list(spec.values or ())}")


# Closures: each reads the fact once; None means unknown.


def _leaf(name: str, op: str, operand: Any) -> Evaluator:
    if op == "known":
        return lambda facts: (facts.get(name) is not None) is operand
    if op == "is":
        return lambda facts: None if (value := facts.get(name)) is None else value == operand
    if op == "is_not":
        return lambda facts: facts.get(name) != operand
    if op == "gt":
        return lambda facts: None if (value := facts.get(name)) is None else value > operand
    if op == "gte":
        return lambda facts: None if (value := facts.get(name)) is None else value >= operand
    if op == "lt":
        return lambda facts: None if (value := facts.get(name)) is None else value < operand
    if op == "lte":
        return lambda facts: None if (value := facts.get(name)) is None else value <= operand
    if op == "in":
        allowed = frozenset(operand)
        return lambda facts: None if (value := facts.get(name)) is None else value in allowed
    if op == "contains":
        return lambda facts: None if (value := facts.get(name)) is None else operand in value
    wanted = frozenset(operand)  # contains_any
    return lambda facts: None if (value := facts.get(name)) is None else not wanted.isdisjoint(value)


def _all(children: tuple[Condition, ...]) -> Evaluator:
    evaluators = tuple(child.evaluate for child in children)

    def evaluate(facts: Facts) -> Truth:
        result: Truth = True
        for child in evaluators:
            value = child(facts)
            if value is False:
                return False
            if value is None:
                result = None
        return result

    return evaluate


def _any(children: tuple[Condition, ...]) -> Evaluator:
    evaluators = tuple(child.evaluate for child in children)

    def evaluate(facts: Facts) -> Truth:
        result: Truth = False
        for child in evaluators:
            value = child(facts)
            if value is True:
                return True
            if value is None:
                result = None
        return result

    return evaluate


def _not(child: Evaluator) -> Evaluator:
    return lambda facts: None if (value := child(facts)) is None else not value
