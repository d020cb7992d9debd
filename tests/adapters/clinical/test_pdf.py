"""The PDF: it renders (pdftoppm), fits one or two A4 pages, and its text holds the key facts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest

from tests.adapters.clinical.journals import NOW, emergency, many_flags, weakening_grip
from twitchcheck.adapters.clinical import ClinicalReport, build_report, render_pdf
from twitchcheck.adapters.clinical.render import PdfPress, html_to_pdf
from twitchcheck.knowledge.loader import KnowledgeBase

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="poppler-utils (pdftoppm, pdftotext) not installed",
)


def _text(pdf: Path, *pages: int, layout: bool = True) -> str:
    span = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    mode = ["-layout"] if layout else []  # without: text in reading order, a column's lines together
    out = subprocess.run(["pdftotext", *mode, *span, str(pdf), "-"], capture_output=True, check=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


@pytest.fixture(scope="module")
def report(kb: KnowledgeBase) -> ClinicalReport:
    return build_report(weakening_grip().history(), now=NOW, knowledge=kb)


@pytest.fixture(scope="module")
def pdf(report: ClinicalReport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(render_pdf(report))
    return path


def test_the_pdf_renders_to_one_or_two_a4_pages(pdf: Path, tmp_path: Path) -> None:
    assert pdf.read_bytes().startswith(b"%PDF-")
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert 1 <= len(pages) <= 2
    assert _pages(pdf) == len(pages)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "595.276 x 841.89 pts (A4)" in info


def test_the_pdf_text_holds_the_key_facts(pdf: Path, kb: KnowledgeBase) -> None:
    first_page = _text(pdf, 1)
    assert "Triage: URGENT" in first_page
    assert "See a doctor today" in first_page
    assert "calves" in first_page
    assert "forearms" in first_page
    assert "First twitch in the journal: 01 Oct 2026" in first_page
    assert "since 23 Oct 2026" in first_page  # the current run of unexplained twitching
    assert "Grip (left) fell 12.0% over 5.0 weeks" in first_page
    assert " ".join(kb.message("disclaimer").split()) in first_page
    whole = _text(pdf)
    assert "46.4 kg" in whole
    assert "40.5 kg" in whole
    assert "SOURCES" in whole  # headings are set in capitals by the print CSS


def test_the_circumference_chart_says_how_big_tape_noise_is_with_its_source(
    pdf: Path, report: ClinicalReport, kb: KnowledgeBase
) -> None:
    note = kb.message("chart_tape_noise").format(noise_cm=kb.constants.circumference_stable_cm)
    whole = _text(pdf, layout=False)
    assert " ".join(note.split()) in whole
    assert report.circumference_note is not None
    cited = {source.number: source.id for source in report.sources}
    assert "jamaiyah_2008_calf_circumference" in {cited[n] for n in report.circumference_note.sources}
    assert "Reliability of calf circumference" in whole


def test_the_charts_of_a_short_report_label_at_least_three_days(kb: KnowledgeBase, tmp_path: Path) -> None:
    """A ten-day report: its chart axes, as printed, show three or more dates ("05 Nov"), not one or two."""
    end = NOW.date()
    report = build_report(
        weakening_grip().history(), start=end - timedelta(days=9), end=end, now=NOW, knowledge=kb
    )
    path = tmp_path / "short.pdf"
    path.write_bytes(render_pdf(report))
    ticks = set(re.findall(r"\b(\d{2} (?:Oct|Nov))\b(?! 20\d\d)", _text(path)))
    assert len(ticks) >= 3, ticks


def test_an_emergency_is_on_the_first_page(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "emergency.pdf"
    path.write_bytes(render_pdf(build_report(emergency().history(), now=NOW, knowledge=kb)))
    first_page = _text(path, 1)
    assert "Triage: EMERGENCY" in first_page
    assert "Trouble breathing" in first_page


def test_four_red_flags_and_their_sources_still_fit_two_pages(kb: KnowledgeBase, tmp_path: Path) -> None:
    journal = many_flags()
    report = build_report(journal.history(), now=journal.moment(55, 12), knowledge=kb)
    assert len(report.red_flags) >= 4
    assert len(report.sources) >= 12
    path = tmp_path / "many.pdf"
    path.write_bytes(render_pdf(report))
    assert _pages(path) == 2
    assert "SOURCES" in _text(path, 2)


def test_the_pdf_fetches_nothing_from_outside_the_document(tmp_path: Path) -> None:
    secret = tmp_path / "secret.css"
    secret.write_text('p::after { content: " LEAKED" }')
    remote = (
        f'<link rel="stylesheet" href="file://{secret}"><img src="http://127.0.0.1:9/x.png"><p>local only</p>'
    )
    pdf = tmp_path / "refused.pdf"
    pdf.write_bytes(html_to_pdf(f"<html><head>{remote}</head><body></body></html>"))
    text = _text(pdf)
    assert "local only" in text
    assert "LEAKED" not in text


_PRESSED = """
import sys
from tests.adapters.clinical.journals import NOW, weakening_grip
from twitchcheck.adapters.clinical import build_report, render_pdf
from twitchcheck.adapters.clinical.render import PdfPress
from twitchcheck.knowledge.loader import load_knowledge

report = build_report(weakening_grip().history(), now=NOW, knowledge=load_knowledge())
with PdfPress() as press:
    assert press._process is not None, "no second process"  # a fresh interpreter runs no other thread
    if sys.argv[1] == "kill":
        press._process.kill()
        press._process.join()
    made = press.pdf(report)
assert made == render_pdf(report), "not the same PDF"
print("same PDF")
"""


@pytest.mark.parametrize("second_process", ["works", "kill"])
def test_the_pdf_made_in_a_second_process_is_the_same_pdf(second_process: str) -> None:
    """`twitchcheck report` has WeasyPrint warm up in a second process while it builds the report: the PDF it
    writes is byte for byte the one made in the first, and still comes when that process died. Run in a
    fresh interpreter: the press forks only where no other thread runs (a test run may have some)."""
    import sys

    # fontTools stamps each embedded font's subset with the time it is made, unless SOURCE_DATE_EPOCH says
    # which: two PDFs made a second apart differ in those bytes alone. Pinned, the two must be identical.
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1764806400"}
    done = subprocess.run(
        [sys.executable, "-c", _PRESSED, second_process],
        cwd=Path(__file__).parents[3],  # the repository: `tests` importable
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "same PDF"


def test_a_weasyprint_error_in_the_second_process_is_raised_in_the_first(
    report: ClinicalReport, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A PDF that cannot be made fails as it would without the second process, not as a silent empty file."""
    import twitchcheck.adapters.clinical.render as render

    def broken(_html: str) -> bytes:
        raise ValueError("WeasyPrint failed")

    monkeypatch.setattr(render, "html_to_pdf", broken)  # before the fork: in both processes
    with PdfPress() as press, pytest.raises(ValueError, match="WeasyPrint failed"):
        press.pdf(report)
