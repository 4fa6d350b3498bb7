"""Throughput under load: gunicorn (``gunicorn.conf.py``, 2 workers) on the bench database,
driven by wrk from a separate process with a mix of the measured pages, logged in first through
the real login (password and TOTP code) to get session cookies."""

from __future__ import annotations

import http.cookiejar
import json
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pyotp

from bench.app import PASSWORD, environment
from bench.build import Fixture
from bench.measure import ORG_DASHBOARD
from jimnet import ROOT

CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="csrf_token"')
WORKERS = 2
CONNECTIONS = 4

LUA = """
local requests = %s
local counter = 0
function setup(thread)
  thread:set("start", math.random(#requests))
end
function request()
  counter = counter + 1
  local r = requests[((start or 0) + counter) %% #requests + 1]
  return wrk.format("GET", r[1], {["Cookie"] = "jimnet_session=" .. r[2]})
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests": %%d, "duration_us": %%d, "bytes": %%d, "connect": %%d, "read": %%d, ' ..
    '"write": %%d, "status": %%d, "timeout": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"max_us": %%d}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
"""


def ensure_wrk() -> tuple[str | None, str]:
    """wrk from Debian's packages; installed with apt-get when missing (and said so)."""
    found = shutil.which("wrk")
    if found:
        return found, "wrk was already installed"
    apt = shutil.which("apt-get")
    if apt is None:
        return None, "wrk is not installed and apt-get is not available"
    print("  wrk is missing: installing the Debian package wrk with apt-get", flush=True)
    sudo = [] if os.geteuid() == 0 else ["sudo", "-n"]
    for command in ([*sudo, apt, "update", "-qq"], [*sudo, apt, "install", "-y", "-qq", "wrk"]):
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            return None, f"could not install wrk ({' '.join(command)}: {done.stderr.strip()[:200]})"
    found = shutil.which("wrk")
    return found, "wrk was installed by the bench with apt-get" if found else "wrk install failed"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(url: str, seconds: float, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - our own server
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer within {seconds} s")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def login(base: str, email: str, totp_secret: str) -> str:
    """Log in through the forms (password, then the TOTP code); return the session cookie."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)

    def token(path: str) -> str:
        with opener.open(base + path, timeout=10) as response:
            found = CSRF.search(response.read().decode())
        if not found:
            raise RuntimeError(f"no CSRF token on {path}")
        return found.group(1) or found.group(2)

    def post(path: str, data: dict[str, str]) -> str:
        body = urllib.parse.urlencode(data).encode()
        try:
            opener.open(base + path, data=body, timeout=10)
        except urllib.error.HTTPError as error:  # the 302 we do not follow
            if error.code in (302, 303):
                return str(error.headers.get("Location", ""))
            raise
        raise RuntimeError(f"POST {path} did not redirect")

    where = post(
        "/inloggen", {"csrf_token": token("/inloggen"), "email": email, "password": PASSWORD}
    )
    if "/inloggen/code" not in where:
        raise RuntimeError(f"login of {email} went to {where!r}, not to the code step")
    code = pyotp.TOTP(totp_secret).now()
    where = post("/inloggen/code", {"csrf_token": token("/inloggen/code"), "code": code})
    if "/inloggen" in urllib.parse.urlparse(where).path:
        raise RuntimeError(f"the TOTP step of {email} failed ({where!r})")
    cookie = next((c.value for c in jar if c.name == "jimnet_session"), None)
    if not cookie:
        raise RuntimeError(f"no session cookie for {email}")
    return cookie


def mix(
    fixture: Fixture,
    cookies: dict[int, str],
    per_page: int = 20,
    skip: frozenset[str] = frozenset(),
) -> list[tuple[str, str]]:
    """Each measured page about equally often, for several young people and users."""
    rng = random.Random(7)
    admin = fixture.admins[max(fixture.admins)]
    pairs = [(y, u) for y, u in fixture.measured if u in cookies][:per_page]
    big5 = [(y, u) for y, u in fixture.big5 if u in cookies][:per_page]
    requests: list[tuple[str, str]] = []
    for template in ("/jongeren/{}", "/jongeren/{}/netwerk", "/jongeren/{}/netwerk/kaart.svg",
                     "/api/v1/youth/{}/network/analysis", "/api/v1/youth/{}/network.graphml",
                     "/jongeren/{}/logboek"):  # fmt: skip
        requests += [(template.format(y), cookies[u]) for y, u in pairs]
    requests += [(f"/jongeren/{y}/big5", cookies[u]) for y, u in big5]
    if "log_search" not in skip:
        requests += [(f"/logboek?jongere={y}", cookies[admin]) for y, _ in pairs]
    for _ in range(len(pairs)):
        requests.append(("/jongeren/", cookies[rng.choice(fixture.professionals)]))
        requests.append(("/jim/overzicht", cookies[rng.choice(fixture.professionals)]))
        requests.append(("/big5/dashboard", cookies[rng.choice(fixture.coaches)]))
        requests.append((ORG_DASHBOARD, cookies[admin]))
    rng.shuffle(requests)
    return requests


def _workers_of(master: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            found.append(int(entry.name))
    return found


def _memory_mb(pid: int) -> dict[str, float]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            values[name] = round(int(rest.split()[0]) / 1024, 1)
    return values


def run(
    fixture: Fixture,
    seconds: int,
    work: Path,
    *,
    skip: frozenset[str] = frozenset(),
    echo: bool = True,
) -> dict[str, Any]:
    """``skip``: pages that failed in-process (they are left out of the mix, and said so)."""
    wrk, how = ensure_wrk()
    result: dict[str, Any] = {"wrk": how, "workers": WORKERS, "connections": CONNECTIONS,
                              "seconds": seconds, "left_out": sorted(skip)}  # fmt: skip
    if wrk is None:
        result["skipped"] = f"no load run: {how}"
        return result
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        result["skipped"] = "no load run: gunicorn is not installed"
        return result
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, **environment(fixture.database_url), "JIMNET_WORKERS": str(WORKERS),
           "JIMNET_BIND": f"127.0.0.1:{port}", "JIMNET_LOG_LEVEL": "warning"}  # fmt: skip
    log = (work / "gunicorn.log").open("wb")
    server = subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "--access-logfile", str(work / "access.log"),
         "jimnet:create_app()"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        _wait(f"{base}/readyz", 60, server)
        users = {*fixture.professionals, *fixture.coaches, fixture.admins[max(fixture.admins)]}
        cookies = {u: login(base, fixture.emails[u], fixture.totp[u]) for u in sorted(users)}
        requests = mix(fixture, cookies, skip=skip)
        script = work / "mix.lua"
        script.write_text(
            LUA % json.dumps([[p, c] for p, c in requests]).replace("[", "{").replace("]", "}")
        )
        if echo:
            print(f"  wrk: {len(requests)} URLs, {CONNECTIONS} connections, {seconds} s, "
                  f"gunicorn with {WORKERS} workers", flush=True)  # fmt: skip
        done = subprocess.run(
            [wrk, "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
            capture_output=True, text=True, check=False, timeout=seconds + 120,
        )  # fmt: skip
        line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
        if line is None:
            raise RuntimeError(f"wrk gave no summary: {done.stdout[-500:]} {done.stderr[-500:]}")
        summary = json.loads(line.removeprefix("BENCH_JSON "))
        duration = summary["duration_us"] / 1e6
        errors = sum(summary[k] for k in ("connect", "read", "write", "status", "timeout"))
        result.update(
            requests=summary["requests"],
            requests_per_second=round(summary["requests"] / duration, 1),
            p50_ms=round(summary["p50_us"] / 1000, 1),
            p95_ms=round(summary["p95_us"] / 1000, 1),
            p99_ms=round(summary["p99_us"] / 1000, 1),
            max_ms=round(summary["max_us"] / 1000, 1),
            errors=errors,
            error_detail={k: summary[k] for k in ("connect", "read", "write", "status", "timeout")},
            urls=len(requests),
        )
        result["worker_memory_mb"] = [_memory_mb(pid) for pid in _workers_of(server.pid)]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
    return result
