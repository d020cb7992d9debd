"""Text templates: constants baked in once, facts filled per report."""

from __future__ import annotations

import pytest

from twitchcheck.engine.render import MissingFact, bake_constants, fill, render

TEMPLATE = "Up to {const.caffeine_daily_mg:.0f} mg a day ({{braces}}); you had {stimulants.caffeine_mg:.0f}."


def test_constants_are_baked_and_other_placeholders_kept() -> None:
    baked = bake_constants(TEMPLATE, {"caffeine_daily_mg": 400.0})
    assert baked == "Up to 400 mg a day ({{braces}}); you had {stimulants.caffeine_mg:.0f}."
    assert fill(baked, {"stimulants.caffeine_mg": 512.4}) == "Up to 400 mg a day ({braces}); you had 512."


def test_render_reports_the_numbers_it_used_and_refuses_unknown_facts() -> None:
    text, numbers = render("Drink {calc.rehydration_volume_l:.1f} L", {"calc.rehydration_volume_l": 1.2})
    assert text == "Drink 1.2 L"
    assert numbers == {"rehydration_volume_l": 1.2}
    with pytest.raises(MissingFact):
        fill("Drink {calc.rehydration_volume_l:.1f} L", {})
