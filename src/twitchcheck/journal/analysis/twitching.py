"""Persistence and spread: which twitches a workout explains, how long unexplained twitching has gone on, and
where it is. Definitions in docs/journal-analysis.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from twitchcheck.core.constants import Constants
from twitchcheck.journal.analysis._time import between, until, week_starts
from twitchcheck.journal.events import History, TwitchEvent, WorkoutEvent
from twitchcheck.knowledge.loader import load_knowledge

CHART_WEEKS = 12
_LONGEST_WORKOUT = timedelta(hours=24)  # the contract's bound on duration_min (1440)
_IGNORED_FOR_SPREAD = frozenset({"eyelid"})  # as in facts.py: eyelid twitching is common and harmless
# A workout that logged no regions may have worked any limb, never the trunk, head or tongue (body areas
# are in the knowledge base's regions.yaml).
_LIMB_AREAS = frozenset({"lower_limb", "upper_limb"})


@dataclass(frozen=True, slots=True)
class ClassifiedTwitch:
    """A logged twitch and what explains it."""

    when: datetime
    day: date
    regions: tuple[str, ...]
    unexplained_regions: tuple[str, ...]
    """Regions that no workout in the window before worked (all of them on a rest day)."""
    after_workout: bool
    """A workout (any) started before it and ended no more than the window before it."""
    explaining_regions: tuple[str, ...]
    """The twitch's regions a workout in the window worked (its limb regions where a workout logged none)."""

    @property
    def explained(self) -> bool:
        return not self.unexplained_regions


def classify_twitches(
    history: History,
    now: datetime,
    constants: Constants,
    region_areas: Mapping[str, str] | None = None,
) -> tuple[ClassifiedTwitch, ...]:
    """Every twitch logged by `now`, each marked explained when it falls from the start of a workout to the
    post-workout window after its end, in a region that workout worked (a limb region when it logged none)."""
    areas = region_areas if region_areas is not None else _region_areas()
    window = timedelta(hours=constants.post_workout_window_h)
    workouts = history.of_type("workout")
    result = []
    for entry in until(history.of_type("twitch"), now):
        twitch = entry.event
        assert isinstance(twitch, TwitchEvent)
        covered: set[str] = set()
        after_workout = False
        # A twitch logged with a date only covers that whole day: it is explained when a workout that day, or
        # the window after one, overlaps the day (not only a workout before its midnight).
        first = entry.when
        last = entry.when + timedelta(days=1) - timedelta(microseconds=1) if "T" not in twitch.at else first
        for candidate in between(workouts, first - window - _LONGEST_WORKOUT, last):
            workout = candidate.event
            assert isinstance(workout, WorkoutEvent)
            if candidate.when + timedelta(minutes=workout.duration_min) + window < first:
                continue
            after_workout = True
            if workout.worked_regions is not None:
                covered.update(workout.worked_regions)
            else:
                covered.update(region for region in twitch.regions if areas.get(region) in _LIMB_AREAS)
        regions = tuple(twitch.regions)
        unexplained = tuple(region for region in regions if region not in covered)
        explaining = tuple(region for region in regions if region in covered)
        result.append(
            ClassifiedTwitch(entry.when, entry.day, regions, unexplained, after_workout, explaining)
        )
    return tuple(result)


def _region_areas() -> Mapping[str, str]:
    return load_knowledge().region_areas


@dataclass(frozen=True, slots=True)
class TwitchRun:
    """Twitch days (whatever explains them) from `first` to `last`: a run of consecutive days, or a stretch
    with twitching on most of its days."""

    first: datetime
    last: datetime
    twitch_days: int
    calendar_days: int

    @property
    def span_days(self) -> float:
        return round((self.last - self.first).total_seconds() / 86400, 9)


@dataclass(frozen=True, slots=True)
class Episode:
    """A run of unexplained twitching: no gap between twitch days longer than the episode gap."""

    first: datetime
    last: datetime
    twitch_days: int
    regions: tuple[str, ...]
    rest_day_twitch_days: int

    @property
    def span_days(self) -> float:
        """From the first to the last unexplained twitch, in days."""
        return round((self.last - self.first).total_seconds() / 86400, 9)


@dataclass(frozen=True, slots=True)
class WeekTwitches:
    week_start: date
    twitch_days: int
    unexplained_days: int
    rest_day_twitch_days: int
    """Days with a twitch that no workout of any kind came before within the window."""


