"""The sport table's regions are cited, and every workout type of each app maps where it should."""

from __future__ import annotations

import pytest

from twitchcheck import load_knowledge
from twitchcheck.adapters.imports._apple import sport_name
from twitchcheck.adapters.workout_files import shipped_sports


def test_every_sport_with_regions_cites_a_source_the_knowledge_base_has() -> None:
    sources = {source.id for source in load_knowledge().sources.values()}
    sports = {sport.id: sport for sport in shipped_sports().by_name.values()}
    for sport in sports.values():
        if sport.worked_regions:
            assert sport.references, sport.id
        for reference in sport.references:
            assert reference.source in sources, (sport.id, reference.source)


@pytest.mark.parametrize(
    ("name", "kind", "regions"),
    [
        (
            sport_name("HKWorkoutActivityTypeRunning"),
            "endurance",
            ("calf", "quadriceps", "hamstring", "glute"),
        ),
        (sport_name("HKWorkoutActivityTypeTraditionalStrengthTraining"), "strength", None),
        (sport_name("HKWorkoutActivityTypeFunctionalStrengthTraining"), "strength", None),
        (sport_name("HKWorkoutActivityTypeHighIntensityIntervalTraining"), "hiit", None),
        (
            sport_name("HKWorkoutActivityTypeCrossCountrySkiing"),
            "endurance",
            ("quadriceps", "glute", "calf", "shoulder", "triceps"),
        ),
        (
            sport_name("HKWorkoutActivityTypeTableTennis"),
            "sport",
            ("shoulder", "forearm", "calf", "quadriceps"),
        ),
        (sport_name("HKWorkoutActivityTypeMixedCardio"), "other", None),
        ("road_biking", "endurance", ("quadriceps", "calf", "glute")),  # Garmin
        ("lap_swimming", "endurance", ("shoulder", "upper_back", "chest", "triceps")),  # Garmin
        ("Outdoor Bike", "endurance", ("quadriceps", "calf", "glute")),  # Fitbit
        ("Weights", "strength", None),  # Fitbit
    ],
)
def test_each_apps_workout_types_map_to_a_kind_and_regions(
    name: str, kind: str, regions: tuple[str, ...] | None
) -> None:
    classified = shipped_sports().classify([name])
    assert (classified.kind, classified.worked_regions) == (kind, regions)
