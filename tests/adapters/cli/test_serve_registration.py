"""`twitchcheck serve --registration` / TWITCHCHECK_REGISTRATION: a bad value stops the start naming it, and
the mode reaches every worker (issue 17, invite-only registration)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.adapters.cli.support import run
from tests.adapters.cli.test_serve import SCRIPT, _free_port, _wait_healthy


def test_a_bad_registration_option_or_variable_stops_the_start(tmp_path: Path) -> None:
    bad_option = run("serve", "--registration", "invited", "--db", str(tmp_path / "j.db"))
    assert bad_option.exit_code != 0
    assert "--registration 'invited'" in bad_option.stderr
    bad_variable = run("serve", "--db", str(tmp_path / "j.db"), env={"TWITCHCHECK_REGISTRATION": "maybe"})
    assert bad_variable.exit_code != 0
    assert "TWITCHCHECK_REGISTRATION='maybe'" in bad_variable.stderr
    assert "Traceback" not in bad_option.output + bad_variable.output


@pytest.mark.slow
@pytest.mark.skipif(not SCRIPT.exists(), reason=f"console script not installed at {SCRIPT}")
def test_every_worker_is_invite_only(tmp_path: Path) -> None:
    port = _free_port()
    command = [str(SCRIPT), "serve", "--accounts", "--port", str(port), "--db", str(tmp_path / "j.db")]
    command += ["--workers", "2", "--registration", "invite"]
    env = {**os.environ, "NO_COLOR": "1"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(f"{base}/healthz", process)
        for _ in range(4):  # whichever worker answers
            body = {"email": "a@example.org", "password": "correct horse battery"}
            refused = httpx.post(f"{base}/api/v1/accounts", json=body)
            assert refused.status_code == 422, refused.text
            assert [error["field"] for error in refused.json()["errors"]] == ["body.invite"]
    finally:
        process.terminate()
        _, said = process.communicate(timeout=30)
    assert "sign-up by invitation only" in said  # the start says who may sign up