@dataclass(frozen=True, slots=True)
class Persistence:
    """Twitch days over the last weeks and the current unexplained episode; `persistent` is the red flag."""

    as_of: datetime
    twitch_days_28d: int
    unexplained_days_28d: int
    rest_day_twitch_days_28d: int
    weekly: tuple[WeekTwitches, ...]
    """Twitch days per week over the last 12 weeks, oldest first (chart)."""
    current_episode: Episode | None
    """The latest episode, if it has not ended (its last twitch no more than the gap before today)."""
    longest_episode: Episode | None
    persistent: bool
    """The current unexplained episode spans more than the limit, or `frequent` is set."""
    limit_days: float
    frequent: TwitchRun | None = None
    """The longest stretch of more than the limit, ending no more than the episode gap before today, with
    twitching (explained or not) on more than `twitch_frequent_day_share` of its days."""
    current_run: TwitchRun | None = None
    """The consecutive days with a twitch that end on the latest twitch day."""


def persistence(
    history: History,
    now: datetime,
    constants: Constants,
    twitches: Sequence[ClassifiedTwitch] | None = None,
) -> Persistence:
    """Persistence as of `now`: flagged when the current unexplained episode spans more than the limit."""
    twitches = classify_twitches(history, now, constants) if twitches is None else twitches
    today = now.astimezone(history.zone).date()
    episodes = _episodes([t for t in twitches if not t.explained], constants.twitch_episode_gap_days)
    current = None
    if episodes and (today - episodes[-1].last.astimezone(history.zone).date()).days <= (
        constants.twitch_episode_gap_days
    ):
        current = episodes[-1]
    longest = max(episodes, key=lambda episode: episode.span_days, default=None)
    by_day = _days(twitches)
    month_start = today - timedelta(days=27)
    recent = [info for day, info in by_day.items() if day >= month_start]
    weekly = []
    for start in week_starts(today, CHART_WEEKS):
        week = [info for day, info in by_day.items() if start <= day < start + timedelta(days=7)]
        weekly.append(
            WeekTwitches(start, len(week), sum(1 for u, _ in week if u), sum(1 for _, r in week if r))
        )
    limit = constants.twitch_persistent_days
    frequent = _frequent(twitches, today, constants)
    return Persistence(
        as_of=now,
        twitch_days_28d=len(recent),
        unexplained_days_28d=sum(1 for unexplained, _ in recent if unexplained),
        rest_day_twitch_days_28d=sum(1 for _, rest in recent if rest),
        weekly=tuple(weekly),
        current_episode=current,
        longest_episode=longest,
        persistent=(current is not None and current.span_days > limit) or frequent is not None,
        limit_days=limit,
        frequent=frequent,
        current_run=_current_run(twitches),
    )


def _day_bounds(twitches: Sequence[ClassifiedTwitch]) -> list[tuple[date, datetime, datetime]]:
    """(day, first twitch, last twitch) per twitch day, oldest first."""
    bounds: dict[date, tuple[datetime, datetime]] = {}
    for twitch in twitches:
        first, last = bounds.get(twitch.day, (twitch.when, twitch.when))
        bounds[twitch.day] = (min(first, twitch.when), max(last, twitch.when))
    return [(day, first, last) for day, (first, last) in sorted(bounds.items())]


def _frequent(twitches: Sequence[ClassifiedTwitch], today: date, constants: Constants) -> TwitchRun | None:
    # Every (first day, last day) pair is a candidate, so that adding a twitch day never removes the flag.
    days = _day_bounds(twitches)
    limit = constants.twitch_persistent_days
    share = constants.twitch_frequent_day_share
    best: TwitchRun | None = None
    for end in range(len(days) - 1, -1, -1):
        last_day, _, last = days[end]
        if (today - last_day).days > constants.twitch_episode_gap_days:
            break
        for start in range(end + 1):
            first_day, first, _ = days[start]
            calendar = (last_day - first_day).days + 1
            count = end - start + 1
            run = TwitchRun(first, last, count, calendar)
            # Twitch days after the first, per day since it: twitching every other day is a share of exactly
            # one half, however the stretch's ends fall.
            qualifies = run.span_days > limit and count - 1 > share * (calendar - 1)
            if qualifies and (best is None or run.span_days > best.span_days):
                best = run
    return best


def _current_run(twitches: Sequence[ClassifiedTwitch]) -> TwitchRun | None:
    days = _day_bounds(twitches)
    if not days:
        return None
    start = len(days) - 1
    while start > 0 and (days[start][0] - days[start - 1][0]).days == 1:
        start -= 1
    return TwitchRun(days[start][1], days[-1][2], len(days) - start, len(days) - start)


def _days(twitches: Sequence[ClassifiedTwitch]) -> Mapping[date, tuple[bool, bool]]:
    """Per twitch day: (any unexplained twitch, any twitch with no workout before it)."""
    days: dict[date, tuple[bool, bool]] = {}
    for twitch in twitches:
        unexplained, rest = days.get(twitch.day, (False, False))
        days[twitch.day] = (unexplained or not twitch.explained, rest or not twitch.after_workout)
    return days


