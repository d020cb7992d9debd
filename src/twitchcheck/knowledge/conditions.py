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
from typing import Any, Generic, TypeVar

from twitchcheck.core.facts import FACTS, FactSpec
from twitchcheck.core.report import REQUIRED_FIELDS

Facts = Mapping[str, Any]
Item = TypeVar("Item")
Truth = bool | None
Evaluator = Callable[[Facts], Truth]

_COMPARISONS = ("gt", "gte", "lt", "lte")
_ALWAYS_KNOWN = frozenset(REQUIRED_FIELDS)
"""Facts every report gives (its required fields)."""
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
    constant: str | None = None
    """The constants.yaml name the operand came from, if any."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by its parts and compiled again when read back (the knowledge base's start-up cache).
        return (_rebuilt, (self.op, self.fact, self.operand, self.children, self.constant))

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

    def direct_facts(self) -> frozenset[str]:
        """Facts whose answer alone can make this condition true while everything else is unknown.

        A leaf's own fact; any fact of an `any`; in an `all`, the direct facts of its one part that is not
        already true when unknown (`is_not`, `known: false`) and does not read only required fields (a report
        always gives those: "swallowing trouble, with twitching for 14 days or less" is decided by the
        swallowing answer). Used to ask the questions that settle the most.
        """
        if self.fact is not None:
            return frozenset() if self._true_when_unknown() else frozenset({self.fact})
        if self.op == "any":
            return frozenset().union(*(child.direct_facts() for child in self.children))
        if self.op == "all":
            deciding = [
                child
                for child in self.children
                if not child._true_when_unknown() and not child.facts_used() <= _ALWAYS_KNOWN
            ]
            return deciding[0].direct_facts() if len(deciding) == 1 else frozenset()
        return frozenset()

    def _true_when_unknown(self) -> bool:
        if self.fact is None:
            return False
        return self.op == "is_not" or (self.op == "known" and self.operand is False)

    def explain(self, facts: Facts) -> list[tuple[str, Any]]:
        """The facts, with their values, that make this condition true (empty unless it is true)."""
        if self.evaluate(facts) is not True:
            return []
        if self.fact is not None:
            # An unanswered field never set anything off (it can make `is_not` or `known: false` true).
            return [(self.fact, facts[self.fact])] if facts.get(self.fact) is not None else []
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
            joiner = " and " if self.op == "all" else " or "
            return "(" + joiner.join(child.render() for child in self.children) + ")"
        if self.op == "not":
            return f"not {self.children[0].render()}"
        operand = _literal(self.operand)
        if self.constant is not None:
            operand = f"{self.constant} ({operand})"
        return f"{self.fact} {_SYMBOLS.get(self.op, self.op)} {operand}"


_SYMBOLS = {
    "gt": ">", "gte": ">=", "lt": "<", "lte": "<=",
    "is": "is", "is_not": "is not reported as", "known": "known:",
}  # fmt: skip


def _literal(value: Any) -> str:
    """A value as the YAML author wrote it: true, 14, [specific, progressive]."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        return "[" + ", ".join(_literal(item) for item in value) + "]"
    return str(value)


def parse_condition(
    raw: object,
    path: str = "",
    facts: Mapping[str, FactSpec] = FACTS,
    constants: Mapping[str, float] | None = None,
) -> Condition:
    """Parse and type-check a condition; raise ConditionError naming the sub-path of the first problem."""
    if not isinstance(raw, Mapping):
        raise ConditionError(path, f"a condition is a mapping, not {type(raw).__name__}")
    keys = set(raw)
    for combinator in ("all", "any"):
        if combinator in keys:
            if keys != {combinator}:
                raise ConditionError(
                    path, f"'{combinator}' stands alone; found also {sorted(keys - {combinator})}"
                )
            items = raw[combinator]
            if not isinstance(items, Sequence) or isinstance(items, str) or not items:
                raise ConditionError(f"{path}.{combinator}", "needs a non-empty list of conditions")
            children = tuple(
                parse_condition(item, f"{path}.{combinator}[{index}]".lstrip("."), facts, constants)
                for index, item in enumerate(items)
            )
            return _compiled(Condition(combinator, _pending, children=children))
    if "not" in keys:
        if keys != {"not"}:
            raise ConditionError(path, f"'not' stands alone; found also {sorted(keys - {'not'})}")
        child = parse_condition(raw["not"], f"{path}.not".lstrip("."), facts, constants)
        return _compiled(Condition("not", _pending, children=(child,)))
    return _parse_leaf(raw, path, facts, constants)


