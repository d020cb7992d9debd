"""The personal plan: every advice entry whose condition holds, in priority order, numbers filled in."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from twitchcheck.engine.render import MissingFact, bake_constants, render
from twitchcheck.knowledge.conditions import evaluate_all
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Advice, Food, Stretch


@dataclass(frozen=True, slots=True)
class PlannedStep:
    advice: Advice
    text: str
    numbers: dict[str, float]


@lru_cache(maxsize=4096)  # a loaded base has a few hundred texts
def baked(kb: KnowledgeBase, template: str) -> str:
    """A knowledge-base text with its `{const.NAME}` figures filled in from that base's constants."""
    return bake_constants(template, _constants(kb))


@cache
def _constants(kb: KnowledgeBase) -> Mapping[str, float]:
    return {name: entry.value for name, entry in kb.constant_entries.items()}


@cache
def _applies(kb: KnowledgeBase) -> Callable[[Mapping[str, Any]], tuple[bool | None, ...]]:
    return evaluate_all([advice.when for advice in kb.advice])


def make_plan(kb: KnowledgeBase, facts: Mapping[str, Any], labels: Mapping[str, str]) -> list[PlannedStep]:
    """The plan for these facts (which include `triage.level`)."""
    steps: list[PlannedStep] = []
    for advice, applies in zip(kb.advice, _applies(kb)(facts), strict=True):
        if applies is not True:
            continue
        for variant in advice.variants:
            if variant.when is not None and variant.when.evaluate(facts) is not True:
                continue
            try:
                text, numbers = render(baked(kb, variant.text), facts, labels)
            except MissingFact:
                continue  # this wording needs a figure the report does not give: try the next one
            steps.append(PlannedStep(advice, text, numbers))
            break
    return steps


def food_list(foods: tuple[Food, ...]) -> str:
    """Electrolyte foods with potassium and magnesium per portion, richest in potassium first."""
    ranked = sorted(foods, key=lambda food: -food.potassium_mg_per_100g * food.portion_g)
    return "; ".join(
        f"{food.name} ({food.portion}: about "
        f"{food.potassium_mg_per_100g * food.portion_g / 100:.0f} mg potassium, "
        f"{food.magnesium_mg_per_100g * food.portion_g / 100:.0f} mg magnesium)"
        for food in ranked
    )


def stretch_list(stretches: tuple[Stretch, ...], regions: list[str] | tuple[str, ...]) -> str:
    """The stretches that cover these regions, each once, in the order of the regions: one line each,
    each line starting with a newline and a dash (the template puts the list last)."""
    chosen: list[Stretch] = []
    for region in regions:
        for stretch in stretches:
            if region in stretch.regions and stretch not in chosen:
                chosen.append(stretch)
    return "".join(
        f"\n- {stretch.title}: {stretch.how} Hold about {stretch.hold_seconds} s." for stretch in chosen
    )
