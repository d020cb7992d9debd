"""The physiology calculators, on figures from the references."""

from __future__ import annotations

import pytest

from twitchcheck.engine import physiology as phys


def test_body_mass_loss_pct() -> None:
    assert phys.body_mass_loss_pct(70.0, 68.6) == pytest.approx(2.0)
    assert phys.body_mass_loss_pct(70.0, 70.7) == pytest.approx(-1.0)  # gained: drank more than was lost


def test_sweat_loss_follows_the_weighing_formula() -> None:
    # before - after + fluid drunk - urine
    assert phys.sweat_loss_l(70.0, 69.0, fluid_drunk_l=0.5, urine_l=0.2) == pytest.approx(1.3)


def test_rehydration_is_one_and_a_half_litres_per_kg_lost() -> None:
    assert phys.rehydration_volume_l(0.8, 1.5) == pytest.approx(1.2)
    assert phys.rehydration_volume_l(-0.3, 1.5) == 0.0  # gained mass: nothing to replace


def test_sweat_sodium() -> None:
    assert phys.sweat_sodium_loss_mg(1.0, 35.9, 23) == pytest.approx(825.7)


def test_caffeine_halves_every_half_life() -> None:
    assert phys.caffeine_remaining_mg(200, 5, 5) == pytest.approx(100)
    assert phys.caffeine_remaining_mg(200, 10, 5) == pytest.approx(50)
    assert phys.caffeine_remaining_mg(200, 0, 5) == pytest.approx(200)


def test_session_load_and_estimated_sweat() -> None:
    assert phys.session_load_au(8, 80) == 640
    assert phys.estimated_sweat_loss_l(1.5, 1.21) == pytest.approx(1.815)