def _pending(_facts: Facts) -> Truth:  # pragma: no cover - replaced before any condition is returned
    raise AssertionError("condition used before it was compiled")


def _rebuilt(
    op: str, fact: str | None, operand: Any, children: tuple[Condition, ...], constant: str | None
) -> Condition:
    """A condition read back from its parts, compiled on its first evaluation (most never are one by one: the
    engine evaluates them in tables, `evaluate_all`), so that reading the cache stays quick."""
    condition = Condition(op, _pending, fact=fact, operand=operand, children=children, constant=constant)

    def evaluate(facts: Facts) -> Truth:
        compiled = _compile(condition)
        object.__setattr__(condition, "evaluate", compiled)
        return compiled(facts)

    object.__setattr__(condition, "evaluate", evaluate)
    return condition


def _compiled(condition: Condition) -> Condition:
    object.__setattr__(condition, "evaluate", _compile(condition))  # frozen: set once, at construction
    return condition


def _parse_leaf(
    raw: Mapping[str, Any], path: str, facts: Mapping[str, FactSpec], constants: Mapping[str, float] | None
) -> Condition:
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
    constant = None
    if op in _COMPARISONS and isinstance(operand, Mapping):
        constant, operand = _constant(operand, constants, where)
    _check_operand(spec, op, operand, where)
    return _compiled(Condition(op, _pending, fact=name, operand=operand, constant=constant))


def _constant(raw: Mapping[str, Any], constants: Mapping[str, float] | None, where: str) -> tuple[str, float]:
    """`{const: caffeine_daily_mg}`: a figure from constants.yaml, cited there once, instead of a literal."""
    if set(raw) != {"const"}:
        raise ConditionError(where, f"a threshold is a number or {{const: NAME}}, not {dict(raw)!r}")
    name = raw["const"]
    if constants is None:
        raise ConditionError(where, f"{{const: {name}}} needs the knowledge base's constants")
    if name not in constants:
        raise ConditionError(where, f"unknown constant {name!r}; known: {sorted(constants)}")
    return str(name), constants[name]


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


# Code generation. Each condition compiles to one Python function with the three-valued logic inlined, and
# `evaluate_all` compiles a list of them into one function, since assess() evaluates about a hundred
# conditions per report. The generated code only reads `facts` and compares with constants bound by name;
# tests/knowledge/test_conditions.py checks it against a small reference interpreter on generated facts.

_COMPARE = {"gt": ">", "gte": ">=", "lt": "<", "lte": "<="}


