"""Every trend and trigger sentence fills from the knowledge base's messages, on every branch."""

from __future__ import annotations

import random
from datetime import date

from twitchcheck import KnowledgeBase
from twitchcheck.journal.analysis import analyse
from twitchcheck.journal.findings import trend_findings, trigger_findings
from twitchcheck.journal.link import journal_triggers
from twitchcheck.journal.scenarios import JournalBuilder

START = date(2026, 6, 1)


def rich() -> JournalBuilder:
    """Something for every branch: steady and falling tests, too few tests, gaps, sites, unrated sessions."""
    rng = random.Random(4)
    journal = JournalBuilder(START)
    for day in range(60):
        journal.sleep(day, rng.choice([5.0, 7.5]))
        journal.caffeine(day, 9, 100)
        if day % 2 == 0:
            journal.workout(day, 18, rpe=None if day % 10 == 0 else 6, regions=["calf"])
            journal.fluid(day, 19, 600)
        if rng.random() < 0.4:
            journal.twitch(day, 21, regions=rng.choice([["calf"], ["biceps"], ["shoulder"]]))
        if day % 5 == 0:
            journal.strength(day, "grip", 40 + rng.gauss(0, 1), side="left")
            journal.strength(day, "grip", 40 - day / 10 + rng.gauss(0, 0.3), side="right")
            journal.strength(day, "calf_raises", 25 + rng.gauss(0, 1), side="both")
        if day % 14 == 0:
            journal.circumference(day, "calf", "left", 37 - day / 30).circumference(
                day, "calf", "right", 37.2
            )
            journal.circumference(day, "thigh", "left", 55).circumference(day, "thigh", "right", 55.1)
    journal.strength(58, "chair_stands", 14)
    return journal


def test_every_finding_is_filled(kb: KnowledgeBase) -> None:
    journal = rich()
    now = journal.moment(59, 23)
    findings = trend_findings(analyse(journal.history(), now, kb), kb)
    ids = [finding["id"] for finding in findings]
    assert {"persistence", "spread", "training_load", "caffeine"} <= set(ids)
    assert {"strength.grip.left", "strength.grip.right", "strength.calf_raises.both"} <= set(ids)
    assert {"strength.chair_stands.unspecified", "side_gap.grip", "circumference.calf"} <= set(ids)
    flagged = [finding["flagged"] for finding in findings]
    assert flagged == sorted(flagged, reverse=True)  # flagged first
    for finding in findings:
        assert "{" not in finding["finding"], finding
    by_id = {finding["id"]: finding for finding in findings}
    assert by_id["strength.grip.right"]["flagged"]
    assert by_id["strength.chair_stands.unspecified"]["finding"].startswith(
        "Chair stands (unspecified): 1 test in"
    )
    assert by_id["circumference.calf"]["flagged"]
    assert "no effort rating" in by_id["training_load"]["finding"]
    for finding in trigger_findings(journal_triggers(journal.history(), now, kb), kb):
        assert "{" not in finding["finding"]
        assert "{" not in finding["label"]


def test_a_short_journal_says_the_load_ratio_needs_more_days(kb: KnowledgeBase) -> None:
    journal = JournalBuilder(START).workout(0).twitch(0)
    findings = trend_findings(analyse(journal.history(), journal.moment(3), kb), kb)
    (load,) = [finding for finding in findings if finding["id"] == "training_load"]
    assert "needs 28" in load["finding"]


def test_every_result_turns_into_json(kb: KnowledgeBase) -> None:
    import json

    from twitchcheck.journal.analysis import as_json, triggers

    journal = rich()
    now = journal.moment(59, 23)
    found = as_json(analyse(journal.history(), now, kb))
    text = json.dumps(found)
    assert found["training_load"]["daily"][0]["day"] == "2026-06-05"  # 56 days ending on day 59
    assert found["as_of"] == now.isoformat()
    assert json.loads(text)["strength"]["trends"][0]["fit"]["n"] == 11
    json.dumps(as_json(triggers(journal.history(), now, kb.constants)))
