"""Strict JSON: nothing a person reported is silently dropped or misread."""

from __future__ import annotations

import pytest

from twitchcheck.core.jsonin import MAX_INPUT_CHARS, JsonInputError, loads


def test_a_duplicate_key_is_an_error_not_a_silent_overwrite() -> None:
    with pytest.raises(JsonInputError, match="duplicate key 'chest_pain'"):
        loads('{"symptoms": {"chest_pain": true, "chest_pain": false}}')
    with pytest.raises(JsonInputError, match="duplicate key 'symptoms'"):
        loads('{"symptoms": {"dark_urine": true}, "symptoms": {}}')


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused(constant: str) -> None:
    with pytest.raises(JsonInputError, match="not valid JSON"):
        loads(f'{{"twitch": {{"duration_days": {constant}}}}}')


def test_syntax_errors_give_line_and_column() -> None:
    with pytest.raises(JsonInputError, match="line 2 column 1"):
        loads('{"twitch":\n}')


def test_nesting_and_size_are_bounded() -> None:
    with pytest.raises(JsonInputError, match="nested too deeply"):
        loads("[" * 100_000)
    with pytest.raises(JsonInputError, match="larger than"):
        loads('"' + "a" * MAX_INPUT_CHARS + '"')


def test_ordinary_reports_parse() -> None:
    assert loads('{"twitch": {"regions": ["calf"], "duration_days": 1}}')["twitch"]["duration_days"] == 1
