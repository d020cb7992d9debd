"""`twitchcheck serve`: starts for real and answers /healthz; refuses to serve one person's journal to the
network without accounts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.adapters.cli.support import run

SCRIPT = Path(sys.executable).with_name("twitchcheck")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_healthy(url: str, process: subprocess.Popen[str]) -> httpx.Response:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped: {process.communicate()[1]}")
        try:
            return httpx.get(url, timeout=2)
        except httpx.TransportError:
            time.sleep(0.1)
    pytest.fail("the server did not answer within 30 s")


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}")
@pytest.mark.parametrize(("host", "workers"), [("127.0.0.1", 1), ("127.0.0.1", 2), ("127.0.0.2", 1)])
def test_serve_starts_answers_healthz_and_stops(tmp_path: Path, host: str, workers: int) -> None:
    port = _free_port()
    env = {**os.environ, "NO_COLOR": "1"}
    command = [
        str(SCRIPT),
        "serve",
        "--host",
        host,
        "--port",
        str(port),
        "--db",
        str(tmp_path / "j.db"),
        "--workers",
        str(workers),
    ]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        response = _wait_healthy(f"http://{host}:{port}/healthz", process)
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "reachable"}
        assert httpx.get(f"http://{host}:{port}/api/v1/events").json() == []  # single-user: no sign-in
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert "single-user" in stderr


def test_single_user_is_refused_off_this_machine(tmp_path: Path) -> None:
    result = run("serve", "--host", "0.0.0.0", "--single-user", "--db", str(tmp_path / "j.db"))
    assert result.exit_code != 0
    assert "--accounts" in result.stderr
    assert not (tmp_path / "j.db").exists()


def test_a_bad_database_is_a_clear_error() -> None:
    result = run("serve", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert result.exit_code != 0
    assert "cannot open the journal" in result.stderr


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}")
@pytest.mark.parametrize("workers", [1, 2])
def test_serve_keeps_the_configured_session_lifetime_and_body_cap(tmp_path: Path, workers: int) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "TWITCHCHECK_SESSION_DAYS": "2",
        "TWITCHCHECK_MAX_BODY_BYTES": "2000",
    }
    command = [str(SCRIPT), "serve", "--accounts", "--port", str(port), "--db", str(tmp_path / "j.db")]
    command += ["--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(f"{base}/healthz", process)
        made = httpx.post(
            f"{base}/api/v1/accounts", json={"email": "a@example.org", "password": "correct horse battery"}
        )
        assert made.status_code == 201, made.text
        assert "Max-Age=172800" in made.headers["set-cookie"]  # 2 days, not the default 30
        big = httpx.post(
            f"{base}/api/v1/assessments", content=b" " * 3000, headers={"Content-Type": "application/json"}
        )
        assert big.status_code == 413
    finally:
        process.terminate()
        process.communicate(timeout=30)


def test_a_bad_email_setting_stops_the_start(tmp_path: Path) -> None:
    env = {"TWITCHCHECK_SMTP_URL": "smtp://mail.example.org:25"}  # no from address
    result = run("serve", "--db", str(tmp_path / "j.db"), env=env)
    assert result.exit_code != 0
    assert "TWITCHCHECK_SMTP_FROM" in result.stderr
    assert "Traceback" not in result.output


def _start_accounts(tmp_path: Path, *extra: str) -> tuple[subprocess.Popen[str], int]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k != "TWITCHCHECK_TRUST_PROXY"} | {"NO_COLOR": "1"}
    command = [str(SCRIPT), "serve", "--port", str(port), "--accounts", "--db", str(tmp_path / "j.db")]
    command += ["--sweep-every", "0", *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    _wait_healthy(f"http://127.0.0.1:{port}/healthz", process)
    return process, port


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}")
def test_without_a_trusted_proxy_a_claimed_address_does_not_escape_the_rate_limit(tmp_path: Path) -> None:
    process, port = _start_accounts(tmp_path)
    try:
        answers = [
            httpx.post(
                f"http://127.0.0.1:{port}/api/v1/accounts",
                json={"email": f"spoof{n}@example.org", "password": "a long enough password 1"},
                headers={"X-Forwarded-For": f"10.0.0.{n}"},
                timeout=30,
            ).status_code
            for n in range(11)
        ]
    finally:
        process.terminate()
        process.communicate(timeout=30)
    assert answers == [201] * 10 + [429]


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}")
def test_idle_clients_are_disconnected_and_do_not_block_others(tmp_path: Path) -> None:
    process, port = _start_accounts(tmp_path, "--keep-alive", "1")
    idle: list[socket.socket] = []
    try:
        # Clients that open a connection, make one request, and then sit on it.
        for _ in range(20):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
            idle.append(sock)
        # A slow client halfway through its headers: uvicorn has no timeout for a request's head (nginx's
        # client_header_timeout closes these, tests/deploy), but it does not hold up anyone else.
        slow = socket.create_connection(("127.0.0.1", port), timeout=30)
        slow.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        idle.append(slow)
        # Others are still answered meanwhile.
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=30).status_code == 200
        # The idle ones are closed by the server after --keep-alive (recv returns b"" at the close; a
        # real hang would hit the socket's 30 s timeout and fail).
        for sock in idle[:-1]:
            received = b""
            while chunk := sock.recv(65536):
                received += chunk
            assert received.startswith(b"HTTP/1.1 200")
    finally:
        for sock in idle:
            sock.close()
        process.terminate()
        process.communicate(timeout=30)