class _Codegen:
    """Writes the body of one generated function. Each fact is read from `f` once, into a local."""

    def __init__(self) -> None:
        self.constants: dict[str, Any] = {}
        self.facts: dict[str, str] = {}  # fact name -> local variable
        self.counter = 0

    def name(self) -> str:
        self.counter += 1
        return f"v{self.counter}"

    def literal(self, value: Any) -> str:
        if isinstance(value, bool | int | float | str):
            return repr(value)  # a literal in the generated code
        key = f"C{len(self.constants)}"
        self.constants[key] = value
        return key

    def fact(self, name: str) -> str:
        if name not in self.facts:
            self.facts[name] = f"F{len(self.facts)}"
        return self.facts[name]

    def leaf(self, fact: str, op: str, operand: Any) -> str:
        value = self.fact(fact)
        if op == "known":
            return f"({value} is {'not ' if operand else ''}None)"
        if op == "is_not":
            return f"({value} != {self.literal(operand)})"
        if op == "is":
            test = f"{value} == {self.literal(operand)}"
        elif op in _COMPARE:
            test = f"{value} {_COMPARE[op]} {self.literal(operand)}"
        elif op == "in":
            test = f"{value} in {self.literal(frozenset(operand))}"
        elif op == "contains":
            test = f"{self.literal(operand)} in {value}"
        else:  # contains_any
            test = f"not {self.literal(frozenset(operand))}.isdisjoint({value})"
        return f"(None if {value} is None else {test})"

    def combine(self, op: str, parts: list[str]) -> str:
        names = [self.name() for _ in parts]
        if op == "not":
            (part,), (name,) = parts, names
            return f"(None if ({name} := {part}) is None else not {name})"
        decisive, other = ("False", "True") if op == "all" else ("True", "False")
        # Short-circuit on the first decisive child; names after it are never read.
        first = " or ".join(
            f"({name} := {part}) is {decisive}" for name, part in zip(names, parts, strict=True)
        )
        rest = " and ".join(f"{name} is {other}" for name in names)
        return f"({decisive} if {first} else ({other} if {rest} else None))"

    def function(self, body: list[str], name: str) -> Any:
        """Compile `def evaluate(f)` with the fact reads first, then `body` (indented lines)."""
        reads = [f"    {local} = get({fact!r})" for fact, local in self.facts.items()]
        source = "\n".join(["def evaluate(f):", "    get = f.get", *reads, *body]) + "\n"
        namespace: dict[str, Any] = dict(self.constants)
        exec(compile(source, name, "exec"), namespace)
        return namespace["evaluate"]


def _generate(condition: Condition, gen: _Codegen) -> str:
    if condition.fact is not None:
        return gen.leaf(condition.fact, condition.op, condition.operand)
    return gen.combine(condition.op, [_generate(child, gen) for child in condition.children])


def _compile(condition: Condition) -> Evaluator:
    gen = _Codegen()
    expression = _generate(condition, gen)
    evaluate: Evaluator = gen.function([f"    return {expression}"], f"<condition {condition.render()[:60]}>")
    return evaluate


def evaluate_all(conditions: Sequence[Condition]) -> Callable[[Facts], tuple[Truth, ...]]:
    """One function that evaluates all `conditions` on the same facts and returns their outcomes, in order.

    The engine evaluates every trigger and signal for every report: one call, each fact read once.
    """
    gen = _Codegen()
    body = "".join(f"{_generate(condition, gen)}, " for condition in conditions)
    evaluate: Callable[[Facts], tuple[Truth, ...]] = gen.function(
        [f"    return ({body})"], f"<{len(conditions)} conditions>"
    )
    return evaluate


def sort_outcomes(conditions: Sequence[Condition]) -> Callable[[Facts], tuple[list[int], list[int]]]:
    """One function that evaluates all `conditions` and returns (indexes of those true, of those unknown).

    The engine only needs to know which conditions fired and which are undecided.
    """
    gen = _Codegen()
    body = ["    true = []", "    unknown = []"]
    for index, condition in enumerate(conditions):
        body += [
            f"    outcome = {_generate(condition, gen)}",
            f"    if outcome is True: true.append({index})",
            f"    elif outcome is None: unknown.append({index})",
        ]
    body.append("    return true, unknown")
    evaluate: Callable[[Facts], tuple[list[int], list[int]]] = gen.function(
        body, f"<{len(conditions)} conditions>"
    )
    return evaluate


@dataclass(frozen=True, slots=True, eq=False)
class RuleTable(Generic[Item]):
    """Items (triggers, signals, ...) guarded by conditions, evaluated together by one generated function."""

    items: tuple[Item, ...]
    conditions: tuple[Condition, ...]
    _sort: Callable[[Facts], tuple[list[int], list[int]]] = field(repr=False)

    @classmethod
    def of(cls, pairs: Sequence[tuple[Item, Condition]]) -> RuleTable[Item]:
        """A table from (item, its condition) pairs."""
        conditions = tuple(condition for _, condition in pairs)
        return cls(tuple(item for item, _ in pairs), conditions, sort_outcomes(conditions))

    def run(self, facts: Facts) -> tuple[list[Item], frozenset[Condition]]:
        """The items whose condition is true, in table order, and the conditions left unknown."""
        true, unknown = self._sort(facts)
        return [self.items[index] for index in true], frozenset(map(self.conditions.__getitem__, unknown))
