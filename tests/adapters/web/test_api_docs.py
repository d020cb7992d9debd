"""The API's interactive docs work offline: swagger-ui is served from the package, not a CDN."""

from __future__ import annotations

import re

from tests.adapters.web.conftest import ClientFactory


def test_the_api_docs_load_their_script_and_style_from_this_server(sqlite_client_for: ClientFactory) -> None:
    client = sqlite_client_for()
    page = client.get("/api/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page.text)
    assert assets, page.text
    for asset in assets:
        assert asset.startswith("/"), f"{asset} is not served by this server"
        assert client.get(asset).status_code == 200, asset


def test_the_api_docs_page_may_start_swagger_and_no_other_page_may_run_inline_scripts(
    sqlite_client_for: ClientFactory,
) -> None:
    # swagger-ui starts itself with an inline script: its page's policy must allow it, or the docs are blank.
    client = sqlite_client_for()
    docs = client.get("/api/docs").headers["content-security-policy"]
    assert "script-src 'self' 'unsafe-inline'" in docs
    assert "<script>" in client.get("/api/docs").text
    for path in ("/", "/check", "/status"):
        policy = client.get(path).headers["content-security-policy"]
        assert "script-src 'self';" in policy, path
