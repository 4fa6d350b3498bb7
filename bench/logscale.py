"""The access log at national scale: sequencing, incremental verification, the floor's
throughput with and without the log under gunicorn + wrk, and a simulated national load.

The national load compares three ways to append, with the same processes and rates on the same
PostgreSQL: the design jimnet uses (a plain INSERT; the sequencer builds the tree every second),
one global chain head locked FOR UPDATE per append (the design before), and that head split into
16 partitions. It is what the choice in the README rests on.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from bench import load
from bench.app import LOG_KEY, environment, log_dir_for, log_settings
from bench.build import Fixture
from bench.measure import percentile
from jimnet import ROOT
from jimnet.access import keyed
from jimnet.access.log import append
from jimnet.access.models import AccessLogEntry, AccessLogTree
from jimnet.access.sequencer import sequence
from jimnet.access.settings import LogSettings
from jimnet.db import configure_sqlite, utcnow


def first_checkpoint(entries: int) -> int:
    """The verifier first checks a small start of the history (1,000 of a million), so that
    its next run is incremental over everything after it."""
    return max(1, entries // 1000)


def settings_for(database_url: str) -> LogSettings:
    return LogSettings.from_config(log_settings(database_url, "off"))


def _engine(database_url: str) -> sa.Engine:
    engine = sa.create_engine(database_url)
    configure_sqlite(engine)
    return engine


def fresh_log_dir(database_url: str) -> None:
    shutil.rmtree(log_dir_for(database_url), ignore_errors=True)


def sequence_history(database_url: str, *, echo: bool = True) -> dict[str, Any]:
    """The built history into the tree: a first checkpoint after FIRST_CHECKPOINT entries,
    verified (so that the verifier remembers it), then everything else, timed."""
    settings = settings_for(database_url)
    engine = _engine(database_url)
    first_size = first_checkpoint(entries(database_url))
    with Session(engine) as session:
        sequence(session, settings, limit=first_size)
    first = verify_cli(database_url)
    started = time.perf_counter()
    runs = 0
    with Session(engine) as session:
        while True:
            result = sequence(session, settings)
            runs += 1
            if not result.more:
                break
        size = session.scalar(sa.select(AccessLogTree.size))
    seconds = time.perf_counter() - started
    engine.dispose()
    done = {
        "first_checkpoint": first_size,
        "first_verify": first,
        "sequenced": int(size or 0) - first_size,
        "seconds": round(seconds, 1),
        "per_second": round((int(size or 0) - first_size) / max(seconds, 1e-9)),
        "runs": runs,
    }
    if echo:
        print(
            f"  sequenced {done['sequenced']:,} entries in {done['seconds']} s "
            f"({done['per_second']:,}/s, {runs} runs)",
            flush=True,
        )
    return done


def verify_cli(database_url: str, *, full: bool = False) -> dict[str, Any]:
    """``flask verify-log`` as an operator runs it (start-up included)."""
    env = {**os.environ, **environment(database_url)}
    command = [sys.executable, "-m", "flask", "verify-log", *(["--full"] if full else [])]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    output = (done.stdout + done.stderr).strip()
    found = re.search(r"(\d+) entries checked", output)
    entries = int(found.group(1)) if found else 0
    walked = re.search(r"checked in ([0-9.]+) s \(([0-9.]+) s of CPU\)", output)
    walk = float(walked.group(1)) if walked else seconds
    cpu = float(walked.group(2)) if walked else None
    return {
        "ok": done.returncode == 0,
        "exit": done.returncode,
        "full": full,
        "entries": entries,
        "seconds": round(seconds, 2),
        # The check itself, without the process's start-up (importing the app).
        "check_seconds": round(walk, 2),
        # On a shared machine the wall clock says how busy it was; the CPU time what it cost.
        "check_cpu_seconds": cpu,
        "cpu_per_million_s": round(cpu / max(entries, 1) * 1_000_000, 1) if cpu else None,
        "per_million_s": round(walk / max(entries, 1) * 1_000_000, 1),
        "output": output[-400:],
    }


# -- the floor under gunicorn + wrk, with and without the log --------------------------------

FLOOR_LUA = """
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
  io.write(string.format('BENCH_JSON {"requests": %%d, "duration_us": %%d, "errors": %%d, ' ..
    '"p50_us": %%d, "p95_us": %%d}\\n', summary.requests, summary.duration,
    e.connect + e.read + e.write + e.status + e.timeout,
    latency:percentile(50), latency:percentile(95)))
