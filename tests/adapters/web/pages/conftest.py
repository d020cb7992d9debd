"""An app per test on a fresh SQLite file, in single-user or accounts mode, and helpers to post its forms."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from twitchcheck.adapters.web import create_app
from twitchcheck.adapters.web.settings import Settings

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class Pages:
    """A TestClient that knows the CSRF token of the last page it read."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def csrf(self) -> str:
        page = self.client.get("/check")
        found = _CSRF.search(page.text)
        assert found is not None
        return found.group(1)

    def post(self, url: str, data: dict[str, Any] | list[tuple[str, str]], **kwargs: Any) -> Any:
        token = self.csrf()
        items = list(data.items()) if isinstance(data, dict) else list(data)
        headers = {"content-type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
        body = urlencode([*items, ("csrf_token", token)])  # pairs: a field may repeat (ticked boxes)
        return self.client.post(url, content=body, headers=headers, **kwargs)

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.client.get(url, **kwargs)


def _client(tmp_path: Path, **settings: Any) -> Iterator[Pages]:
    app = create_app(Settings(database=f"sqlite:///{tmp_path / 'web.db'}", zone="UTC", **settings))
    with TestClient(app, follow_redirects=False) as client:
        yield Pages(client)


@pytest.fixture
def single(tmp_path: Path) -> Iterator[Pages]:
    """The single-user app."""
    yield from _client(tmp_path, emergency_number="112")


@pytest.fixture
def multi(tmp_path: Path) -> Iterator[Pages]:
    """The app with accounts."""
    yield from _client(tmp_path, accounts=True)
