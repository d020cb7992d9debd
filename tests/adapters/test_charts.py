"""The journal's charts: valid, accessible SVG that says what it shows, the same bytes for the same journal,
and a plain 'nothing to show' for an empty window."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from tests.adapters.clinical.journals import NOW, START, weakening_grip
from twitchcheck.adapters import charts
from twitchcheck.journal.analysis import analyse
from twitchcheck.journal.events import History
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.knowledge.loader import KnowledgeBase

SVG = "{http://www.w3.org/2000/svg}"
END = NOW.date()


@pytest.fixture(scope="module")
def history() -> History:
    return weakening_grip().history()


@pytest.fixture(scope="module")
def every_chart(history: History, kb: KnowledgeBase) -> tuple[charts.Chart, ...]:
    return charts.all_charts(history, START, END, now=NOW, knowledge=kb)


def test_every_chart_is_an_svg_image_labelled_by_its_title_and_description(
    every_chart: tuple[charts.Chart, ...],
) -> None:
    assert [chart.id for chart in every_chart] == list(charts.CHARTS)
    for chart in every_chart:
        root = ET.fromstring(chart.svg)
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None
        assert title.text == chart.title
        assert desc is not None
        assert desc.text == chart.summary
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        assert not chart.empty


def test_charts_keep_text_as_text_and_carry_no_date_or_embedded_font(
    every_chart: tuple[charts.Chart, ...],
) -> None:
    for chart in every_chart:
        assert "<text" in chart.svg  # svg.fonttype none: labels are text, not glyph outlines
        assert "@font-face" not in chart.svg
        assert "DejaVuSans-" not in chart.svg
        assert "<dc:date>" not in chart.svg
        assert "<?xml" not in chart.svg


def test_ids_inside_charts_are_prefixed_so_charts_can_share_a_page(
    every_chart: tuple[charts.Chart, ...],
) -> None:
    ids: list[str] = []
    for chart in every_chart:
        ids += [element.get("id", "") for element in ET.fromstring(chart.svg).iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_the_same_journal_draws_the_same_bytes_from_many_threads(history: History, kb: KnowledgeBase) -> None:
    first = charts.strength_chart(history, START, END, now=NOW, knowledge=kb)
    with ThreadPoolExecutor(max_workers=4) as pool:
        again = list(
            pool.map(lambda _: charts.strength_chart(history, START, END, now=NOW, knowledge=kb), range(4))
        )
    assert {chart.svg for chart in again} == {first.svg}


def test_summaries_give_the_numbers_the_analysis_found(history: History, kb: KnowledgeBase) -> None:
    found = analyse(history, NOW, kb)
    left = next(t for t in found.strength.trends if t.test == "grip" and t.side == "left")
    assert left.declining
    assert left.change_pct is not None
    strength = charts.strength_chart(history, START, END, now=NOW, knowledge=kb, analyses=found)
    assert f"fitted change {left.change_pct:+.1f}%" in strength.summary
    assert "confirmed decline" in strength.summary
    twitch = charts.twitch_days_chart(history, START, END, now=NOW, knowledge=kb, analyses=found)
    assert "calves" in twitch.summary
    assert "forearms" in twitch.summary
    assert "21 workout days" in twitch.summary


def test_an_empty_window_gives_a_chart_saying_there_is_nothing_to_show(kb: KnowledgeBase) -> None:
    empty = History.of([], weakening_grip().zone)
    for make in charts.CHARTS.values():
        chart = make(empty, date(2026, 1, 1), date(2026, 1, 31), knowledge=kb)
        assert chart.empty
        assert chart.summary.startswith("No ")
        assert "01 Jan 2026 to 31 Jan 2026" in chart.summary
        ET.fromstring(chart.svg)


def test_a_window_ending_before_it_starts_is_refused(history: History, kb: KnowledgeBase) -> None:
    with pytest.raises(ValueError, match="ends"):
        charts.twitch_days_chart(history, END, START, knowledge=kb)


def tick_labels(chart: charts.Chart, axis: str = "x") -> list[str]:
    """The labels of a chart's ticks on one axis as drawn (hidden labels, as on stacked charts, left out)."""
    labels = []
    for group in ET.fromstring(chart.svg).iter(f"{SVG}g"):
        if re.fullmatch(rf"{re.escape(chart.id)}-{axis}tick_\d+", group.get("id", "")):
            labels += [text.text for text in group.iter(f"{SVG}text") if text.text]
    return labels


