"""The curated public API: what `import twitchcheck` offers, loaded lazily."""

from __future__ import annotations

import subprocess
import sys

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
