"""What goes on the doctor's report: the facts of the journal, in the knowledge base's words."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from tests.adapters.clinical.journals import NOW, START, emergency, trained_calves, weakening_grip
from twitchcheck.adapters.clinical import NothingToReport, Person, build_report, render_html
from twitchcheck.adapters.clinical.build import MAX_DAYS
from twitchcheck.core.errors import InputError
from twitchcheck.journal.events import History
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.knowledge.loader import KnowledgeBase


def test_a_weakening_grip_reads_as_urgent_with_the_numbers_behind_it(kb: KnowledgeBase) -> None:
    report = build_report(weakening_grip().history(), now=NOW, knowledge=kb)
    assert report.triage is not None
    assert report.triage.level == "urgent"
    assert [flag.id for flag in report.red_flags][:1] == ["weakness"]
    weakness = report.red_flags[0]
    entry = next(flag for flag in kb.red_flags if flag.id == "weakness")
    assert weakness.title == entry.title
    assert weakness.what_to_do == entry.what_to_do
    assert any(code.system == "ICD-10-CM" for code in weakness.codes)
    left = next(line for line in report.strength if line.test == "grip" and line.side == "left")
    assert left.declining
    assert left.change_pct is not None
    assert left.change_pct < -10
    assert (left.first_value, left.readings) == (46.4, 6)
    question = report.question
    assert [region.region for region in question.regions] == ["calf", "forearm"]
    assert question.first_twitch == START
    assert question.regions[1].first_seen == START + timedelta(days=22)
    assert any(trend.flagged and trend.id == "strength.grip.left" for trend in report.trends)
    assert report.disclaimer == kb.message("disclaimer")
    assert report.sources
    assert all(source.id in kb.sources for source in report.sources)
    numbers = [number for flag in report.red_flags for number in flag.sources]
    assert set(numbers) <= {source.number for source in report.sources}


def test_the_default_window_is_eight_weeks_or_the_journal_when_younger(kb: KnowledgeBase) -> None:
    report = build_report(weakening_grip().history(), now=NOW, knowledge=kb)
    assert (report.start, report.end) == (START, NOW.date())  # the journal is six weeks old
    later = NOW + timedelta(weeks=3)  # nine weeks after the first entry
    old = build_report(weakening_grip().history(), now=later, knowledge=kb)
    assert (old.start, old.end) == (later.date() - timedelta(weeks=8) + timedelta(days=1), later.date())


def test_a_window_counts_only_its_own_days_and_is_made_as_of_its_end(kb: KnowledgeBase) -> None:
    history = weakening_grip().history()
    report = build_report(history, start=START, end=START + timedelta(days=13), now=NOW, knowledge=kb)
    assert report.question.window_days == 14
    assert report.question.twitch_days == 7
    assert [region.region for region in report.question.regions] == ["calf"]
    assert report.triage is not None
    assert report.triage.level == "self_care"


def test_a_window_longer_than_a_year_or_reversed_is_refused_naming_from(kb: KnowledgeBase) -> None:
    """An unbounded window (found by fuzzing the web API: from year 1) would draw a chart of every day."""
    history = weakening_grip().history()
    end = NOW.date()
    year = build_report(history, start=end - timedelta(days=MAX_DAYS - 1), end=end, now=NOW, knowledge=kb)
    assert year.start == end - timedelta(days=MAX_DAYS - 1)
    refused = [(end - timedelta(days=MAX_DAYS), end), (date(1, 1, 1), end), (end, end - timedelta(days=1))]
    for start, stop in refused:
        with pytest.raises(InputError) as raised:
            build_report(history, start=start, end=stop, now=NOW, knowledge=kb)
        assert [problem.field for problem in raised.value.problems] == ["from"]


def test_nothing_logged_in_the_window_is_a_clear_error_naming_the_journal(kb: KnowledgeBase) -> None:
    history = weakening_grip().history()
    with pytest.raises(NothingToReport) as raised:
        build_report(history, start=date(2025, 1, 1), end=date(2025, 1, 31), now=NOW, knowledge=kb)
    assert isinstance(raised.value, InputError)
    assert raised.value.problems[0].field == "(journal)"
    assert "nothing was logged from 2025-01-01 to 2025-01-31" in raised.value.problems[0].message
    with pytest.raises(NothingToReport):
        build_report(History.of([], history.zone), now=NOW, knowledge=kb)


def test_a_journal_without_twitching_still_reports_what_was_logged(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START)
    for day in range(0, 20, 2):
        journal.workout(day)
    report = build_report(journal.history(), now=NOW, knowledge=kb)
    assert report.triage is None
    assert report.no_assessment == kb.message("journal_no_twitch")
    assert report.question.regions == ()
    assert report.question.workout_days == 10
    assert report.disclaimer == kb.message("disclaimer")
    html = render_html(report)
    assert kb.message("journal_no_twitch").split()[0] in html


def test_explained_twitching_after_training_is_self_care_with_no_red_flag(kb: KnowledgeBase) -> None:
    report = build_report(trained_calves().history(), now=NOW, knowledge=kb)
    assert report.triage is not None
    assert report.triage.level == "self_care"
    assert report.red_flags == ()
    assert report.question.unexplained_days == 0


def test_an_emergency_is_never_lost_on_the_report(kb: KnowledgeBase) -> None:
    report = build_report(emergency().history(), now=NOW, knowledge=kb)
    assert report.triage is not None
    assert report.triage.level == "emergency"
    assert report.red_flags[0].level == "emergency"


def test_the_person_is_shown_only_as_far_as_given(kb: KnowledgeBase) -> None:
    history = trained_calves().history()
    unknown = render_html(build_report(history, now=NOW, knowledge=kb))
    assert "not given" in unknown
    given = render_html(
        build_report(history, now=NOW, knowledge=kb, person=Person("A. <Smith>", 34, "female"))
    )
    assert "A. &lt;Smith&gt;, 34 years, female" in given


def _html_text(html: str) -> str:
    """The report's words as a reader sees them, on one line."""
    return " ".join(re.sub(r"<[^>]+>", " ", html.split("</style>", 1)[-1]).split())