def _episodes(unexplained: Sequence[ClassifiedTwitch], gap_days: float) -> list[Episode]:
    episodes: list[Episode] = []
    group: list[ClassifiedTwitch] = []
    for twitch in unexplained:
        if group and (twitch.day - group[-1].day).days > gap_days:
            episodes.append(_episode(group))
            group = []
        group.append(twitch)
    if group:
        episodes.append(_episode(group))
    return episodes


def _episode(group: Sequence[ClassifiedTwitch]) -> Episode:
    regions = dict.fromkeys(region for twitch in group for region in twitch.unexplained_regions)
    return Episode(
        first=group[0].when,
        last=group[-1].when,
        twitch_days=len({twitch.day for twitch in group}),
        regions=tuple(regions),
        rest_day_twitch_days=len({twitch.day for twitch in group if not twitch.after_workout}),
    )


@dataclass(frozen=True, slots=True)
class RegionHistory:
    region: str
    first_seen: date
    last_seen: date
    twitch_days: int
    unexplained_days: int
    ever_worked: bool | None
    """Whether any logged workout worked it (None when no workout ever logged its regions)."""


@dataclass(frozen=True, slots=True)
class WeekRegions:
    week_start: date
    regions: int
    unexplained_regions: int


@dataclass(frozen=True, slots=True)
class Spread:
    """Where twitching has been: regions never worked, how many recently, which are new."""

    as_of: datetime
    regions: tuple[RegionHistory, ...]
    """Every region that ever twitched, in the order first seen."""
    recent_regions: tuple[str, ...]
    recent_unexplained_regions: tuple[str, ...]
    """Twitching regions in the recent window that no workout explained, eyelid aside."""
    recent_body_areas: int
    never_worked_regions: tuple[str, ...] | None
    new_regions: tuple[str, ...]
    """Regions first seen in the recent window, after twitching had been logged before it."""
    weekly: tuple[WeekRegions, ...]
    """Distinct twitching regions per week over the last 12 weeks, oldest first (chart)."""
    widespread: bool
    """Two or more unexplained regions recently (the `widespread` red flag's rule, read from the journal)."""
    recent_days: float


def spread(
    history: History,
    now: datetime,
    constants: Constants,
    region_areas: Mapping[str, str],
    twitches: Sequence[ClassifiedTwitch] | None = None,
) -> Spread:
    """Spread as of `now` over the recent window (`journal_recent_days`)."""
    twitches = classify_twitches(history, now, constants, region_areas) if twitches is None else twitches
    today = now.astimezone(history.zone).date()
    recent_start = today - timedelta(days=int(constants.journal_recent_days) - 1)
    worked: set[str] = set()
    regions_logged = False
    for entry in until(history.of_type("workout"), now):
        workout = entry.event
        assert isinstance(workout, WorkoutEvent)
        if workout.worked_regions is not None:
            regions_logged = True
            worked.update(workout.worked_regions)
    first: dict[str, date] = {}
    last: dict[str, date] = {}
    days: dict[str, set[date]] = {}
    unexplained_days: dict[str, set[date]] = {}
    recent: dict[str, None] = {}
    recent_unexplained: dict[str, None] = {}
    for twitch in twitches:
        for region in twitch.regions:
            first.setdefault(region, twitch.day)
            last[region] = twitch.day
            days.setdefault(region, set()).add(twitch.day)
            if region in twitch.unexplained_regions:
                unexplained_days.setdefault(region, set()).add(twitch.day)
            if twitch.day >= recent_start:
                recent[region] = None
                if region in twitch.unexplained_regions and region not in _IGNORED_FOR_SPREAD:
                    recent_unexplained[region] = None
    histories = tuple(
        RegionHistory(
            region,
            first[region],
            last[region],
            len(days[region]),
            len(unexplained_days.get(region, ())),
            (region in worked) if regions_logged else None,
        )
        for region in first
    )
    earlier = bool(twitches) and twitches[0].day < recent_start
    new = tuple(region for region in first if first[region] >= recent_start) if earlier else ()
    weekly = []
    for start in week_starts(today, CHART_WEEKS):
        end = start + timedelta(days=7)
        week = [twitch for twitch in twitches if start <= twitch.day < end]
        weekly.append(
            WeekRegions(
                start,
                len({region for twitch in week for region in twitch.regions}),
                len({region for twitch in week for region in twitch.unexplained_regions}),
            )
        )
    areas = {region_areas[region] for region in recent if region not in _IGNORED_FOR_SPREAD}
    return Spread(
        as_of=now,
        regions=histories,
        recent_regions=tuple(recent),
        recent_unexplained_regions=tuple(recent_unexplained),
        recent_body_areas=len(areas),
        never_worked_regions=(
            tuple(region for region in first if region not in worked) if regions_logged else None
        ),
        new_regions=new,
        weekly=tuple(weekly),
        widespread=len(recent_unexplained) >= 2,
        recent_days=constants.journal_recent_days,
    )
