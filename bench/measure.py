"""In-process measurement with Flask's test client against the real (built) database: p50 and
p95 latency, SQL statements per request and response size for each page, the floor, the access
log's own cost, growth with a network's size and an organisation's, and peak memory."""

from __future__ import annotations

import math
import os
import resource
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from bench.app import create_bench_app
from bench.build import Fixture
from bench.explain import explain
from bench.scale import Scale
from jimnet.access import log as access_log
from jimnet.access.models import AccessLogEntry, YouthPseudonym
from jimnet.accounts.models import User
from jimnet.extensions import db

# The pages and API routes people use most, as (key, label, how to build the request list).
ORG_DASHBOARD = "/big5/dashboard?bereik=organisation&van=12&tot=30"


@dataclass
class Timing:
    key: str
    label: str
    path: str
    requests: int
    p50_ms: float
    p95_ms: float
    mean_ms: float
    max_ms: float
    statements_min: int
    statements_max: int
    bytes_mean: int
    ratio_p50: float | None = None
    ratio_p95: float | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class StatementCounter:
    """Counts (and optionally keeps) the SQL statements the app sends."""

    def __init__(self, app: Flask) -> None:
        with app.app_context():
            self.engine = db.engine
        self.count = 0
        self.kept: list[tuple[str, Any]] | None = None
        event.listen(self.engine, "before_cursor_execute", self._seen)

    def _seen(self, conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        self.count += 1
        if self.kept is not None:
            self.kept.append((statement, parameters))

    @contextmanager
    def keeping(self) -> Iterator[list[tuple[str, Any]]]:
        self.kept = []
        try:
            yield self.kept
        finally:
            self.kept = None


class Clients:
    """One logged-in test client per user (the session lives in the database, as in production)."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.by_user: dict[int, FlaskClient] = {}

    def __call__(self, user_id: int) -> FlaskClient:
        if user_id not in self.by_user:
            with self.app.app_context():
                user = db.session.get(User, user_id)
                assert user is not None, f"no user {user_id}"
                identity = user.get_id()
                db.session.remove()
            client = self.app.test_client()
            with client.session_transaction() as session:
                session["_user_id"] = identity
                session["_fresh"] = True
                session["auth_at"] = time.time()
            self.by_user[user_id] = client
        return self.by_user[user_id]


Plan = list[tuple[FlaskClient, str]]


class PageError(RuntimeError):
    """A measured page did not answer 200: reported as an error, never timed."""


class Runner:
    def __init__(self, app: Flask, scale: Scale, echo: bool) -> None:
        self.app = app
        self.scale = scale
        self.echo = echo
        self.counter = StatementCounter(app)
        self.clients = Clients(app)

    def time(
        self, key: str, label: str, path: str, plan: Plan, requests: int | None = None
    ) -> Timing:
        if not plan:
            raise RuntimeError(f"nothing to measure for {key}")
        n = requests or self.scale.requests
        try:
            return self._time(key, label, path, plan, n)
        except PageError as error:
            if self.echo:
                print(f"  {label:<46} ERROR {error}", flush=True)
            return Timing(key, label, path, 0, 0, 0, 0, 0, 0, 0, 0, error=str(error))

    def _time(self, key: str, label: str, path: str, plan: Plan, n: int) -> Timing:
        for i in range(self.scale.warmup):
            client, url = plan[i % len(plan)]
            self._get(client, url)
        samples = [self._sample(*plan[i % len(plan)]) for i in range(n)]
        return self._timing(key, label, path, samples)

    def floor_with_and_without_log(self, plan: Plan) -> tuple[Timing, Timing]:
        """The floor, alternating with and without the access-log write request by request,
        so that both halves see the same database, caches and disk."""
        for i in range(self.scale.warmup):
            self._get(*plan[i % len(plan)])
        with_log: list[tuple[float, int, int]] = []
        without: list[tuple[float, int, int]] = []
        for i in range(2 * self.scale.requests):
            client, url = plan[(i // 2) % len(plan)]
            if i % 2:
                with without_log_write():
                    without.append(self._sample(client, url))
            else:
                with_log.append(self._sample(client, url))
        path = "/bench/floor/<id>"
        return (
            self._timing(
                "floor", "Floor (auth, one youth via the door, log, tiny page)", path, with_log
            ),
            self._timing(
                "floor_without_log", "Floor without writing the access log", path, without
            ),
        )

    def _sample(self, client: FlaskClient, url: str) -> tuple[float, int, int]:
        self.counter.count = 0
        start = time.perf_counter()
        body = self._get(client, url)
        return (time.perf_counter() - start) * 1000, self.counter.count, len(body)

    def _timing(
        self, key: str, label: str, path: str, samples: list[tuple[float, int, int]]
    ) -> Timing:
        elapsed = [s[0] for s in samples]
        statements = [s[1] for s in samples]
        sizes = [s[2] for s in samples]
        n = len(samples)
        timing = Timing(
            key=key,
            label=label,
            path=path,
            requests=n,
            p50_ms=round(percentile(elapsed, 0.5), 2),
            p95_ms=round(percentile(elapsed, 0.95), 2),
            mean_ms=round(statistics.fmean(elapsed), 2),
            max_ms=round(max(elapsed), 2),
            statements_min=min(statements),
            statements_max=max(statements),
            bytes_mean=round(statistics.fmean(sizes)),
        )
        if self.echo:
            print(
                f"  {label:<46} p50 {timing.p50_ms:8.2f} ms  p95 {timing.p95_ms:8.2f} ms  "
                f"SQL {timing.statements_max:3d}  {timing.bytes_mean / 1024:7.1f} KB",
                flush=True,
            )
        return timing

    @staticmethod
    def _get(client: FlaskClient, url: str) -> bytes:
        response = client.get(url)
        if response.status_code != 200:
            raise PageError(f"GET {url} answered {response.status_code}")
        return response.get_data()

    def capture(self, client: FlaskClient, url: str) -> list[tuple[str, Any]]:
        with self.counter.keeping() as kept:
            self._get(client, url)
        return list(kept)


def _pages(fixture: Fixture) -> list[tuple[str, str, str, Callable[[Runner], Plan]]]:
    region_admin = fixture.admins[max(fixture.admins)]
    return [
        ("youth_list", "Youth list (professional, case load)", "/jongeren/",
         lambda r: [(r.clients(p), "/jongeren/") for p in fixture.professionals]),
        ("youth_page", "Youth page", "/jongeren/<id>",
         lambda r: [(r.clients(u), f"/jongeren/{y}") for y, u in fixture.measured]),
        ("network_map", "Network map page (with its SVG)", "/jongeren/<id>/netwerk",
         lambda r: [(r.clients(u), f"/jongeren/{y}/netwerk") for y, u in fixture.measured]),
        ("network_svg", "Network map SVG alone", "/jongeren/<id>/netwerk/kaart.svg",
         lambda r: [(r.clients(u), f"/jongeren/{y}/netwerk/kaart.svg") for y, u in fixture.measured]),
        ("network_analysis", "Network analysis JSON (API)", "/api/v1/youth/<id>/network/analysis",
         lambda r: [(r.clients(u), f"/api/v1/youth/{y}/network/analysis") for y, u in fixture.measured]),
        ("network_graphml", "GraphML export (API)", "/api/v1/youth/<id>/network.graphml",
         lambda r: [(r.clients(u), f"/api/v1/youth/{y}/network.graphml") for y, u in fixture.measured]),
        ("big5_page", "BIG5 page", "/jongeren/<id>/big5",
         lambda r: [(r.clients(u), f"/jongeren/{y}/big5") for y, u in fixture.big5]),
        ("coach_dashboard", "Coach dashboard (case load of 40)", "/big5/dashboard",
         lambda r: [(r.clients(c), "/big5/dashboard") for c in fixture.coaches]),
        ("org_dashboard", f"Organisation dashboard ({max(fixture.admins):,} young people)", ORG_DASHBOARD,
         lambda r: [(r.clients(region_admin), ORG_DASHBOARD)]),
        ("jim_pipeline", "JIM pipeline (professional)", "/jim/overzicht",
         lambda r: [(r.clients(p), "/jim/overzicht") for p in fixture.professionals]),
        ("log_search", "Access-log search, one youth (admin)", "/logboek?jongere=<id>",
         lambda r: [(r.clients(region_admin), f"/logboek?jongere={y}") for y, _ in fixture.measured]),
        ("youth_log", "Who looked at this file (youth's log)", "/jongeren/<id>/logboek",
         lambda r: [(r.clients(u), f"/jongeren/{y}/logboek") for y, u in fixture.measured]),
    ]  # fmt: skip


@contextmanager
def without_log_write() -> Iterator[None]:
    """The unit of work's log write replaced by a no-op: the floor minus the access log."""
    original = access_log.write
    access_log.write = lambda session, pending: None  # type: ignore[assignment]
    try:
        yield
    finally:
        access_log.write = original  # type: ignore[assignment]


def peak_rss_kb() -> int:
    """This process's peak resident memory. VmHWM belongs to the process image and starts
    afresh at exec; ``ru_maxrss`` on Linux carries the parent's peak across fork and exec, so
    a measuring process started by the builder would report the builder's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def settle(app: Flask) -> None:
    """Before timing: the build's writes on disk and checkpointed, so that the first page
    measured does not pay for the bulk load's flush."""
    with app.app_context(), db.engine.connect() as conn:
        if conn.dialect.name == "postgresql":
            conn.exec_driver_sql("CHECKPOINT")
            conn.commit()
        else:  # outside a transaction (the app's engine begins them IMMEDIATE)
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    os.sync()


def measure(fixture: Fixture, scale: Scale, *, echo: bool = True) -> dict[str, Any]:
    app = create_bench_app(fixture.database_url)
    runner = Runner(app, scale, echo)
    floor_plan = lambda r: [(r.clients(u), f"/bench/floor/{y}") for y, u in fixture.measured]  # noqa: E731
    settle(app)
    if echo:
        print("  -- the floor, with and without the access log (alternating)", flush=True)
    floor, bare = runner.floor_with_and_without_log(floor_plan(runner))
    if echo:
        print("  -- the pages", flush=True)
    pages = [
        runner.time(key, label, path, plan(runner)) for key, label, path, plan in _pages(fixture)
    ]
    for timing in pages:
        if timing.error:
            continue
        timing.ratio_p50 = round(timing.p50_ms / floor.p50_ms, 2)
        timing.ratio_p95 = round(timing.p95_ms / floor.p95_ms, 2)

    access = {
        "floor_p50_ms": floor.p50_ms,
        "floor_without_log_p50_ms": bare.p50_ms,
        "cost_p50_ms": round(floor.p50_ms - bare.p50_ms, 2),
        "floor_p95_ms": floor.p95_ms,
        "floor_without_log_p95_ms": bare.p95_ms,
        "cost_p95_ms": round(floor.p95_ms - bare.p95_ms, 2),
        "statements_with": floor.statements_max,
        "statements_without": bare.statements_max,
    }

    if echo:
        print("  -- growth with the size of a network", flush=True)
    growth: dict[str, list[dict[str, Any]]] = {"network_map": [], "network_analysis": []}
    for size, pairs in sorted(fixture.growth.items()):
        for key, template in (("network_map", "/jongeren/{}/netwerk"),
                              ("network_analysis", "/api/v1/youth/{}/network/analysis")):  # fmt: skip
            plan = [(runner.clients(u), template.format(y)) for y, u in pairs]
            timing = runner.time(f"{key}_{size}", f"{key} at {size} members", template, plan)
            growth[key].append({"members": size, **timing.as_json()})

    if echo:
        print("  -- the organisation dashboard by size", flush=True)
    dashboards = []
    for size, admin in sorted(fixture.admins.items()):
        if size == max(fixture.admins):
            timing = next(p for p in pages if p.key == "org_dashboard")
        else:
            plan = [(runner.clients(admin), ORG_DASHBOARD)]
            timing = runner.time(f"org_dashboard_{size}", f"Organisation dashboard ({size:,})",
                                 ORG_DASHBOARD, plan)  # fmt: skip
        dashboards.append({"youth": size, **timing.as_json()})

    # The busiest file of the region (the Pareto tail of the log): its "who looked" page.
    with app.app_context():
        busiest_id, busiest_entries = db.session.execute(
            select(YouthPseudonym.youth_id, func.count())
            .join(AccessLogEntry, AccessLogEntry.youth_pseudonym == YouthPseudonym.pseudonym)
            .group_by(YouthPseudonym.youth_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        db.session.remove()
    region_admin = runner.clients(fixture.admins[max(fixture.admins)])
    busiest_url = f"/jongeren/{busiest_id}/logboek"
    busiest = runner.time("youth_log_busiest", f"Youth's log, busiest file ({busiest_entries:,} entries)",
                          "/jongeren/<id>/logboek", [(region_admin, busiest_url)])  # fmt: skip
    captured = {}
    for key, client, url in (
        ("youth_log_busiest", region_admin, busiest_url),
        ("org_dashboard", runner.clients(fixture.admins[max(fixture.admins)]), ORG_DASHBOARD),
        ("log_search", runner.clients(fixture.admins[max(fixture.admins)]),
         f"/logboek?jongere={fixture.measured[0][0]}"),
        ("youth_log", runner.clients(fixture.measured[0][1]), f"/jongeren/{fixture.measured[0][0]}/logboek"),
        ("coach_dashboard", runner.clients(fixture.coaches[0]), "/big5/dashboard"),
        ("youth_list", runner.clients(fixture.professionals[0]), "/jongeren/"),
    ):  # fmt: skip
        try:
            captured[key] = runner.capture(client, url)
        except PageError as error:
            captured[key] = []
            print(f"  no plan for {key}: {error}", flush=True)
    rss_kb = peak_rss_kb()
    with app.app_context():
        plans = {key: explain(db.engine, statements) for key, statements in captured.items()}
        db.engine.dispose()
    return {
        "floor": floor.as_json(),
        "pages": [p.as_json() for p in pages],
        "access_log": access,
        "growth": growth,
        "dashboard_scale": dashboards,
        "busiest_file": {"youth_id": busiest_id, "entries": busiest_entries, **busiest.as_json()},
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "plans": plans,
    }
