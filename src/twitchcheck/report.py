"""Compatibility: the report contract lives in `twitchcheck.core.report`; this name keeps older imports
(and the free-text reader's) working."""

from twitchcheck.core.report import (
    LEVELS,
    REGIONS,
    REPORT_SCHEMA_ID,
    REPORT_SCHEMA_IDS,
    REQUIRED_FIELDS,
    Context,
    Hydration,
    Level,
    Medication,
    Person,
    Region,
    Report,
    Stimulants,
    Symptoms,
    Twitch,
    Weakness,
    Workout,
    parse_report,
)

__all__ = [
    "LEVELS",
    "REGIONS",
    "REPORT_SCHEMA_ID",
    "REPORT_SCHEMA_IDS",
    "REQUIRED_FIELDS",
    "Context",
    "Hydration",
    "Level",
    "Medication",
    "Person",
    "Region",
    "Report",
    "Stimulants",
    "Symptoms",
    "Twitch",
    "Weakness",
    "Workout",
    "parse_report",
]
