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
