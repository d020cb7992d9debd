"""The shipped deploy/nginx/twitchcheck.conf in front of a real `twitchcheck serve --accounts` with
TWITCHCHECK_TRUST_PROXY: HTTPS with a self-signed certificate, the redirect from HTTP, HSTS, Secure cookies,
https:// redirects, the rate limits counting the client nginx saw, and a clean 413. The app runs on SQLite
and on PostgreSQL (a team's database); what nginx alone does is checked once, on SQLite."""

from __future__ import annotations

import os
import re
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import postgres_schema

NGINX = Path("/usr/sbin/nginx")
SCRIPT = Path(sys.executable).with_name("twitchcheck")
SHIPPED = Path(__file__).resolve().parents[2] / "deploy" / "nginx" / "twitchcheck.conf"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not NGINX.exists(), reason="nginx is not installed (make system-deps installs it)"),
    pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[str], verify: ssl.SSLContext | bool = True) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{process.args!r} stopped: {process.communicate()[1]}")
        try:
            httpx.get(url, timeout=2, verify=verify)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail(f"{url} did not answer within 30 s")


def _stop(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()


def render(shipped: str, *, app_port: int, http_port: int, https_port: int, cert: Path, key: Path) -> str:
    """The shipped server blocks with this test's ports and certificate, wrapped in a minimal main config."""
    replacements = [
        ("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_port};"),
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/twitch.example.org/fullchain.pem", str(cert)),
        ("/etc/letsencrypt/live/twitch.example.org/privkey.pem", str(key)),
        ("https://$host$request_uri", f"https://$host:{https_port}$request_uri"),
    ]
    for old, new in replacements:
        assert old in shipped, f"the shipped config no longer has {old!r}"
        shipped = shipped.replace(old, new)
    return shipped


@dataclass(frozen=True)
class Deployment:
    http: str
    https: str
    cert: str
    database: str
    """"sqlite" or "postgresql"."""


def nginx_only(deployment: Deployment) -> None:
    """Skip on PostgreSQL a test of what nginx alone does (the database plays no part in it)."""
    if deployment.database != "sqlite":
        pytest.skip("nginx alone: checked on SQLite")


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def deployment(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Deployment]:
    base = tmp_path_factory.mktemp("deploy")
    if request.param == "sqlite":
        yield from _deploy(base, str(base / "j.db"), "sqlite")
    else:
        for url in postgres_schema():
            yield from _deploy(base, url, "postgresql")


def _deploy(base: Path, database: str, kind: str) -> Iterator[Deployment]:
    cert, key = base / "cert.pem", base / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    app_port, http_port, https_port = _free_port(), _free_port(), _free_port()
    server = render(
        SHIPPED.read_text(), app_port=app_port, http_port=http_port, https_port=https_port, cert=cert, key=key
    )
    user = "user nobody nogroup;\n" if os.geteuid() == 0 else ""
    (base / "logs").mkdir()
    (base / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 1;\npid {base}/nginx.pid;\nerror_log {base}/logs/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{\n access_log {base}/logs/access.log;\n"
        + "".join(
            f" {name}_temp_path {base}/{name};\n"
            for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"{server}\n}}\n"
    )
    env = {**os.environ, "NO_COLOR": "1", "TWITCHCHECK_TRUST_PROXY": "1", "TWITCHCHECK_SECURE_COOKIES": "1"}
    app = subprocess.Popen(
        [str(SCRIPT), "serve", "--port", str(app_port), "--accounts", "--db", database,
         "--sweep-every", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(base), "-c", str(base / "nginx.conf"), "-e", str(base / "logs/error.log")],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        _wait(f"http://127.0.0.1:{app_port}/healthz", app)
        _wait(
            f"https://localhost:{https_port}/healthz",
            nginx,
            verify=ssl.create_default_context(cafile=str(cert)),
        )
        yield Deployment(f"http://localhost:{http_port}", f"https://localhost:{https_port}", str(cert), kind)
    finally:
        _stop(nginx)
        _stop(app)


def _client(deployment: Deployment, source: str = "127.0.0.1") -> httpx.Client:
    trusted = ssl.create_default_context(cafile=deployment.cert)
    transport = httpx.HTTPTransport(verify=trusted, local_address=source)
    return httpx.Client(transport=transport, timeout=30)


def test_a_page_loads_over_https_with_hsts(deployment: Deployment) -> None:
    with _client(deployment) as client:
        response = client.get(f"{deployment.https}/signin")
    assert response.status_code == 200
    assert "<form" in response.text
    assert response.headers["strict-transport-security"].startswith("max-age=")


def test_http_redirects_to_https(deployment: Deployment) -> None:
    nginx_only(deployment)
    with _client(deployment) as client:
        response = client.get(f"{deployment.http}/signin")
    assert response.status_code == 301
    assert response.headers["location"] == f"{deployment.https}/signin"


def test_sign_up_gives_a_secure_cookie_and_https_redirects(deployment: Deployment) -> None:
    with _client(deployment, "127.0.0.4") as client:
        response = client.post(
            f"{deployment.https}/api/v1/accounts",
            json={"email": "secure@example.org", "password": "a long enough password 1"},
        )
        assert response.status_code == 201, response.text
        cookie = response.headers["set-cookie"]
        assert "twitchcheck_session=" in cookie
        assert re.search(r";\s*secure", cookie, re.IGNORECASE)
    with _client(deployment) as signed_out_client:
        signed_out = signed_out_client.get(f"{deployment.https}/account")
    assert signed_out.status_code == 303
    assert signed_out.headers["location"].startswith("/signin")


def test_the_app_sees_https_and_its_absolute_redirects_stay_on_it(deployment: Deployment) -> None:
    # A trailing slash is redirected by the app with an absolute URL built from the scheme and host it sees.
    with _client(deployment) as client:
        response = client.get(f"{deployment.https}/api/v1/status/")
    assert response.status_code == 307
    # https, not the http nginx spoke to the app; nginx passes `Host $host`, which drops this test's port
    # (on 443, as deployed, there is none).
    assert response.headers["location"] == "https://localhost/api/v1/status"


def test_the_rate_limit_counts_the_client_nginx_saw_not_a_claimed_address(deployment: Deployment) -> None:
    def register(client: httpx.Client, n: int, spoof: str) -> httpx.Response:
        return client.post(
            f"{deployment.https}/api/v1/accounts",
            json={"email": f"limit{n}-{spoof}@example.org", "password": "a long enough password 1"},
            headers={"X-Forwarded-For": spoof},
        )

    with _client(deployment, "127.0.0.2") as client:
        answers = [register(client, n, f"10.0.0.{n}").status_code for n in range(11)]
    # Every claimed address differs, yet the eleventh account from one client is refused.
    assert answers[:10] == [201] * 10
    assert answers[10] == 429
    # Another client behind the same nginx (the app sees nginx's 127.0.0.1 for both) is not held back.
    with _client(deployment, "127.0.0.3") as other:
        assert register(other, 99, "127.0.0.2").status_code == 201


def test_an_oversize_body_is_a_clean_413(deployment: Deployment) -> None:
    nginx_only(deployment)
    with _client(deployment) as client:
        response = client.post(
            f"{deployment.https}/api/v1/accounts",
            content=b"x" * 6_000_000,
            headers={"content-type": "application/json"},
        )
    assert response.status_code == 413


def test_a_client_that_stalls_in_its_headers_is_disconnected_by_nginx(deployment: Deployment) -> None:
    nginx_only(deployment)
    trusted = ssl.create_default_context(cafile=deployment.cert)
    port = int(deployment.https.rsplit(":", 1)[1])
    with (
        socket.create_connection(("127.0.0.1", port), timeout=60) as raw,
        trusted.wrap_socket(raw, server_hostname="localhost") as tls,
    ):
        tls.sendall(b"GET /signin HTTP/1.1\r\nHost: localhost\r\nX-Slow")
        # nginx closes it after client_header_timeout (10 s); a hang would hit the 60 s socket timeout.
        received = b""
        try:
            while chunk := tls.recv(65536):
                received += chunk
        except ConnectionResetError:
            pass
    assert b"200 OK" not in received
    # Meanwhile and after, others are answered.
    with _client(deployment) as client:
        assert client.get(f"{deployment.https}/healthz").status_code == 200
