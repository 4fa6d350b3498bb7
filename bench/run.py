"""One bench run on one backend: build, verify the log, measure, explain, load, report."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from bench import load, logscale, report
from bench.build import Fixture, build
from bench.database import backend_of, fresh_postgresql, fresh_sqlite, server_version
from bench.measure import measure
from bench.scale import Scale
from jimnet import ROOT


def measure_in_subprocess(fixture: Fixture, scale: Scale, work: Path) -> dict[str, Any]:
    """Measure in a fresh process, so that its peak memory is a worker's, not the builder's."""
    source, target = work / "fixture.json", work / "measure.json"
    source.write_text(json.dumps({"fixture": fixture.as_json(), "scale": asdict(scale)}))
    subprocess.run([sys.executable, "-m", "bench", "measure", str(source), str(target)],
                   cwd=ROOT, check=True)  # fmt: skip
    result: dict[str, Any] = json.loads(target.read_text())
    return result


def run_backend(
    backend: str,
    scale: Scale,
    work: Path,
    *,
    out: Path | None,
    load_run: bool = True,
    in_process: bool = False,
    echo: bool = True,
) -> dict[str, Any]:
    url = fresh_postgresql() if backend == "postgresql" else fresh_sqlite(work)
    if echo:
        print(
            f"\n== {backend}: building {scale.youth:,} young people ({scale.label} scale)",
            flush=True,
        )
    fixture = build(url, scale, echo=echo)
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        version = server_version(conn)
    engine.dispose()
    if echo:
        print(
            f"  set-up took {fixture.seconds['total']:.1f} s; sequencing the log's history",
            flush=True,
        )
    logscale.fresh_log_dir(url)
    history = logscale.sequence_history(url, echo=echo)
    # The verifier last checked the first checkpoint: everything after it is new to it.
    checked = logscale.verify_cli(url)
    if echo:
        print(f"  flask verify-log (incremental): {checked['output']} ({checked['seconds']} s)",
              flush=True)  # fmt: skip
    if in_process:
        measured = measure(fixture, scale, echo=echo)
    else:
        measured = measure_in_subprocess(fixture, scale, work)
    logged = logscale.sequence_all(url)
    after = logscale.verify_cli(url)
    full = logscale.verify_cli(url, full=True)
    if echo:
        print(f"  after measuring: {logged:,} new entries sequenced; verify-log "
              f"{after['entries']:,} new in {after['seconds']} s; --full {full['entries']:,} "
              f"in {full['seconds']} s", flush=True)  # fmt: skip
    result: dict[str, Any] = {
        "backend": backend_of(url),
        "server_version": version,
        "date": report.now(),
        "machine": report.machine(),
        "scale": {**asdict(scale), "rows": fixture.counts},
        "setup": {k: round(v, 1) for k, v in fixture.seconds.items()},
        "verify_log": checked,
        "log": {
            "history": history,
            "verify_after_measure": after,
            "verify_full": full,
        },
        "measure": measured,
    }
    if load_run and backend == "postgresql":
        if echo:
            print("  -- throughput under load", flush=True)
        failed = frozenset(p["key"] for p in measured["pages"] if p.get("error"))
        result["load"] = load.run(fixture, scale.load_seconds, work, skip=failed, echo=echo)
        if echo:
            print("  -- the floor's throughput with and without the access log", flush=True)
        result["log"]["floor_throughput"] = logscale.floor_throughput(
            fixture, work, seconds=scale.floor_seconds, echo=echo
        )
        if echo:
            print("  -- a national load on the access log", flush=True)
        result["log"]["national"] = logscale.national_load(
            url, rate=scale.national_rate, seconds=scale.national_seconds, echo=echo
        )
    elif load_run:
        result["load"] = {
            "skipped": "the load run uses PostgreSQL (gunicorn on SQLite is not how jimnet is deployed)"
        }
    result["targets"] = report.targets(result)
    if out is not None:
        path = report.write(result, out)
        if echo:
            print(f"  written to {path}", flush=True)
    if echo:
        print(report.table(result), flush=True)
    return result
