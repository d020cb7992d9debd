"""The web app's download: the report straight from an open journal, on both databases."""

from __future__ import annotations

from datetime import date

import pytest

from tests.adapters.clinical.journals import NOW, START, weakening_grip
from twitchcheck.adapters.clinical import NothingToReport, report_html, report_pdf
from twitchcheck.adapters.storage.journal import Journal
from twitchcheck.knowledge.loader import KnowledgeBase


def test_a_journal_gives_its_report(journal_url: str, kb: KnowledgeBase) -> None:
    with Journal.open(journal_url, zone="UTC") as journal:
        journal.add(weakening_grip().events)
        html = report_html(journal, start=START, end=NOW.date(), now=NOW, knowledge=kb)
        assert "Triage: URGENT" in html
        with pytest.raises(NothingToReport):
            report_html(journal, start=date(2025, 1, 1), end=date(2025, 1, 2), now=NOW, knowledge=kb)
        if journal_url.startswith("sqlite"):  # one PDF is enough: the database does not change it
            assert report_pdf(journal, now=NOW, knowledge=kb).startswith(b"%PDF-")