@pytest.mark.parametrize("days", [6, 10, 15, 22, 43])
@pytest.mark.parametrize("width_in", [charts.WIDTH_IN, 3.42])
def test_every_chart_has_at_least_three_readable_date_ticks(
    history: History, kb: KnowledgeBase, days: int, width_in: float
) -> None:
    """A chart of a week or of six weeks, full or half the page wide, shows dates along its axis to read
    the days by, not one lonely tick."""
    start = END - timedelta(days=days - 1)
    drawn = [
        make(history, start, END, now=NOW, knowledge=kb, width_in=width_in) for make in charts.CHARTS.values()
    ]
    assert len([chart for chart in drawn if not chart.empty]) >= 3
    for chart in (chart for chart in drawn if not chart.empty):
        labels = tick_labels(chart)
        assert len(labels) >= 3, (chart.id, days, labels)
        assert len(set(labels)) == len(labels), (chart.id, labels)
        assert all(re.fullmatch(r"\d{2} [A-Z][a-z]{2}", label) for label in labels), (chart.id, labels)


def chart_text(chart: charts.Chart) -> list[str]:
    """Every text drawn on a chart (labels, ticks, legend), without its title and description."""
    return [text.text for text in ET.fromstring(chart.svg).iter(f"{SVG}text") if text.text]


def test_the_ratio_thresholds_are_drawn_only_beside_a_ratio(history: History, kb: KnowledgeBase) -> None:
    """Three workouts are too few for an acute:chronic ratio: the chart shows the loads, and no 1.3 and 1.5
    lines for a ratio that was never computed."""
    high, spike = kb.constants.acwr_high, kb.constants.acwr_spike
    few = JournalBuilder(START)
    for day in (2, 9, 16):
        few.workout(day, rpe=7)
    short = charts.training_load_chart(few.history(), START, START + timedelta(days=20), knowledge=kb)
    assert "Too short a record" in short.summary
    drawn = " ".join(chart_text(short))
    assert "Daily load" in drawn
    assert f"High ({high:g})" not in drawn
    assert f"Spike ({spike:g})" not in drawn
    assert "Ratio" not in drawn
    full = " ".join(chart_text(charts.training_load_chart(history, START, END, now=NOW, knowledge=kb)))
    assert f"High ({high:g})" in full
    assert f"Spike ({spike:g})" in full


def _calf(left_cm: tuple[float, ...], right_cm: float = 37.0) -> History:
    journal = JournalBuilder(START)
    for week, cm in enumerate(left_cm):
        journal.circumference(week * 7, "calf", "left", cm).circumference(week * 7, "calf", "right", right_cm)
    return journal.history()


def test_the_calf_axis_spans_far_more_than_tape_noise_and_shows_the_noise(kb: KnowledgeBase) -> None:
    """0.2 cm in five weeks is within a tape measure's noise: the axis spans at least three times the noise
    band (not 36.80 to 37.00), and the chart says how big that noise is, in the knowledge base's words."""
    noise = kb.constants.circumference_stable_cm
    history = _calf((37.0, 36.9, 36.9, 36.8, 36.8))
    chart = charts.circumference_chart(history, START, START + timedelta(days=34), knowledge=kb)
    ticks = [float(label.replace("\N{MINUS SIGN}", "-")) for label in tick_labels(chart, "y")]
    assert max(ticks) - min(ticks) >= 4 * noise, ticks  # labelled ticks of an axis at least 6 x noise wide
    assert min(ticks) < 36.8 - noise
    assert max(ticks) > 37.0 + noise
    said = kb.message("chart_tape_noise").format(noise_cm=noise)
    assert said in chart.summary
    assert f"±{noise:g} cm" in said
    # A real loss is drawn whole, however large.
    lost = charts.circumference_chart(
        _calf((38.0, 37.0, 36.0, 35.0)), START, START + timedelta(days=34), knowledge=kb
    )
    ticks = [float(label.replace("\N{MINUS SIGN}", "-")) for label in tick_labels(lost, "y")]
    assert min(ticks) <= 35.0
    assert max(ticks) >= 38.0