end
"""


def _serve(
    database_url: str, workers: int, with_log: bool, work: Path
) -> tuple[subprocess.Popen[bytes], str, subprocess.Popen[bytes] | None]:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    port = load._free_port()
    env = {**os.environ, **environment(database_url), "JIMNET_WORKERS": str(workers),
           "JIMNET_BIND": f"127.0.0.1:{port}", "JIMNET_LOG_LEVEL": "warning",
           "JIMNET_BENCH_NO_LOG": "0" if with_log else "1"}  # fmt: skip
    # The sequencer is part of the log's cost: it runs beside the workers, on the same cores.
    # It is started first and waited for, so that its start-up is not inside the measurement.
    sequencer = start_sequencer(env, work) if with_log else None
    server = subprocess.Popen(
        [gunicorn, "-c", str(ROOT / "gunicorn.conf.py"), "bench.app:gunicorn_app()"],
        cwd=ROOT, env=env, stdout=(work / "floor-gunicorn.log").open("ab"),
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    load._wait(f"{base}/readyz", 60, server)
    return server, base, sequencer


def start_sequencer(env: dict[str, str], work: Path) -> subprocess.Popen[bytes]:
    """``flask sequence-log --loop`` as its own process, returned once it runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "flask", "sequence-log", "--loop"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=(work / "sequencer.log").open("ab"),
        start_new_session=True,
    )  # fmt: skip
    assert process.stdout is not None
    first = process.stdout.readline()
    if not first:
        raise RuntimeError("the sequencer did not start (see sequencer.log)")
    # Keep reading its output so that it never blocks on a full pipe.
    threading.Thread(target=process.stdout.read, daemon=True).start()
    return process


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wrk(wrk: str, base: str, requests: list[tuple[str, str]], seconds: int, work: Path,
         connections: int) -> dict[str, Any]:  # fmt: skip
    script = work / "floor.lua"
    script.write_text(
        FLOOR_LUA % json.dumps([[p, c] for p, c in requests]).replace("[", "{").replace("]", "}")
    )
    done = subprocess.run(
        [wrk, "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base],
        capture_output=True, text=True, check=False, timeout=seconds + 120,
    )  # fmt: skip
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {done.stdout[-300:]} {done.stderr[-300:]}")
    summary = json.loads(line.removeprefix("BENCH_JSON "))
    return {
        "requests_per_second": round(summary["requests"] / (summary["duration_us"] / 1e6), 1),
        "p50_ms": round(summary["p50_us"] / 1000, 2),
        "p95_ms": round(summary["p95_us"] / 1000, 2),
        "errors": summary["errors"],
    }


def floor_throughput(
    fixture: Fixture, work: Path, *, seconds: int = 20, rounds: int = 2, echo: bool = True
) -> dict[str, Any]:
    """Requests per second on the floor page, 2 and 4 gunicorn workers, with and without the
    access log, alternating (without, with, without, with …) so both see the same machine."""
    wrk, how = load.ensure_wrk()
    if wrk is None:
        return {"skipped": how}
    result: dict[str, Any] = {"seconds": seconds, "rounds": rounds, "runs": []}
    pairs = fixture.measured[:40]
    users = sorted({u for _, u in pairs})
    for workers in (2, 4):
        connections = 2 * workers
        runs: dict[bool, list[dict[str, Any]]] = {False: [], True: []}
        for _ in range(rounds):
            for with_log in (False, True):
                server, base, sequencer = _serve(fixture.database_url, workers, with_log, work)
                try:
                    cookies = {
                        u: load.login(base, fixture.emails[u], fixture.totp[u]) for u in users
                    }
                    requests = [(f"/bench/floor/{y}", cookies[u]) for y, u in pairs]
                    _wrk(wrk, base, requests, 3, work, connections)  # warm-up
                    measured = _wrk(wrk, base, requests, seconds, work, connections)
                finally:
                    _stop(sequencer)
                    _stop(server)
                runs[with_log].append(measured)
                if echo:
                    print(f"  floor, {workers} workers, {'with' if with_log else 'without'} the "
                          f"log: {measured['requests_per_second']} req/s, p95 {measured['p95_ms']} ms",
                          flush=True)  # fmt: skip
        with_rps = statistics.fmean(r["requests_per_second"] for r in runs[True])
        without_rps = statistics.fmean(r["requests_per_second"] for r in runs[False])
        result["runs"].append(
            {
                "workers": workers,
                "connections": connections,
                "with_log_rps": round(with_rps, 1),
                "without_log_rps": round(without_rps, 1),
                "ratio": round(with_rps / without_rps, 3),
                "with_log": runs[True],
                "without_log": runs[False],
            }
        )
    return result


# -- the national load ---------------------------------------------------------------------------

SCRATCH = "bench_log_scratch"
HEADS = "bench_log_head"


def _prepare_scratch(database_url: str, partitions: int) -> None:
    engine = _engine(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SCRATCH}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {HEADS}")
        # The same columns and indexes as the log itself, plus the chain columns of old.
        conn.exec_driver_sql(f"CREATE TABLE {SCRATCH} (LIKE access_log INCLUDING ALL)")
        conn.exec_driver_sql(f"ALTER TABLE {SCRATCH} ADD COLUMN seq bigint, ADD COLUMN hash text")
        conn.exec_driver_sql(f"CREATE TABLE {HEADS} (id int PRIMARY KEY, seq bigint, hash text)")
        conn.exec_driver_sql(
            f"INSERT INTO {HEADS} SELECT g, 0, repeat('0', 64) "  # noqa: S608 - our own names
            f"FROM generate_series(0, {int(partitions) - 1}) g"
        )
    engine.dispose()


def _entry(process: int, n: int) -> dict[str, Any]:
    return {
        "occurred_at": utcnow(),
        "actor_user_id": 1000 + process,
        "actor_role": "professional",
        "actor_organisation_id": 1 + process % 10,
        "on_behalf_of_user_id": None,
        "youth_pseudonym": hashlib.sha256(b"%d" % (n % 5000)).hexdigest()[:32],
        "subjects": None,
        "action": "view",
        "object_type": "youth",
        "object_id": str(n % 5000),
        "outcome": "allowed",
        "ip": "10.0.0.1",
        "request_id": f"p{process}-{n}",
        "route": "/jongeren/<int:youth_id>",
    }


def _appender(args: tuple[str, str, int, int, float, float, int, Any]) -> list[float]:
    """One app server's appends: each a transaction of its own, as a request's log write is."""
    database_url, mode, process, partitions, rate, seconds, unthrottled, start_at = args
    engine = sa.create_engine(database_url, pool_size=1)
    key = LOG_KEY.encode()
    latencies: list[float] = []
    insert_scratch = sa.text(
        f"INSERT INTO {SCRATCH} (occurred_at"  # noqa: S608 - the bench's own table
        ", actor_user_id, actor_role, actor_organisation_id, "
        "youth_pseudonym, action, object_type, object_id, outcome, ip, request_id, route, nonce, "
        "mac, seq, hash) VALUES (:occurred_at, :actor_user_id, :actor_role, "
        ":actor_organisation_id, :youth_pseudonym, :action, :object_type, :object_id, :outcome, "
        ":ip, :request_id, :route, :nonce, :mac, :seq, :hash)"
    )
    while time.time() < start_at:
        time.sleep(0.001)
    began = time.perf_counter()
    n = 0
    with Session(engine) as session:
        while time.perf_counter() - began < seconds:
            if not unthrottled:
                due = began + n / rate
                pause = due - time.perf_counter()
                if pause > 0:
                    time.sleep(pause)
            entry = _entry(process, n)
            t0 = time.perf_counter()
            if mode == "sequencer":
                append(session, key, [entry])
            else:
                head = (process * 7919 + n) % partitions
                seq, prev = session.execute(
                    sa.text(f"SELECT seq, hash FROM {HEADS} WHERE id = :h FOR UPDATE"),  # noqa: S608
                    {"h": head},
                ).one()
                fields = {**entry, "nonce": keyed.new_nonce()}
                data = keyed.canonical_of(fields)
                digest = hashlib.sha256(prev.encode() + b"|" + data).hexdigest()
                session.execute(
                    insert_scratch,
                    {**fields, "mac": keyed.mac(key, data), "seq": seq + 1, "hash": digest},
                )
                session.execute(
                    sa.text(f"UPDATE {HEADS} SET seq = :s, hash = :d WHERE id = :h"),  # noqa: S608
                    {"s": seq + 1, "d": digest, "h": head},
                )
            session.commit()
            latencies.append((time.perf_counter() - t0) * 1000)
            n += 1
    engine.dispose()
    return latencies


def _lag_sampler(database_url: str, seconds: float, stop: Any, out: Any) -> None:
    """Every 0.5 s: how many entries wait for the sequencer, and how old the oldest is."""
    engine = sa.create_engine(database_url, pool_size=1)
    worst_count, worst_age = 0, 0.0
    with engine.connect() as conn:
        while not stop.is_set():
            row = conn.execute(
                sa.text(
                    "SELECT count(*), min(e.occurred_at) FROM access_log e, access_log_tree t "
                    "WHERE t.id = 1 AND e.id >= coalesce(t.next_entry_id, 0)"
                )
            ).one()
            conn.rollback()
            if row[0]:
                worst_count = max(worst_count, int(row[0]))
                worst_age = max(worst_age, (utcnow() - row[1]).total_seconds())
            time.sleep(0.5)
    engine.dispose()
    out.put({"max_waiting": worst_count, "max_wait_s": round(worst_age, 2)})


def national_load(
    database_url: str,
    *,
    processes: int = 4,
    rate: int = 300,
    seconds: int = 60,
    echo: bool = True,
) -> dict[str, Any]:
    """Several processes appending at ``rate`` entries/s in all for ``seconds``, per design;
    then each design unthrottled for 10 s (the most it can take here)."""
    if not database_url.startswith("postgresql"):
        return {"skipped": "the national load runs on PostgreSQL"}
    _prepare_scratch(database_url, 16)
    result: dict[str, Any] = {"processes": processes, "rate": rate, "seconds": seconds, "modes": {}}
    context = multiprocessing.get_context("spawn")
    for mode, partitions in (("sequencer", 1), ("global_lock", 1), ("partitioned_16", 16)):
        for unthrottled in (False, True):
            duration = 10 if unthrottled else seconds
            env = {**os.environ, **environment(database_url), "JIMNET_LOG_INTERVAL": "1"}
            sequencer = (
                start_sequencer(env, Path(log_dir_for(database_url)))
                if mode == "sequencer"
                else None
            )
            stop, out = context.Event(), context.Queue()
            sampler = context.Process(target=_lag_sampler, args=(database_url, duration, stop, out))
            sampler.start()
            start_at = time.time() + 2
            args = [(database_url, mode, p, partitions, rate / processes, duration,
                     int(unthrottled), start_at) for p in range(processes)]  # fmt: skip
            with context.Pool(processes) as pool:
                per_process = pool.map(_appender, args)
            stop.set()
            lag = out.get(timeout=30)
            sampler.join()
            _stop(sequencer)
            latencies = [x for xs in per_process for x in xs]
            figures = {
                "appends": len(latencies),
                "per_second": round(len(latencies) / duration, 1),
                "p50_ms": round(percentile(latencies, 0.5), 2),
                "p95_ms": round(percentile(latencies, 0.95), 2),
                "p99_ms": round(percentile(latencies, 0.99), 2),
                "max_ms": round(max(latencies), 2),
            }
            if mode == "sequencer":
                figures |= lag
            key = f"{mode}_{'max' if unthrottled else 'steady'}"
            result["modes"][key] = figures
            if echo:
                print(f"  national load, {mode}, {'unthrottled' if unthrottled else f'{rate}/s'}: "
                      f"{figures['per_second']}/s, append p50 {figures['p50_ms']} / p95 "
                      f"{figures['p95_ms']} / p99 {figures['p99_ms']} ms"
                      + (f"; sequencer behind at most {lag['max_waiting']} entries, "
                         f"{lag['max_wait_s']} s" if mode == "sequencer" else ""), flush=True)  # fmt: skip
    engine = _engine(database_url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {SCRATCH}")
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {HEADS}")
    engine.dispose()
    return result


def entries(database_url: str) -> int:
    engine = _engine(database_url)
    with Session(engine) as session:
        count = int(session.scalar(sa.select(sa.func.count()).select_from(AccessLogEntry)) or 0)
    engine.dispose()
    return count


def sequence_all(database_url: str) -> int:
    settings = settings_for(database_url)
    engine = _engine(database_url)
    total = 0
    with Session(engine) as session:
        while True:
            result = sequence(session, settings)
            total += result.sequenced
            if not result.more and not result.waiting_for_gap:
                break
            if result.waiting_for_gap:
                time.sleep(1)
    engine.dispose()
    return total