@pytest.mark.parametrize(
    ("twitch_days", "words"),
    [((42,), "since 12 Nov 2026 (less than a day)"), ((39, 42), "since 09 Nov 2026 (3 days)")],
)
def test_the_current_run_of_twitching_is_a_duration_in_words(
    kb: KnowledgeBase, twitch_days: tuple[int, ...], words: str
) -> None:
    """A run of one twitch this morning is "less than a day", not "0.0 days"; whole days otherwise."""
    journal = trained_calves()
    for day in twitch_days:
        journal.twitch(day, hour=8, regions=["forearm"])
    text = _html_text(render_html(build_report(journal.history(), now=NOW, knowledge=kb)))
    assert f"Current run of unexplained twitching: {words}." in text
    assert "0.0 days" not in text


def test_too_few_readings_say_so_instead_of_no_decline(kb: KnowledgeBase) -> None:
    """Two grip tests and one tape measurement a side cannot show a decline or a loss: the tables say there
    are too few readings to tell, never "no decline" or "no" loss."""
    journal = trained_calves()
    journal.strength(5, "grip", 45.0, side="left").strength(20, "grip", 44.5, side="left")
    journal.circumference(5, "calf", "left", 37.0).circumference(5, "calf", "right", 37.2)
    report = build_report(journal.history(), now=NOW, knowledge=kb)
    text = _html_text(render_html(report))
    assert "Grip left 2 45.0 kg 44.5 kg n/a too few readings to tell" in text
    assert "Calf left 1 37.0 cm 37.0 cm n/a too few readings to tell" in text
    assert "Calf right 1 37.2 cm 37.2 cm n/a too few readings to tell" in text
    assert "no decline" not in text


def test_logged_sleep_and_painful_cramps_are_on_the_report(kb: KnowledgeBase) -> None:
    """Sleep per night over the window and the days twitching came with painful cramps are what a clinician
    asks about; both were logged and missing from the report."""
    journal = trained_calves()
    for day, hours in enumerate((7.5, 5.0, 6.5, 4.5, 8.0)):
        journal.sleep(30 + day, hours)
    journal.twitch(33, hour=22, regions=["calf"], painful_cramps=True)
    journal.twitch(36, hour=9, regions=["calf"], painful_cramps=True)
    report = build_report(journal.history(), now=NOW, knowledge=kb)
    assert report.question.painful_cramp_days == (START + timedelta(days=33), START + timedelta(days=36))
    sleep = report.chart("sleep")
    assert sleep is not None
    assert not sleep.empty
    short = kb.constants.short_sleep_h
    assert "sleep logged for 5 nights, 6.3 h a night on average (shortest 4.5 h)" in sleep.summary
    assert f"2 nights shorter than {short:g} h" in sleep.summary
    text = _html_text(render_html(report))
    assert "Painful cramps logged on 2 days: 03 Nov 2026, 06 Nov 2026." in text
    assert sleep.summary in text


def test_no_sleep_logged_says_so(kb: KnowledgeBase) -> None:
    report = build_report(trained_calves().history(), now=NOW, knowledge=kb)
    sleep = report.chart("sleep")
    assert sleep is not None
    assert sleep.empty
    assert sleep.summary in _html_text(render_html(report))
    assert "Painful cramps" not in _html_text(render_html(report))


def test_the_report_leads_with_the_plain_answer_of_the_status(kb: KnowledgeBase) -> None:
    report = build_report(weakening_grip().history(), now=NOW, knowledge=kb)
    assert report.triage is not None
    lines = dict(report.triage.answer)
    assert lines[""].startswith("What matters most: real weakness")
    assert lines["To do now"] == kb.levels["urgent"].action
    assert "instead of waiting" in lines["More urgent if"]
    assert report.triage.answer_sources  # numbered, among the report's own sources
    assert set(report.triage.answer_sources) <= {line.number for line in report.sources}
    text = re.sub(r"<[^>]+>", " ", render_html(report))
    text = " ".join(text.split())
    assert text.index("What matters most") < text.index("To do now") < text.index("Presenting question")
