"""Browser tests: a live jimnet in a subprocess (its own SQLite with demo data), headless Debian
Chromium driven by Playwright, and axe-core for accessibility. Skipped, with the reason, where no
browser is installed.

A pytest plugin (loaded once by tests/conftest.py), so that every domain's browser tests share one
live server and one browser per worker; import the helpers (login, assert_accessible) from here,
never the fixtures.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyotp
import pytest
import time_machine

from tests import clock

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DEMO_PASSWORD = "jimnet-demo-2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.browser


def _skip_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return "no chromium installed (Debian package 'chromium'); .ci/run installs it"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    return None


def pytest_collection_modifyitems(items: list[Any]) -> None:
    reason = _skip_reason()
    for item in items:
        uses_browser = "browser" in getattr(item, "fixturenames", ())
        if "tests/browser" in str(item.fspath) or uses_browser:
            item.add_marker(pytest.mark.browser)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wall_clock() -> float:
    """The real time, also while the test travels (the suite always does; see tests/clock.py)."""
    try:
        return time_machine.escape_hatch.time.time()
    except ValueError:  # not travelling
        return time.time()


class LiveServer:
    def __init__(self, url: str, database: Path, started: float) -> None:
        self.url = url
        self.database = database
        # The server's clock started at the suite's instant when its process started.
        self.started = started

    def now(self) -> float:
        """The server's clock: the chosen instant plus the time its process has been running."""
        return clock.instant().timestamp() + (_wall_clock() - self.started)

    def totp_code(self, email: str) -> str:
        """The current code of a staff account, as the person's phone would show it."""
        with sqlite3.connect(self.database) as conn:
            row = conn.execute(
                "SELECT totp_secret, totp_last_step FROM user_account WHERE email = ?", (email,)
            ).fetchone()
        secret, last_step = row
        totp = pyotp.TOTP(secret)
        step = int(self.now() // 30)
        # A code is accepted once: after a recent login, wait for the next one.
        if last_step is not None and last_step >= step:
            time.sleep((last_step + 1) * 30 - self.now() + 0.5)
            step = last_step + 1
        return totp.at(step * 30)

    def youth_id(self, first_name: str) -> int:
        with sqlite3.connect(self.database) as conn:
            return int(
                conn.execute("SELECT id FROM youth WHERE first_name = ?", (first_name,)).fetchone()[
                    0
                ]
            )


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("live")
    database = root / "live.sqlite"
    # Every process below lives at the suite's instant (tests/clockhook/sitecustomize.py).
    env = clock.subprocess_env(
        {
            **os.environ,
            "JIMNET_DATABASE_URL": f"sqlite:///{database}",
            "JIMNET_SECURE_COOKIES": "0",
            "JIMNET_RATELIMIT_ENABLED": "0",
            "JIMNET_SECRET_KEY": "browser-test-secret",
            "JIMNET_PSEUDONYM_KEY": "browser-test-pseudonyms",
            "FLASK_APP": "jimnet",
            # The demo trains a ranker: its files go here, never into the repository.
            "JIMNET_MODELS_DIR": str(root / "models"),
        }
    )
    env.pop("JIMNET_REDIS_URL", None)
    flask = [sys.executable, "-m", "flask"]
    subprocess.run([*flask, "db", "upgrade"], env=env, check=True, capture_output=True, cwd=ROOT)
    subprocess.run(
        [*flask, "seed-demo", "--youth", "40"], env=env, check=True, capture_output=True, cwd=ROOT
    )
    port = _free_port()
    log = open(root / "server.log", "w")  # noqa: SIM115 - closed at teardown
    started = _wall_clock()
    server = subprocess.Popen(
        [
            *flask,
            "--app",
            "tests.browser.live_app:create_live_app()",
            "run",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-reload",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    # A loaded machine (CI on 2 cores) can take many seconds to import the app: wait for the
    # server itself to answer or to die, not for a fixed number of tries.
    deadline = time.monotonic() + 120
    while True:
        try:
            urllib.request.urlopen(url + "/inloggen", timeout=5)  # noqa: S310 - our own local server
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError(
                    "the live server did not start:\n" + (root / "server.log").read_text()
                ) from None
            time.sleep(0.2)
    yield LiveServer(url, database, started)
    server.terminate()
    server.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    # The page's own CSP forbids injected scripts; axe is injected by the test, so CSP is bypassed
    # in this context only. CSP itself is tested without a browser.
    context = browser.new_context(
        viewport=PHONE, is_mobile=True, has_touch=True, bypass_csp=True, locale="nl-NL"
    )
    yield context.new_page()
    context.close()


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True, locale="nl-NL")
    yield context.new_page()
    context.close()


# Session cookies per account: a TOTP code is accepted once, so a second real login of the same
# account within 30 seconds would have to wait for the next code.
_SESSIONS: dict[tuple[str, str], list[dict[str, Any]]] = {}


def login(page: Any, server: LiveServer, email: str) -> None:
    cached = _SESSIONS.get((server.url, email))
    if cached:
        page.context.add_cookies(cached)
        page.goto(server.url + "/")
        if "/inloggen" not in page.url:
            return
        page.context.clear_cookies()
    _login_with_forms(page, server, email)
    _SESSIONS[(server.url, email)] = page.context.cookies()


def _login_with_forms(page: Any, server: LiveServer, email: str) -> None:
    page.goto(server.url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if "/inloggen/code" in page.url:
        page.get_by_label("Code uit je app").fill(server.totp_code(email))
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(server.url + "/")


# Pages whose accessibility could not be checked because axe-core is missing (outside CI).
_UNCHECKED: list[str] = []


def axe_required() -> bool:
    """In CI (`CI` or `JIMNET_REQUIRE_AXE` set) axe-core must be there: `make test` installs it."""
    return any(os.environ.get(name) for name in ("CI", "JIMNET_REQUIRE_AXE"))


def axe_violations(page: Any) -> list[dict[str, Any]] | None:
    """Run axe-core (WCAG 2.1 A and AA rules) on the page and return the violations.

    None when axe-core is not installed outside CI: the test's functional checks go on, and the
    end of the run says which pages went unchecked. In CI a missing axe-core fails the test.
    """
    if not AXE.exists():
        message = "axe-core is not installed (npm install); .ci/run and make test install it"
        if axe_required():
            pytest.fail(message)
        _UNCHECKED.append(page.url)
        return None
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def assert_accessible(page: Any) -> None:
    violations = axe_violations(page)
    if violations is not None:
        assert violations == [], json.dumps(violations, indent=1)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _UNCHECKED:
        terminalreporter.write_line(
            f"axe-core is not installed: the accessibility of {len(_UNCHECKED)} pages was not "
            "checked (the browser tests' other checks ran); `make test` installs it"
        )


def shoot(page: Any, name: str) -> None:
    """A screenshot for a person to look at, when JIMNET_SHOTS names a directory."""
    directory = os.environ.get("JIMNET_SHOTS")
    if directory:
        Path(directory).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)
