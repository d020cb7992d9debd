"""Golden test of the report's structure: its headings and key facts in order, read from the HTML, against a
checked-in file. Regenerate after an intended change with `TWITCHCHECK_REGENERATE_GOLDEN=1 .venv/bin/pytest
tests/adapters/clinical/test_golden.py` and review the diff."""

from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import pytest

from tests.adapters.clinical.journals import NOW, emergency, weakening_grip
from twitchcheck.adapters.clinical import Person, build_report, render_html
from twitchcheck.journal.scenarios import JournalBuilder
from twitchcheck.knowledge.loader import KnowledgeBase

GOLDEN = Path(__file__).parent / "golden"
REGENERATE = os.environ.get("TWITCHCHECK_REGENERATE_GOLDEN") == "1"


class Outline(HTMLParser):
    """The report's outline: headings, the triage, red flags, table rows, findings, charts, sources."""

    KEPT: ClassVar[dict[str, str]] = {"h1": "#", "h2": "##", "h3": "###", "tr": "|", "li": "-"}

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []
        self.stack: list[tuple[str, str]] = []  # (tag, prefix) of the elements whose text is being kept
        self.text: list[str] = []
        self.in_svg = 0
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        classes = (found.get("class") or "").split()
        if tag == "svg":
            self.in_svg += 1
            if self.in_svg == 1:
                self.lines.append(f"[chart {found.get('id')}]")
            return
        if self.in_svg:
            return
        if tag in {"style", "title"}:
            self.in_style = True
        prefix = None
        if tag in self.KEPT and not self.stack:
            prefix = self.KEPT[tag] + ("!" if "flagged" in classes else "")
        elif tag == "div" and ({"triage", "flag"} & set(classes)) and not self.stack:
            prefix = "[triage]" if "triage" in classes else "[flag]"
        elif tag == "p" and ({"nothing", "disclaimer", "facts"} & set(classes)) and not self.stack:
            prefix = "[" + next(iter({"nothing", "disclaimer", "facts"} & set(classes))) + "]"
        if prefix is not None:
            self.stack.append((tag, prefix))
            self.text = []
        elif self.stack and tag in {"td", "th"}:
            self.text.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "svg":
            self.in_svg -= 1
            return
        if self.in_svg:
            return
        if tag in {"style", "title"}:
            self.in_style = False
        if self.stack and self.stack[-1][0] == tag:
            _, prefix = self.stack.pop()
            text = " ".join("".join(self.text).split()).removeprefix("| ")
            self.lines.append(f"{prefix} {text}".rstrip())

    def handle_data(self, data: str) -> None:
        if self.stack and not self.in_svg and not self.in_style:
            self.text.append(data)


def outline(html: str) -> str:
    parser = Outline()
    parser.feed(html)
    return "\n".join(parser.lines) + "\n"


CASES = {
    "weakening_grip": lambda: (weakening_grip(), Person(age_years=34, sex="male")),
    "emergency": lambda: (emergency(), Person()),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_report_outline_matches_its_golden_file(name: str, kb: KnowledgeBase) -> None:
    journal, person = CASES[name]()
    assert isinstance(journal, JournalBuilder)
    html = render_html(build_report(journal.history(), now=NOW, knowledge=kb, person=person))
    got = outline(html)
    path = GOLDEN / f"{name}.txt"
    if REGENERATE:
        path.write_text(got, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with TWITCHCHECK_REGENERATE_GOLDEN=1 and review it"
    assert got == path.read_text(encoding="utf-8")


def test_sections_come_in_the_order_a_clinician_reads_them(kb: KnowledgeBase) -> None:
    html = render_html(build_report(weakening_grip().history(), now=NOW, knowledge=kb))
    headings = [line for line in outline(html).splitlines() if line.startswith("## ")]
    assert headings == [
        "## Presenting question",
        "## Red flags and warning signs",
        "## What the journal shows over time",
        "## Latest assessment and plan",
        "## Timeline",
        "## Strength and limb circumference",
        "## Training load",
        "## Sleep",
        "## Caffeine and fluids",
        "## Sources",
    ]


def test_an_emergency_stands_first_and_in_red(kb: KnowledgeBase) -> None:
    html = render_html(build_report(emergency().history(), now=NOW, knowledge=kb))
    lines = outline(html).splitlines()
    triage = next(line for line in lines if line.startswith("[triage]"))
    assert triage.startswith("[triage] Triage: EMERGENCY")
    assert lines.index(triage) < lines.index("## Presenting question")
    assert 'class="triage level-emergency"' in html
    flag = next(line for line in lines if line.startswith("[flag]"))
    assert "emergency" in flag
    assert "Trouble breathing" in flag