def test_a_small_change_in_strength_does_not_fill_the_axis(kb: KnowledgeBase) -> None:
    """45.0 then 44.5 kg is no decline: the grip axis spans at least twice the fall the analysis flags (10% of
    the typical reading), not 44.5 to 45.0."""
    journal = (
        JournalBuilder(START).strength(5, "grip", 45.0, side="left").strength(20, "grip", 44.5, side="left")
    )
    chart = charts.strength_chart(journal.history(), START, START + timedelta(days=27), knowledge=kb)
    ticks = [float(label.replace("\N{MINUS SIGN}", "-")) for label in tick_labels(chart, "y")]
    assert max(ticks) - min(ticks) >= kb.constants.strength_decline_pct / 100 * 44.75 * 1.2, (
        ticks
    )  # labelled ticks


def test_the_timeline_marks_painful_cramps_and_the_sleep_chart_shows_each_night(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 21, 3):
        journal.workout(day, regions=["calf"]).twitch(day, hour=21, regions=["calf"])
        journal.sleep(day + 1, 5.5 if day % 2 else 7.0)
    journal.twitch(10, hour=9, regions=["calf"], painful_cramps=True)
    end = START + timedelta(days=20)
    timeline = charts.twitch_days_chart(journal.history(), START, end, knowledge=kb)
    assert "Painful cramps" in chart_text(timeline)
    assert "Painful cramps on 1 day (11 Oct)." in timeline.summary
    sleep = charts.sleep_chart(journal.history(), START, end, knowledge=kb)
    assert not sleep.empty
    assert len(tick_labels(sleep)) >= 3
    assert f"Short night (under {kb.constants.short_sleep_h:g} h)" in chart_text(sleep)
    assert "sleep logged for 7 nights" in sleep.summary
    assert "3 nights shorter than 6 h" in sleep.summary


def test_importing_twitchcheck_and_the_report_does_not_import_matplotlib() -> None:
    code = (
        "import sys, twitchcheck, twitchcheck.adapters.charts, twitchcheck.adapters.clinical, "
        "twitchcheck.adapters.cli.commands; "
        "print(sorted(m for m in ('matplotlib', 'weasyprint') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_the_twitch_calendar_says_each_day_in_words_and_marks_the_unexplained(kb: KnowledgeBase) -> None:
    start = date(2026, 11, 2)  # a Monday
    journal = JournalBuilder(start)
    journal.workout(0, regions=("calf",)).twitch(0, regions=("calf",)).twitch(0, hour=22, regions=("calf",))
    journal.twitch(3, regions=("biceps",))  # a rest day: nothing explains it
    end = start + timedelta(days=6)
    now = journal.moment(6, 23)
    calendar = charts.twitch_calendar(journal.history(), end, now=now, knowledge=kb)
    assert calendar.id == "twitch-calendar"
    assert not calendar.empty
    assert calendar.summary.startswith("Twitching logged on 2 of the 84 days since 17 Aug, 1 day of them not")
    table = calendar.svg
    assert table.startswith('<table class="heat-calendar"')
    assert table.count("<tr>") == 8  # the months' row, then Monday to Sunday
    assert "Mon 2 Nov: 2 twitches, calves" in table
    assert "Thu 5 Nov: 1 twitch" in table
    assert "not explained by a workout" in table
    assert table.count("unexplained") == 1
    assert "Tue 3 Nov: no twitching logged" in table
    assert table.count('class="heat-2"') == 1  # two twitches on the Monday


def test_an_empty_calendar_says_so(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(date(2026, 11, 2)).workout(0)
    calendar = charts.twitch_calendar(journal.history(), date(2026, 11, 8), knowledge=kb)
    assert calendar.empty
    assert calendar.summary == "No twitching logged in the 84 days since 17 Aug."
