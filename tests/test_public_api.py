"""The curated public API: what `import twitchcheck` offers, loaded lazily."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import twitchcheck


def test_every_public_name_resolves() -> None:
    for name in twitchcheck.__all__:
        assert getattr(twitchcheck, name) is not None, name
    assert set(twitchcheck.__all__) == {*twitchcheck._EXPORTS, "__version__"}


def test_importing_the_package_loads_no_engine() -> None:
    heavy = "('pydantic', 'twitchcheck.engine')"
    code = f"import sys, twitchcheck; print(any(m.startswith({heavy}) for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_thing"):
        twitchcheck.no_such_thing  # noqa: B018 - the attribute access is the test


def test_a_source_checkout_never_runs_stale_compiled_modules() -> None:
    # The opt-in mypyc build compiles in place; a compiled module left in src/ would silently shadow an
    # edited .py file in the editable development install.
    package = Path(twitchcheck.__file__).resolve().parent
    if package.parent.name != "src":
        pytest.skip("testing an installed build, not a source checkout")
    compiled = [str(path) for path in package.parent.rglob("*.so")]
    assert compiled == [], "remove these (make clean): " + ", ".join(compiled)


@pytest.mark.skipif(
    os.environ.get("TWITCHCHECK_EXPECT_COMPILED") != "1", reason="only in `make test-compiled`"
)
def test_the_compiled_build_really_is_compiled() -> None:
    import twitchcheck.engine.pipeline as pipeline

    assert pipeline.__file__ is not None
    assert pipeline.__file__.endswith(".so"), pipeline.__file__


def test_a_citation_never_repeats_its_year_or_publisher() -> None:
    from twitchcheck.core.assessment import SourceRef

    plain = SourceRef(id="a", title="Fluid replacement", publisher="ACSM", year=2007)
    assert plain.citation() == "Fluid replacement, ACSM, 2007"
    in_publisher = SourceRef(
        id="b", title="Guide", publisher="German J Sports Med, 2018, issue 10", year=2018
    )
    assert in_publisher.citation().count("2018") == 1
    in_title = SourceRef(
        id="c", title="Review (Miller, J Athl Train 2022)", publisher="J Athl Train", year=2022
    )
    assert in_title.citation() == "Review (Miller, J Athl Train 2022)"


def test_parse_report_reads_free_text_without_loading_it_for_json() -> None:
    code = (
        "import sys, twitchcheck;"
        " twitchcheck.parse_report({'twitch': {'regions': ['calf'], 'duration_days': 1}});"
        " print(any(m.startswith('twitchcheck.text') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    understood = twitchcheck.parse_report("left calf twitching since yesterday")
    assert isinstance(understood, twitchcheck.Understanding)
    assert understood.report is not None


def test_the_service_layer_is_public_and_assess_takes_a_journal_history_as_it_is() -> None:
    from datetime import UTC, datetime

    from twitchcheck.journal.events import History, parse_event

    assert twitchcheck.services.assess_report is not None
    twitches = [
        parse_event(
            {"type": "twitch", "at": f"2026-11-{day:02d}T10:00Z", "regions": ["calf", "forearm", "neck"]}
        )
        for day in range(1, 23)
    ]
    history = History.of(twitches)
    report = {"twitch": {"regions": ["calf"], "duration_days": 0.2}}
    result = twitchcheck.assess(report, history=history, now=datetime(2026, 11, 22, 18, tzinfo=UTC))
    assert result.level == "see_doctor"
    assert {flag.id for flag in result.red_flags} >= {"persistent"}
