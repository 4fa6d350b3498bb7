"""Two gunicorn workers share their rate limits and sessions through Redis: a limit holds across
workers, and a session opened on one worker is known to the other."""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests import clock

ROOT = Path(__file__).resolve().parent.parent
_BASE = os.environ.get("JIMNET_TEST_REDIS_URL")
# A database number of its own, so that other Redis tests running in parallel never flush it.
REDIS_URL = _BASE.rsplit("/", 1)[0] + "/14" if _BASE else None
GUNICORN = shutil.which("gunicorn", path=str(Path(sys.executable).parent))

pytestmark = [
    pytest.mark.skipif(not REDIS_URL, reason="JIMNET_TEST_REDIS_URL not set (no Redis)"),
    pytest.mark.skipif(not GUNICORN, reason="gunicorn is not installed"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def gunicorn_server(tmp_path_factory):
    from redis import Redis

    Redis.from_url(REDIS_URL).flushdb()
    root = tmp_path_factory.mktemp("gunicorn")
    # The workers live at the suite's instant too (tests/clock.py).
    env = clock.subprocess_env(
        {
            **os.environ,
            "JIMNET_DATABASE_URL": f"sqlite:///{root / 'db.sqlite'}",
            "JIMNET_REDIS_URL": REDIS_URL,
            "JIMNET_SECURE_COOKIES": "0",
            "JIMNET_SECRET_KEY": "scale-out-test",
            "JIMNET_PSEUDONYM_KEY": "scale-out-test",
            "FLASK_APP": "jimnet",
        }
    )
    flask = [sys.executable, "-m", "flask"]
    subprocess.run(
        [*flask, "db", "upgrade", "heads"], env=env, check=True, capture_output=True, cwd=ROOT
    )
    subprocess.run(
        [
            *flask,
            "create-user",
            "--email",
            "limit@example.test",
            "--name",
            "Limiet",
            "--password",
            "een lang wachtwoord",
        ],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    port = _free_port()
    server = subprocess.Popen(
        [
            GUNICORN,
            "-c",
            "gunicorn.conf.py",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "jimnet:create_app()",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            urllib.request.urlopen(url + "/healthz", timeout=1)  # noqa: S310 - our own server
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("gunicorn did not start")
    yield url
    server.terminate()
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        # A graceful stop can outlast the wait on a loaded machine; what was tested is done.
        server.kill()
        server.wait()


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))


def _login_attempt(url: str, password: str) -> int:
    opener = _opener()
    page = opener.open(url + "/inloggen").read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrf_token": token, "email": "limit@example.test", "password": password}
    ).encode()
    try:
        return opener.open(url + "/inloggen", data=data).status
    except urllib.error.HTTPError as error:
        return error.code


def test_a_rate_limit_holds_across_two_workers(gunicorn_server):
    statuses = [_login_attempt(gunicorn_server, "verkeerd wachtwoord") for _ in range(7)]
    # Each attempt is a new visitor; the workers share one count per account through Redis.
    assert statuses[:5] == [200] * 5
    assert statuses[5:] == [429, 429]


def test_readiness_sees_redis(gunicorn_server):
    import json

    body = json.loads(urllib.request.urlopen(gunicorn_server + "/readyz").read())  # noqa: S310
    assert body["checks"] == {"database": "ok", "redis": "ok"}
