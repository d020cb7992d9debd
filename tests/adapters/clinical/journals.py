"""Journals of a few weeks for the doctor's report and chart tests, built day by day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from twitchcheck.journal.events import History
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 10, 1)
NOW = datetime(2026, 11, 12, 12, 0, tzinfo=UTC)
"""Six weeks after START, at noon."""


def weakening_grip() -> JournalBuilder:
    """Six weeks of leg days with calf twitching that evening; from week 4, twitching in the left forearm on
    rest days; left grip falling from 46 to about 40 kg while the right holds; caffeine and drinks daily;
    sleep most mornings."""
    journal = JournalBuilder(START)
    for day in range(42):
        if day % 5 != 4:
            journal.sleep(day, (7.5, 6.5, 5.5, 8.0)[day % 4])
        if day % 2 == 0:
            journal.workout(day, regions=["calf", "quadriceps"], rpe=6 + day % 3)
            journal.twitch(day, hour=21, regions=["calf"])
        if day >= 21 and day % 3 == 1:
            journal.twitch(day, hour=10, regions=["forearm"], side="left")
        journal.caffeine(day, 8, 95 if day % 4 else 190)
        journal.fluid(day, 13, 1500 + (day % 5) * 150)
        if day % 7 == 0:
            noise = (0.4, -0.3, 0.2, -0.4, 0.3, -0.2)[day // 7]
            journal.strength(day, "grip", round(46 - day * 0.15 + noise, 1), side="left")
            journal.strength(day, "grip", round(47 + noise, 1), side="right")
            journal.circumference(day, "forearm", "left", round(28.0 - day * 0.03, 1))
            journal.circumference(day, "forearm", "right", 28.2)
    return journal


def trained_calves() -> JournalBuilder:
    """Four weeks of training with calf twitching that evening only: explained every time, self-care."""
    journal = JournalBuilder(START)
    for day in range(0, 28, 2):
        journal.workout(day, regions=["calf"])
        journal.twitch(day, hour=21, regions=["calf"])
    return journal


def emergency() -> JournalBuilder:
    """Calf twitching after training, then trouble breathing logged this morning."""
    journal = JournalBuilder(START)
    for day in range(0, 40, 2):
        journal.workout(day, regions=["calf"])
        journal.twitch(day, hour=21, regions=["calf"])
    journal.symptom(42, "trouble_breathing", True, hour=8)
    return journal


def history(journal: JournalBuilder) -> History:
    return journal.history()


def many_flags() -> JournalBuilder:
    """Eight weeks: leg days with calf twitching, then unexplained twitching spreading to the forearm and
    hand, left grip and forearm falling, caffeine and drinks daily: four red flags and many sources."""
    journal = JournalBuilder(START)
    for day in range(56):
        if day % 2 == 0:
            journal.workout(day, regions=["calf", "quadriceps"], rpe=6 + day % 3)
            journal.twitch(day, hour=21, regions=["calf"])
        if day >= 30 and day % 3 == 0:
            journal.twitch(day, hour=10, regions=["forearm", "hand"] if day > 40 else ["forearm"])
        journal.caffeine(day, 8, 95 + (day % 4) * 40)
        journal.fluid(day, 12, 1500 + (day % 5) * 200)
        if day % 7 == 0:
            journal.strength(day, "grip", 46 - day * 0.15, side="left")
            journal.strength(day, "grip", 47 + (day % 3) * 0.5, side="right")
            journal.circumference(day, "forearm", "left", 28.0 - day * 0.03)
            journal.circumference(day, "forearm", "right", 28.2)
    return journal
