"""`kb check`: validate the whole knowledge base, then run every entry's must-fire and must-not-fire cases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from twitchcheck.core.errors import InputError
from twitchcheck.core.report import parse_report
from twitchcheck.engine.facts import derive_facts
from twitchcheck.engine.pipeline import assess
from twitchcheck.knowledge.loader import DATA_DIR, KnowledgeBase, Problem, load_with_problems
from twitchcheck.knowledge.model import Advice, Cases, Cause, Concept, Entry, RedFlag, WarningSign


def check_knowledge(root: Path | str | None = None) -> list[Problem]:
    """Every problem in the knowledge base at `root` (the packaged one by default); empty when all is well."""
    kb, problems = load_with_problems(Path(root) if root is not None else DATA_DIR)
    if kb is None:
        return problems
    for entry in kb.entries():
        cases: Cases | None = getattr(entry, "cases", None)
        if cases is None:
            continue
        file = kb.locations.get((entry_kind(entry), entry.id), (entry.id, 1))[0]
        for expected, reports in ((True, cases.must_fire), (False, cases.must_not_fire)):
            for index, report in enumerate(reports):
                group = "must_fire" if expected else "must_not_fire"
                label = f"cases.{group}[{index}]"
                line = kb.case_lines.get((entry_kind(entry), entry.id, group, index), 1)
                try:
                    fired = fires(kb, entry, report)
                except InputError as error:
                    detail = "; ".join(str(problem) for problem in error.problems)
                    problems.append(Problem(file, line, f"{label}: not a valid report: {detail}"))
                    continue
                if fired != expected:
                    verb = "did not fire" if expected else "fired"
                    problems.append(Problem(file, line, f"{label}: {entry.id} {verb} on {report}"))
    return sorted(problems)


def entry_kind(entry: Entry) -> str:
    """The entry's kind, as written in its file."""
    return str(entry.kind)


def fires(kb: KnowledgeBase, entry: Entry, report: dict[str, Any]) -> bool:
    """Whether `entry` shows in the assessment of `report`."""
    if (
        isinstance(entry, Concept)
        and entry.when is not None
        and any(fact.startswith("triage.") for fact in entry.when.facts_used())
    ):
        # A note the result shows: it reads the triage, so only the whole assessment can tell.
        return any(note.id == entry.id for note in assess(report, knowledge=kb).notes)
    if isinstance(entry, Concept):
        facts = derive_facts(parse_report(report), kb.constants, kb.region_areas)
        return entry.when is not None and entry.when.evaluate(facts) is True
    result = assess(report, knowledge=kb)
    if isinstance(entry, RedFlag):
        return any(flag.id == entry.id for flag in result.red_flags)
    if isinstance(entry, WarningSign):
        return any(warning.id == entry.id for warning in result.warnings)
    if isinstance(entry, Cause):
        return any(cause.id == entry.id for cause in result.causes)
    if isinstance(entry, Advice):
        return any(step.id == entry.id for step in result.plan)
    return False
